#!/usr/bin/env bash
# Issue 10: time `train --preset alexnet-mini` on the full Fashion-MNIST, wall clock from start to
# the final line, with the machine's load before and after. Usage: bench/train-mini.sh SEED [LOG]
# ISA=avx2|avx512|native caps the instruction set (bench/isa-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${1:-1}
log=${2:-/tmp/alexnet-mini-seed$seed.log}
data=${DATA:-/usr/share/datasets/fashion-mnist}
. bench/isa-env.sh
# A copy of the jar (beside target/libs for its Class-Path): a rebuild during the run must not
# swap classes under the running JVM.
jar=target/run-seed$seed-$$.jar
cp target/alexnet-studio.jar "$jar"
trap 'rm -f "$jar"' EXIT
{
  echo "load before: $(uptime); ISA=$ISA"
  start=$(date +%s.%N)
  java $JAVA_ISA_OPTS -jar "$jar" train --preset alexnet-mini --data "$data" --seed "$seed" "${@:3}"
  end=$(date +%s.%N)
  echo "wall clock: $(echo "$end - $start" | bc) s"
  echo "load after: $(uptime)"
} >"$log" 2>&1
