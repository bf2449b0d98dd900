#!/usr/bin/env bash
# Every GPU check of issue 17 in one run, from the bundle bench/gpu-pack.sh made (docs/decisions/0007):
#   1. the machine: nvidia-smi, and the CUDA libraries found (NVIDIA's wheels under python3's site-packages);
#   2. the GPU backend's probe (driver, GPU, cuDNN, cuBLAS versions);
#   3. correctness: every reference case (each layer kind, each preset) repeated on the GPU, one table;
#   4. speed: AlexNet Studio and PyTorch, the same training step on the same GPU (fp32, TF32 off on both sides,
#      cudnn.benchmark on), the book's AlexNet at 224 with batch 128 and 32 and alexnet-mini at 28; peak memory;
#   5. the book's recipe (train --preset alexnet --device gpu, 10 epochs, full Fashion-MNIST) if time remains.
# The short table comes last. Usage (repository root): bash bench/gpu-check.sh [BUNDLE]
# Environment: STAGES=probe,correctness,speed,recipe  DEADLINE=seconds (default 540: the device tool allows
# 600 a command)  PYTHON=python with torch  TF32=1 (both sides)  OUT=folder for logs (the device tool's $OUT)
# RECIPE_EPOCHS=10  STEPS=20 WARMUP=3 (speed).
set -u
start=$(date +%s)
bundle=${1:-target/gpu-bundle}
stages=${STAGES:-probe,correctness,speed,recipe}
deadline=${DEADLINE:-540}
out=${OUT:-/tmp/gpu-check-out}
mkdir -p "$out"
work=$(mktemp -d /tmp/gpu-check.XXXXXX)
log="$out/gpu-check.log"
summary="$work/summary"
: > "$summary"
exec > >(tee -a "$log") 2>&1
elapsed() { echo $(( $(date +%s) - start )); }
left() { echo $(( deadline - $(elapsed) )); }
say() { echo; echo "== $* ($(elapsed) s)"; }
note() { echo "$*" >> "$summary"; }
finish() {
  echo
  echo "================ GPU check summary ($(date -u +%F), $(elapsed) s) ================"
  cat "$summary"
  exit "${1:-0}"
}
has() { case ",$stages," in *",$1,"*) return 0;; *) return 1;; esac; }

say "machine"
uname -a
nvidia-smi || echo "nvidia-smi failed"
gpu=$(nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader 2>/dev/null | head -1)
note "GPU: ${gpu:-none found by nvidia-smi}"
echo "CPU cores: $(nproc); memory: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"

say "CUDA libraries"
py=${PYTHON:-}
if [ -z "$py" ]; then
  for p in /opt/torch/.venv/bin/python3 python3; do
    command -v "$p" >/dev/null 2>&1 && "$p" -c 'import torch' 2>/dev/null && { py=$p; break; }
  done
fi
[ -z "$py" ] && py=$(command -v python3 || true)
echo "python: ${py:-none}"
roots=""
if [ -n "$py" ]; then
  roots=$("$py" - <<'PY' 2>/dev/null
import site, sys, os
paths = set(site.getsitepackages() + [site.getusersitepackages()])
try:
    import nvidia
    paths.update(os.path.dirname(p) for p in nvidia.__path__)
except Exception:
    pass
print(" ".join(sorted(p for p in paths if os.path.isdir(p))))
PY
)
fi
echo "site-packages: $roots"
libs="$work/libs.txt"
find $roots /usr/local/cuda*/lib* /usr/lib/x86_64-linux-gnu /usr/lib64 -maxdepth 6 \
  \( -name 'libcudart.so.13*' -o -name 'libcublas.so.13*' -o -name 'libcublasLt.so.13*' -o -name 'libcudnn*.so.9*' \
     -o -name 'libnvrtc.so.13*' -o -name 'libcuda.so.1*' \) 2>/dev/null | sort -u > "$libs"
cat "$libs"
libdirs=$(while read -r f; do dirname "$f"; done < "$libs" | grep -v -E '/(stubs)$' | awk '!seen[$0]++' | paste -sd: -)
echo "library folders: $libdirs"
for want in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcudnn.so.9 libcudnn_cnn.so.9 libcudnn_ops.so.9 libcuda.so.1; do
  grep -q "/$want" "$libs" || echo "NOT FOUND: $want"
done
note "CUDA libraries: $(grep -c . "$libs") files in ${libdirs:-nowhere}"
export LD_LIBRARY_PATH="${libdirs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

say "Java runtime"
if [ ! -f "$bundle/runtime.tar.xz" ]; then
  note "no bundle at $bundle: run bench/gpu-pack.sh where Java and Maven are, and carry it"
  finish 2
fi
cat "$bundle/MANIFEST" 2>/dev/null | head -3
untar() { # tar.xz without xz-utils: python's tarfile
  if command -v xz >/dev/null 2>&1; then tar -C "$2" -xJf "$1"; else "$py" -c "import tarfile,sys; tarfile.open(sys.argv[1]).extractall(sys.argv[2])" "$1" "$2"; fi
}
untar "$bundle/runtime.tar.xz" "$work" && untar "$bundle/refs.tar.xz" "$work" || { note "could not unpack the bundle"; finish 2; }
java="$work/runtime/bin/java"
"$java" -version 2>&1 | head -1
cp=$(ls "$bundle"/jars/*.jar | paste -sd: -)
tf32=false; [ "${TF32:-0}" = 1 ] && tf32=true
jopts=(-Xmx8g -Dorg.bytedeco.javacpp.pathsFirst=true -Dorg.bytedeco.javacpp.cachedir="$work/javacpp-cache"
       -Dalexnet.cuda.path="$libdirs" -Dalexnet.gpu.tf32=$tf32)
jrun() { timeout "$1" "$java" "${jopts[@]}" -cp "$cp" "${@:2}"; }
note "TF32: $tf32 on both sides (fp32 math when false); cudnn.benchmark on in PyTorch, cudnnFind per shape in AlexNet Studio"

if has probe || has correctness || has speed || has recipe; then
  say "probe"
  jrun 120 org.alexnetstudio.train.gpu.GpuCheck probe
  rc=$?
  if [ $rc -ne 0 ]; then
    note "probe: the GPU backend cannot run here (exit $rc): see the lines above"
    for so in "$work"/javacpp-cache/*/org/bytedeco/cuda/linux-x86_64/libjni*.so; do
      [ -f "$so" ] && { echo "ldd $so"; ldd "$so" | grep -E 'not found|cud|cublas' ; }
    done
    finish 1
  fi
  note "probe: $(grep -m1 '^GPU:' "$log" | cut -c6-)"
fi

if has correctness; then
  say "correctness"
  # every op waits for the GPU here, so that a fault names its layer (speed does not matter for the table)
  jrun $(( $(left) > 240 ? 240 : $(left) )) -Dalexnet.gpu.debugSync=true org.alexnetstudio.train.gpu.GpuCheck correctness "$work/refs" > "$work/correctness.txt"
  rc=$?
  cat "$work/correctness.txt"
  cp "$work/correctness.txt" "$out/" 2>/dev/null
  passed=$(tail -1 "$work/correctness.txt")
  note "correctness (loss, gradients, parameters <= 1e-3 relative; logits <= 1e-4): ${passed:-did not finish (exit $rc)}"
  grep -E ' FAIL ' "$work/correctness.txt" | head -15 | sed 's/^/  /' >> "$summary"
fi

if has speed; then
  say "speed"
  speed="$work/speed.jsonl"
  : > "$speed"
  steps=${STEPS:-20}; warmup=${WARMUP:-3}
  tflag=""; [ "$tf32" = true ] && tflag=--tf32
  for cfg in alexnet:224:128 alexnet:224:32 alexnet-mini:28:128 alexnet-mini:28:32; do
    IFS=: read -r model size batch <<<"$cfg"
    [ "$(left)" -lt 60 ] && { echo "skipping $cfg: time"; continue; }
    echo "-- $cfg"
    jrun 150 org.alexnetstudio.train.gpu.GpuCheck bench "$model" "$batch" "$steps" "$warmup" "$size" | tee -a "$speed"
    for data in host device; do
      [ -n "$py" ] && timeout 150 "$py" bench/gpu_pytorch_bench.py --model "$model" --resize "$size" --batch "$batch" \
        --steps "$steps" --warmup "$warmup" --data "$data" $tflag | tee -a "$speed"
    done
  done
  if [ "$(left)" -gt 60 ]; then
    echo "-- the app's own bench command on the GPU (alexnet 224, batch 128)"
    jrun 150 org.alexnetstudio.Launcher bench --preset alexnet --batch 128 --steps "$steps" --warmup "$warmup" --device gpu --json \
      | tee "$work/cli-bench.json"
  fi
  cp "$speed" "$out/" 2>/dev/null
  "$py" - "$speed" "$work/cli-bench.json" >> "$summary" <<'PY' || echo "speed: no results" >> "$summary"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print("speed (training step examples/sec, median of the timed steps; memory in GiB):")
print("  %-22s %9s %11s %13s %7s %9s | %11s %17s" % ("config", "studio", "torch host", "torch device",
      "ratio", "ratio dev", "studio mem", "torch alloc/res/dev"))
key = lambda r: (r.get("preset", r.get("model")), int(r["input"].replace("\u00d7", "x").split("x")[-1]), r["batch"])
studio = {key(r): r for r in rows if r["side"] == "alexnet-studio"}
for k, s in studio.items():
    th = next((r for r in rows if r["side"] == "pytorch" and r["data"] == "host" and key(r) == k), None)
    td = next((r for r in rows if r["side"] == "pytorch" and r["data"] == "device" and key(r) == k), None)
    g = lambda r, f: (r or {}).get(f, float("nan"))
    gib = lambda b: b / 2**30
    print("  %-22s %9.0f %11.0f %13.0f %7.2f %9.2f | %11.2f %5.2f/%5.2f/%5.2f" % (
        "%s %s b%d" % k, s["examplesPerSec"], g(th, "examplesPerSec"), g(td, "examplesPerSec"),
        s["examplesPerSec"] / g(th, "examplesPerSec"), s["examplesPerSec"] / g(td, "examplesPerSec"),
        gib(s["peakDeviceBytes"]), gib(g(td, "maxMemoryAllocated")), gib(g(td, "maxMemoryReserved")),
        gib(g(td, "peakDeviceBytes"))))
if rows and "torch" in next((r for r in rows if r["side"] == "pytorch"), {}):
    t = next(r for r in rows if r["side"] == "pytorch")
    print("  PyTorch %s, cuDNN %s, %s; ratio = studio / torch (>= 1.0 is the goal, host: both copy the batch from host memory)"
          % (t["torch"], t["cudnn"], t["gpu"]))
try:
    c = json.load(open(sys.argv[2]))
    print("  the app's bench command: %.0f examples/sec on %s, peak device memory %.2f GiB"
          % (c["examplesPerSec"], c["device"], c.get("peakDeviceBytes", 0) / 2**30))
except Exception:
    pass
PY
fi

if has recipe; then
  say "the book's recipe"
  if [ ! -f "$bundle/data/train-images-idx3-ubyte.gz" ]; then
    note "recipe: skipped (no Fashion-MNIST in the bundle)"
  elif [ "$(left)" -lt 90 ]; then
    note "recipe: skipped ($(left) s left; run again with STAGES=recipe)"
  else
    epochs=${RECIPE_EPOCHS:-10}
    t0=$(date +%s)
    jrun $(( $(left) - 10 )) org.alexnetstudio.Launcher train --preset alexnet --device gpu --epochs "$epochs" \
      --data "$bundle/data" > "$work/recipe.txt" 2>&1
    rc=$?
    wall=$(( $(date +%s) - t0 ))
    grep -v '^\s*$' "$work/recipe.txt" | tail -25
    cp "$work/recipe.txt" "$out/" 2>/dev/null
    last=$(grep -E 'test acc' "$work/recipe.txt" | tail -1)
    rate=$(grep -E 'examples/sec' "$work/recipe.txt" | tail -1)
    note "recipe (train --preset alexnet --device gpu, $epochs epochs, batch 128, lr 0.01, 224): exit $rc, wall clock $wall s"
    note "  ${last:-no epoch finished}; ${rate:-}"
    note "  the book: 4,186 examples/sec, test acc ~0.88; a laptop RTX 4060: ~10 minutes"
  fi
fi
finish 0
