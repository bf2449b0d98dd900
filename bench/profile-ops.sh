#!/usr/bin/env bash
# Issue 18: per-op profiles of one training step (SGD with momentum 0.9 and weight decay 5e-4) in
# AlexNet Studio (StepProfileBench) and in PyTorch (bench/pytorch_profile.py, NCHW and channels_last),
# one after another under one instruction set, with the load before each.
#
# Usage: ISA=avx2|avx512|native bench/profile-ops.sh MODEL RESIZE BATCH [STEPS]
#   e.g. ISA=avx2 bench/profile-ops.sh alexnet-mini 28 128 30
# Needs `mvn -o -q test-compile package -DskipTests` (test classes and target/libs).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-alexnet-mini}
resize=${2:-28}
batch=${3:-128}
steps=${4:-20}
OPENBLAS=${OPENBLAS:-/tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread}
if [ ! -e "$OPENBLAS/libopenblas.so.0" ]; then
  echo "extracting libopenblas0-pthread into /tmp/openblas" >&2
  (mkdir -p /tmp/openblas && cd /tmp/openblas && apt-get download libopenblas0-pthread >/dev/null && dpkg -x libopenblas0-pthread_*.deb root)
fi
threads=${THREADS:-$(nproc)}
. bench/isa-env.sh
isa_check target/alexnet-studio.jar "$OPENBLAS" "$threads"
cp="target/classes:target/test-classes:$(ls target/libs/*.jar | tr '\n' ':')"
echo "== AlexNet Studio, StepProfileBench $model $resize $batch $steps (load $(cut -d' ' -f1 /proc/loadavg))"
java $JAVA_ISA_OPTS -cp "$cp" org.alexnetstudio.train.cpu.StepProfileBench "$model" "$resize" "$batch" "$steps" 2>/dev/null
for layout in "" --channels-last; do
  echo "== PyTorch ${layout:-NCHW} (load $(cut -d' ' -f1 /proc/loadavg))"
  (cd bench && LD_LIBRARY_PATH=$OPENBLAS /usr/bin/python3 pytorch_profile.py --model "$model" --resize "$resize" \
      --batch "$batch" --steps "$((steps < 10 ? steps : 10))" --threads "$threads" $layout 2>/dev/null)
done
