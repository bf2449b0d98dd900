#!/usr/bin/env bash
# Packs everything bench/gpu-check.sh needs on a GPU machine that has no Java and can download nothing,
# where at most 64 MiB travel with the working tree (docs/decisions/0007-gpu-backend.md):
#   runtime.tar.xz   a jlink-trimmed Java 17 runtime (the modules the GPU path uses)
#   jars/            the app jar and the few jars the GPU path loads: picocli, JavaCPP, the CUDA bindings
#                    (their JNI wrappers cut to cudart, cublas and cudnn), SLF4J. Not ND4J: the GPU path
#                    runs without it (ArchitectureTest), and its CPU natives alone are 97 MB.
#   refs.tar.xz      the correctness cases, computed here by the CPU backend (GpuReferenceWriter)
#   data/            Fashion-MNIST as .gz (30 MB) for the book's 10-epoch recipe, when it fits the budget
#   MANIFEST         what was packed, from which commit, and the sizes
# Usage: bench/gpu-pack.sh [OUT]     (default target/gpu-bundle; then run the device tool with carry=[OUT])
# DATA=DIR picks the Fashion-MNIST folder (default: ~/.alexnet-studio/data, /usr/share/datasets/fashion-mnist);
# DATA=none leaves it out. SKIP_BUILD=1 reuses target/ as it is. Needs JDK 17 (jlink), Maven (offline).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/gpu-bundle}
budget=$((64 * 1024 * 1024))
rm -rf "$out"
mkdir -p "$out/jars" "$out/data"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building the app and the tests' classes (offline)"
  mvn -B -o -q package -DskipTests
  mvn -B -o -q test-compile
fi
cp target/alexnet-studio.jar "$out/jars/"
for pattern in 'picocli-*.jar' 'javacpp-1.5.13.jar' 'javacpp-1.5.13-linux-x86_64.jar' 'cuda-13.1-9.19-1.5.13.jar' \
               'slf4j-api-*.jar' 'slf4j-simple-*.jar'; do
  found=$(ls target/libs/$pattern 2>/dev/null | head -1)
  [ -n "$found" ] || { echo "missing target/libs/$pattern (mvn -o package)" >&2; exit 1; }
  cp "$found" "$out/jars/"
done
# The CUDA bindings' JNI wrappers, cut to the three the backend loads (33 MB unpacked -> ~4 MB).
natives=target/libs/cuda-13.1-9.19-1.5.13-linux-x86_64.jar
mkdir -p "$stage/natives"
(cd "$stage/natives" && unzip -q "$OLDPWD/$natives" 'META-INF/MANIFEST.MF' \
   'org/bytedeco/cuda/linux-x86_64/libjnicudart.so' 'org/bytedeco/cuda/linux-x86_64/libjnicublas.so' \
   'org/bytedeco/cuda/linux-x86_64/libjnicudnn.so')
(cd "$stage/natives" && jar --create --file "$OLDPWD/$out/jars/cuda-13.1-9.19-1.5.13-linux-x86_64-cut.jar" \
   --manifest META-INF/MANIFEST.MF org)

# The correctness cases, computed by the CPU backend (ND4J) here.
echo "computing the reference cases on the CPU"
cp_file="$stage/classpath"
mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.alexnetstudio.train.cpu.GpuReferenceWriter \
  "$stage/refs" | grep -E '^(kind|preset)-'
tar -C "$stage" -cJf "$out/refs.tar.xz" refs

# The Java runtime: the modules the GPU path needs (java.management and jdk.management for the memory
# estimate, jdk.unsupported for JavaCPP). --compress=0 because xz packs the plain modules smaller.
modules=java.base,java.logging,jdk.unsupported,java.management,jdk.management
echo "jlink: $modules"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=0 --output "$stage/runtime"
tar -C "$stage" -cJf "$out/runtime.tar.xz" runtime

# Fashion-MNIST for the recipe, when it fits.
data=${DATA:-}
if [ -z "$data" ]; then
  for d in "$HOME/.alexnet-studio/data" /usr/share/datasets/fashion-mnist; do
    [ -f "$d/train-images-idx3-ubyte.gz" ] && { data=$d; break; }
  done
fi
used=$(du -sb "$out" | cut -f1)
tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
if [ -n "$data" ] && [ "$data" != none ]; then
  need=$(du -cb "$data"/*-ubyte.gz | tail -1 | cut -f1)
  if [ $((used + tree + need)) -lt $budget ]; then
    cp "$data"/train-images-idx3-ubyte.gz "$data"/train-labels-idx1-ubyte.gz \
       "$data"/t10k-images-idx3-ubyte.gz "$data"/t10k-labels-idx1-ubyte.gz "$out/data/"
  else
    echo "Fashion-MNIST left out: $((used + tree + need)) bytes would exceed the 64 MiB carry" >&2
  fi
else
  echo "no Fashion-MNIST .gz found (DATA=DIR): the recipe stage will be skipped" >&2
fi

used=$(du -sb "$out" | cut -f1)
{
  echo "AlexNet Studio GPU check bundle"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)'), packed $(date -u +%FT%TZ)"
  echo "java $(java -version 2>&1 | head -1)"
  echo "modules $modules"
  (cd "$out" && find . -type f ! -name MANIFEST -printf '%s\t%p\n' | sort -k2)
  echo "bundle $used bytes; working tree $tree bytes; together $((used + tree)) of $budget"
} > "$out/MANIFEST"
cat "$out/MANIFEST"
if [ $((used + tree)) -ge $budget ]; then
  echo "over the 64 MiB carry" >&2
  exit 1
fi
