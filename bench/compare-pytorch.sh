#!/usr/bin/env bash
# Issue 8: the same training step (forward, backward, SGD) in PyTorch and in AlexNet Studio, alternating,
# on random inputs. PyTorch runs NCHW and channels_last with torch.set_num_threads = ND4J's threads.
#
# Usage: bench/compare-pytorch.sh [ROUNDS] [CONFIG...]   CONFIG = model:resize:batch:steps
#   e.g. bench/compare-pytorch.sh 3 alexnet:224:128:4 alexnet:224:32:6 alexnet-mini:28:128:20
# WARMUP=N untimed steps first (default 2).
# BEFORE_JAR=path/to/older/alexnet-studio.jar adds that build as a fourth implementation (before/after);
# BEFORE_OPTS and JAR_OPTS add JVM options to the before and the current jar, e.g. -Dalexnet.shards=1
# (docs/performance.md, issue 16, builds the "before" jar from an older commit).
# ISA=avx2 | avx512 | native (default) caps the instruction set of both engines (bench/isa-env.sh; on an
# AVX-512 machine ISA=avx2 measures what an AVX2 laptop runs), checks with oneDNN's verbose output that
# the cap holds before timing, and names the ISA in the output; docs/performance.md keeps one table per ISA.
# Needs target/alexnet-studio.jar (mvn -o package) and /usr/bin/python3 with torch; OpenBLAS is put
# first on LD_LIBRARY_PATH (Debian's torch links the reference BLAS otherwise; see docs/nd4j.md).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
shift || true
configs=("$@")
[ ${#configs[@]} -eq 0 ] && configs=(alexnet:224:128:4 alexnet:224:32:6 alexnet:68:128:8 alexnet-mini:28:128:20)
OPENBLAS=${OPENBLAS:-/tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread}
if [ ! -e "$OPENBLAS/libopenblas.so.0" ]; then
  echo "extracting libopenblas0-pthread into /tmp/openblas" >&2
  (mkdir -p /tmp/openblas && cd /tmp/openblas && apt-get download libopenblas0-pthread >/dev/null && dpkg -x libopenblas0-pthread_*.deb root)
fi
threads=${THREADS:-$(nproc)}
. bench/isa-env.sh
isa_check "${JAR:-target/alexnet-studio.jar}" "$OPENBLAS" "$threads"
warmup=${WARMUP:-2} # steps before timing (JIT compilation settles over the first tens of steps)
out=$(mktemp)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F); instruction set: ISA=$ISA ($(env | grep -E '^(DNNL_MAX_CPU_ISA|ONEDNN_MAX_CPU_ISA|OPENBLAS_CORETYPE|ATEN_CPU_CAPABILITY)=' | sort | xargs)${JAVA_ISA_OPTS:+ java $JAVA_ISA_OPTS})"
for cfg in "${configs[@]}"; do
  IFS=: read -r model resize batch steps <<<"$cfg"
  for r in $(seq "$rounds"); do
    impls="java torch-nchw torch-cl"
    [ -n "${BEFORE_JAR:-}" ] && impls="java-before $impls"
    for impl in $impls; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      case $impl in
        java) line=$(OMP_NUM_THREADS=$threads java $JAVA_ISA_OPTS ${JAR_OPTS:-} -jar "${JAR:-target/alexnet-studio.jar}" bench --json --preset "$model" \
                --resize "$resize" --batch "$batch" --steps "$steps" --warmup "$warmup") ;;
        java-before) line=$(OMP_NUM_THREADS=$threads java $JAVA_ISA_OPTS ${BEFORE_OPTS:-} -jar "$BEFORE_JAR" bench --json --preset "$model" \
                --resize "$resize" --batch "$batch" --steps "$steps" --warmup "$warmup") ;;
        torch-nchw) line=$(LD_LIBRARY_PATH=$OPENBLAS /usr/bin/python3 bench/pytorch_step.py --model "$model" \
                --resize "$resize" --batch "$batch" --steps "$steps" --warmup "$warmup" --threads "$threads" 2>/dev/null) ;;
        torch-cl) line=$(LD_LIBRARY_PATH=$OPENBLAS /usr/bin/python3 bench/pytorch_step.py --model "$model" \
                --resize "$resize" --batch "$batch" --steps "$steps" --warmup "$warmup" --threads "$threads" --channels-last 2>/dev/null) ;;
      esac
      echo "$cfg $impl $load $line" >>"$out"
      echo "$cfg round $r $impl (load $load): $line" >&2
    done
  done
done
ISA=$ISA python3 - "$out" <<'PY'
import json, os, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    cfg, impl, load, js = line.split(" ", 3)
    d = json.loads(js)
    eps = d.get("examplesPerSec", d.get("examples_per_sec"))
    rss = d.get("peakRssBytes", d.get("peak_rss_mb", 0) * 2**20) / 2**30
    rows.setdefault(cfg, {}).setdefault(impl, []).append((eps, rss, float(load)))
before = any("java-before" in r for r in rows.values())
print(f"ISA={os.environ['ISA']}")
print("| model:input:batch | " + ("before ex/s (RSS GB) | " if before else "") + "AlexNet Studio ex/s | PyTorch NCHW ex/s | PyTorch channels_last ex/s | ratio vs best PyTorch | rounds' ratios | peak RSS Studio / PyTorch (GB) | load |")
print("|---|---|---|---|---|---|---|---|" + ("---|" if before else ""))
for cfg, r in rows.items():
    med = {k: statistics.median(x[0] for x in v) for k, v in r.items()}
    rss = {k: max(x[1] for x in v) for k, v in r.items()}
    load = [x[2] for v in r.values() for x in v]
    best = max(med["torch-nchw"], med["torch-cl"])
    per_round = [j[0] / max(a[0], b[0]) for j, a, b in zip(r["java"], r["torch-nchw"], r["torch-cl"])]
    pre = f"{med['java-before']:.1f} ({rss['java-before']:.2f}) | " if "java-before" in med else ""
    print(f"| {cfg.rsplit(':', 1)[0]} | {pre}{med['java']:.1f} | {med['torch-nchw']:.1f} | {med['torch-cl']:.1f} | "
          f"{med['java'] / best:.2f} | {', '.join(f'{x:.2f}' for x in per_round)} | "
          f"{rss['java']:.2f} / {max(rss['torch-nchw'], rss['torch-cl']):.2f} | {min(load):.1f}–{max(load):.1f} |")
PY
rm -f "$out"
