# Sourced by the bench scripts: ISA=avx2 | avx512 | native (default) sets the instruction-set caps for
# both engines, in this shell's environment, and JAVA_ISA_OPTS for the JVM's own compiled code.
#   avx2    every library capped at AVX2: ND4J's oneDNN 2.3 (DNNL_MAX_CPU_ISA; it does not read the
#           newer ONEDNN_ name), PyTorch's oneDNN 2.6 (ONEDNN_MAX_CPU_ISA), both OpenBLAS builds
#           (OPENBLAS_CORETYPE=Haswell), PyTorch's own ATen kernels (ATEN_CPU_CAPABILITY=avx2) and
#           HotSpot's vectorised loops (-XX:UseAVX=2)
#   avx512  no oneDNN caps, OpenBLAS on its AVX-512 kernels (OPENBLAS_CORETYPE=SkylakeX: ND4J's OpenBLAS
#           0.3.19 does not know Zen 5 and would pick its SSE "Barcelona" kernels there), ATen on its
#           AVX-512 kernels (PyTorch 1.13 chooses AVX2 on this CPU by itself); needs an AVX-512 CPU
#   native  the environment as it is (what earlier tables in docs/performance.md used)
# isa_check JAR PYTHON_LIBPATH THREADS prints what each side really ran (oneDNN's reported ISA, the
# number of oneDNN kernels with avx512 in their name, OpenBLAS's kernels, ATen's capability) and fails
# when an AVX2 cap did not hold.
ISA=${ISA:-native}
JAVA_ISA_OPTS=
case $ISA in
  avx2)
    export DNNL_MAX_CPU_ISA=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2
    JAVA_ISA_OPTS=-XX:UseAVX=2 ;;
  avx512)
    for f in avx512f avx512bw avx512vl avx512dq; do
      grep -qw "$f" /proc/cpuinfo || { echo "ISA=avx512: this CPU has no $f" >&2; exit 2; }
    done
    unset DNNL_MAX_CPU_ISA ONEDNN_MAX_CPU_ISA
    export OPENBLAS_CORETYPE=SkylakeX ATEN_CPU_CAPABILITY=avx512 ;;
  native) ;;
  *) echo "ISA must be avx2, avx512 or native, not '$ISA'" >&2; exit 2 ;;
esac

isa_check() {
  local jar=$1 libpath=$2 threads=$3 j t jisa tisa j512 t512
  j=$(DNNL_VERBOSE=1 java $JAVA_ISA_OPTS -jar "$jar" bench --json --preset alexnet-mini --batch 16 --steps 1 --warmup 0 2>&1)
  t=$(ONEDNN_VERBOSE=1 LD_LIBRARY_PATH=$libpath /usr/bin/python3 bench/pytorch_step.py --model alexnet-mini \
        --resize 28 --batch 16 --steps 1 --warmup 0 --threads "$threads" --channels-last 2>/dev/null)
  jisa=$(grep -m1 'verbose,info,cpu,isa:' <<<"$j" | sed 's/.*isa://')
  tisa=$(grep -m1 'verbose,info,cpu,isa:' <<<"$t" | sed 's/.*isa://')
  j512=$(grep -c 'verbose,exec.*avx512' <<<"$j" || true)
  t512=$(grep -c 'verbose,exec.*avx512' <<<"$t" || true)
  echo "ISA=$ISA: AlexNet Studio: oneDNN '$jisa', $j512 AVX-512 kernels, $(grep -o '"natives": "[^"]*"' <<<"$j"), java ${JAVA_ISA_OPTS:-(own AVX level)}"
  echo "ISA=$ISA: PyTorch: oneDNN '$tisa', $t512 AVX-512 kernels, $(tail -1 <<<"$t" | grep -o '"aten": "[^"]*", "blas": "[^"]*"')"
  if [ "$ISA" = avx2 ] && { [ "$j512" != 0 ] || [ "$t512" != 0 ] || ! grep -q 'AVX2' <<<"$jisa" || ! grep -q 'AVX2' <<<"$tisa"; }; then
    echo "ISA=avx2: the cap did not hold (see above)" >&2
    return 1
  fi
}
