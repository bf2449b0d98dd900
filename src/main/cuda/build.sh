#!/usr/bin/env bash
# Compiles kernels.cu to PTX for compute capability 7.5 (the oldest CUDA 13 supports; newer GPUs JIT it)
# and writes it, headed by the source's SHA-256, where Kernels.java loads it from. Needs nvcc (CUDA 13).
# KernelsSourceTest fails when kernels.cu changed and this was not run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../resources/org/alexnetstudio/train/gpu/kernels.ptx"
mkdir -p "$(dirname "$out")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
nvcc -ptx -arch=compute_75 -O3 -o "$tmp/kernels.ptx" "$here/kernels.cu"
# Checked by assembling for the GPUs the project tests on (nothing runs here).
ptxas -arch=sm_90 -o /dev/null "$tmp/kernels.ptx"
ptxas -arch=sm_75 -o /dev/null "$tmp/kernels.ptx"
sha="$(sha256sum "$here/kernels.cu" | cut -d' ' -f1)"
{ echo "// kernels.cu sha256 $sha"; cat "$tmp/kernels.ptx"; } > "$out"
echo "wrote $out ($(wc -c < "$out") bytes, $(nvcc --version | tail -1))"
