#!/usr/bin/env bash
# Issue 18, acceptance 2: alexnet-mini's whole recipe (4 epochs, full Fashion-MNIST) in AlexNet Studio
# (bench/train-mini.sh) and in PyTorch (bench/pytorch_train_mini.py --cosine --channels-last, its
# faster layout here), one after the other, ROUNDS times alternating, each timed from the command's
# start to its last line (JVM or Python start, data loading and test passes included).
# Usage: ISA=avx2|avx512|native bench/recipe-mini.sh [ROUNDS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}
seed=${2:-1}
OPENBLAS=${OPENBLAS:-/tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread}
. bench/isa-env.sh
for r in $(seq "$rounds"); do
  log=/tmp/recipe-mini-studio-$ISA-$r.log
  bench/train-mini.sh "$seed" "$log"
  echo "round $r AlexNet Studio: $(grep -E 'wall clock|load' "$log" | paste -sd' ' -); $(grep -i 'test acc' "$log" | tail -1)"
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s.%N)
  (cd bench && LD_LIBRARY_PATH=$OPENBLAS /usr/bin/python3 pytorch_train_mini.py --cosine --channels-last \
      --seed "$seed" 2>/dev/null) > /tmp/recipe-mini-torch-$ISA-$r.log
  end=$(date +%s.%N)
  echo "round $r PyTorch channels_last: wall clock $(echo "$end - $start" | bc) s (load before $load, after $(cut -d' ' -f1 /proc/loadavg)); $(tail -1 /tmp/recipe-mini-torch-$ISA-$r.log)"
done
