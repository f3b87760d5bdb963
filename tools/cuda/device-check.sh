#!/usr/bin/env bash
# The GPU check of jtorch-cuda, run on a machine with a GPU, CUDA and PyTorch but no JDK or Maven,
# from the repository root, after tools/cuda/prepare-device.sh filled device/ elsewhere:
#
#   OUT=/tmp/out bash tools/cuda/device-check.sh
#
# Writes to $OUT (default /tmp/jtorch-device-check): summary.txt, nvidia-smi.txt, the jtorch-cuda
# test log (jtorch-cuda-tests.txt) and JUnit XML reports (junit/), the 2-epoch MNIST run on CUDA
# (mnist-cuda.log, mnist-run/), PyTorch's same job on the GPU (torch-mnist-cuda.log/.json). Every
# step has its own time limit; the whole script stays under 8 minutes. Without a GPU it says so,
# runs the tests (the GPU ones are skipped with their reason) and stops.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
OUT=${OUT:-/tmp/jtorch-device-check}
mkdir -p "$OUT"
dev="$root/device"
summary="$OUT/summary.txt"
: >"$summary"
start=$(date +%s)
log() { echo "[$(($(date +%s) - start)) s] $*" | tee -a "$summary"; }

if [ ! -f "$dev/jdk.tgz" ]; then
  log "device/ is missing: run tools/cuda/prepare-device.sh where a JDK and Maven exist, then carry device/"
  exit 1
fi

gpu=yes
if command -v nvidia-smi >/dev/null 2>&1 && timeout 30 nvidia-smi >"$OUT/nvidia-smi.txt" 2>&1; then
  log "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -n 1)"
else
  gpu=no
  [ -s "$OUT/nvidia-smi.txt" ] || echo "nvidia-smi: not found on PATH" >"$OUT/nvidia-smi.txt"
  log "no GPU: nvidia-smi is missing or failed (see nvidia-smi.txt); GPU steps will be skipped"
fi

jdk=$(mktemp -d)
tar xzf "$dev/jdk.tgz" -C "$jdk"
java="$jdk/jdk/bin/java"
log "java: $("$java" -version 2>&1 | head -n 1)"
cp=$(printf '%s:' "$dev"/lib/*.jar)
jvm=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss4m
  "-XX:ErrorFile=$OUT/hs_err_%p.log")

log "jtorch-cuda tests (limit 150 s; each kernel waited for, so that a failure names its kernel)"
(cd jtorch-cuda && timeout 150 "$java" "${jvm[@]}" -Djtorch.cuda.launchBlocking=true -jar "$dev/tools/junit-platform-console-standalone.jar" \
  execute --disable-banner --disable-ansi-colors --details=tree --class-path "$dev/cuda-test-classes:$cp" \
  --select-package jtorch.cuda --reports-dir "$OUT/junit") >"$OUT/jtorch-cuda-tests.txt" 2>&1
status=$?
log "tests exit status $status; $(grep -E '(tests (successful|failed|skipped|aborted))' "$OUT/jtorch-cuda-tests.txt" | tr -s ' ' | tr '\n' ';')"

if [ "$gpu" = no ]; then
  log "no GPU: MNIST on CUDA and PyTorch on CUDA not run"
  rm -rf "$jdk"
  exit 0
fi

log "jtorch mnist --device cuda --epochs 2 (limit 200 s)"
timeout 200 "$java" "${jvm[@]}" -XX:+UseParallelGC -cp "$cp" jtorch.cli.Main mnist --device cuda \
  --epochs 2 --data "$dev/data" --out "$OUT/mnist-run" >"$OUT/mnist-cuda.log" 2>&1
log "jtorch mnist exit status $?; $(grep -iE 'accuracy' "$OUT/mnist-cuda.log" | tail -n 2 | tr '\n' ' ')"
[ -f "$OUT/mnist-run/metrics.csv" ] && cat "$OUT/mnist-run/metrics.csv" >>"$summary"

if command -v python3 >/dev/null 2>&1 && python3 -c 'import torch' 2>/dev/null; then
  log "PyTorch's MNIST on cuda, 2 epochs (limit 80 s)"
  timeout 80 python3 tools/cuda/torch_mnist_cuda.py --data "$dev/data/MNIST/raw" --epochs 2 \
    --out "$OUT/torch-mnist-cuda.json" >"$OUT/torch-mnist-cuda.log" 2>&1
  log "torch exit status $?; $(grep -E '^epoch' "$OUT/torch-mnist-cuda.log" | tr '\n' ' ')"
else
  log "python3 with torch not found: PyTorch's run skipped"
fi
rm -rf "$jdk"
log "done"
