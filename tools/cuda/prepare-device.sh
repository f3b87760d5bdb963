#!/usr/bin/env bash
# Prepares device/ (git-ignored) for tools/cuda/device-check.sh on a GPU machine that has CUDA and
# PyTorch but no JDK, no Maven and no network. Run here, from anywhere in the checkout:
#
#   tools/cuda/prepare-device.sh
#
# device/ then holds: jdk.tgz (a jlink'ed Java 25 runtime), lib/ (the jtorch jars, jtorch-cuda with
# its PTX, and their dependencies), cuda-test-classes/ (jtorch-cuda's tests), tools/ (the JUnit
# console launcher) and data/MNIST/raw (the four MNIST files). The GPU session carries it with
#   run carry ["device"], command "bash tools/cuda/device-check.sh"
# and it must stay under 64 MiB (checked at the end).
#
# Environment: JTORCH_JDK (default /usr/lib/jvm/temurin-25-jdk-amd64), JTORCH_TARGET (Maven build
# folder name, default target-device), MNIST_DIR (default ../shared/data/mnist).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
jdk=${JTORCH_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
target=${JTORCH_TARGET:-target-device}
mnist=${MNIST_DIR:-$root/../shared/data/mnist}
junit_version=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml)
out="$root/device"
limit_mib=60

command -v /usr/local/cuda/bin/nvcc >/dev/null || {
  echo "prepare-device: /usr/local/cuda/bin/nvcc is missing; jtorch-cuda would have no PTX" >&2
  exit 1
}
[ -x "$jdk/bin/jlink" ] || { echo "prepare-device: no JDK 25 at $jdk (set JTORCH_JDK)" >&2; exit 1; }
for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz \
    t10k-labels-idx1-ubyte.gz; do
  [ -f "$mnist/$f" ] || { echo "prepare-device: $mnist/$f is missing (set MNIST_DIR)" >&2; exit 1; }
done

rm -rf "$out"
mkdir -p "$out/lib" "$out/tools" "$out/data/MNIST/raw"

echo "prepare-device: building jtorch-cli and jtorch-cuda (with tests compiled) into $target" >&2
./mvnw -q -B -Djtorch.target="$target" -pl jtorch-cli,jtorch-cuda -am package \
  dependency:copy-dependencies -DskipTests -Dspotless.check.skip=true -DincludeScope=test -DoutputDirectory="$out/lib" \
  -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian,net.bytebuddy \
  -Dmdep.prependGroupId=true
cp jtorch-cli/"$target"/jtorch-cli-*.jar "$out/lib/"
cp -r jtorch-cuda/"$target"/test-classes "$out/cuda-test-classes"
"$jdk/bin/jar" tf "$out"/lib/dev.jtorch.jtorch-cuda-*.jar | grep -q 'jtorch/cuda/kernels.ptx' || {
  echo "prepare-device: the jtorch-cuda jar has no kernels.ptx" >&2
  exit 1
}

echo "prepare-device: JUnit console launcher $junit_version" >&2
./mvnw -q -B dependency:copy \
  -Dartifact=org.junit.platform:junit-platform-console-standalone:"$junit_version" \
  -DoutputDirectory="$out/tools" -Dmdep.stripVersion=true

# java.desktop: the PNGs of jtorch mnist; java.net.http: MNIST downloads; java.sql and
# java.management: AssertJ; java.xml: the JUnit reports.
echo "prepare-device: jlink a Java runtime from $jdk" >&2
rt=$(mktemp -d)
"$jdk/bin/jlink" --add-modules \
  java.base,java.logging,java.xml,java.management,java.desktop,java.net.http,java.sql,jdk.unsupported,jdk.incubator.vector \
  --strip-debug --no-man-pages --no-header-files --compress=zip-0 --output "$rt/jdk"
# Uncompressed modules gzip smaller than jlink's own compression (33 against 39 MB).
tar cf - -C "$rt" jdk | gzip -9 >"$out/jdk.tgz"
rm -rf "$rt"

cp "$mnist"/train-images-idx3-ubyte.gz "$mnist"/train-labels-idx1-ubyte.gz \
  "$mnist"/t10k-images-idx3-ubyte.gz "$mnist"/t10k-labels-idx1-ubyte.gz "$out/data/MNIST/raw/"

size=$(du -sm "$out" | cut -f1)
du -sh "$out"/* >&2
if [ "$size" -gt "$limit_mib" ]; then
  echo "prepare-device: device/ is $size MiB, over the $limit_mib MiB budget (carry allows 64)" >&2
  exit 1
fi
echo "prepare-device: device/ ready ($size MiB)" >&2
