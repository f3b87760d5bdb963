#!/usr/bin/env bash
# Runs jtorch's CPU benchmarks beside PyTorch 1.13 and libtorch 2.10 and writes the report:
#   1. builds jtorch-bench/<target>/benchmarks.jar (the JMH uber jar) and, with -Plibtorch,
#      copies libtorch's jars (org.bytedeco:pytorch 2.10.0-1.5.13, linux-x86_64) to
#      jtorch-bench/<target>/libtorch/ (the libtorch side runs from the class path
#      benchmarks.jar + libtorch/*; the uber jar does not contain libtorch),
#   2. peak: measures the machine's FP32 FMA peak and memory bandwidth (MachinePeak ->
#      results/peak.json), the denominators of the report's "% of peak",
#   2b. blas: jtorch's matmul beside OpenBLAS's cblas_sgemm through FFM (BlasCompare ->
#      results/blas.json), when Debian's libopenblas0-pthread is installed (skipped otherwise),
#   3. jmh: runs JMH on it, once per jtorch kernel path, writing results/jmh-<path>.json,
#   4. torch: times the same cases in PyTorch 1.13 (torch_bench.py -> results/torch.json),
#   5. libtorch: times them in libtorch 2.10 (LibtorchBench -> results/libtorch.json),
#   6. e2e: one MNIST training epoch of the ConvNet (batch 32, Adadelta) and inference over the
#      test set (batch 500) in each: MnistEpoch (jtorch), torch_mnist.py, LibtorchMnistEpoch
#      -> results/e2e-{jtorch,torch,libtorch}.json; jtorch runs E2E_EPOCHS epochs to show its
#      heap after GC does not grow,
#   7. report: prints the tables and writes docs/performance.md and its chart (report.py).
#
# Usage: jtorch-bench/run-bench.sh   (about 23 minutes on 2 quiet cores, plus waits for idle
#                                     CPUs; the report lists how long each part took)
#
# Settings (environment):
#   BENCH_PARTS     parts to run (default "peak blas jmh torch libtorch e2e"); the report uses the
#                   results folder's files for the parts not run
#   BENCH_PATHS     jtorch kernel paths to run, in order: "vector" (default), "vector scalar",
#                   "scalar". vector = fork JVMs with --add-modules jdk.incubator.vector;
#                   scalar = the same plus -Djtorch.vector=false.
#   BENCH_FILTER    JMH benchmark regex (default: all of jtorch.bench)
#   JMH_WI JMH_W    warm-up iterations and their length (default: each class's @Warmup, 3 x 1 s;
#                   TrainStepBench 15 x 1 s, whose first ~500 steps still run partly uncompiled)
#   JMH_I JMH_R     measured iterations and their length (default 5, 500ms); the report takes
#                   the median iteration, which one disturbed iteration does not move
#   JMH_F           forks (default 1)
#   JMH_EXTRA       more JMH options, e.g. "-prof gc"
#   JTORCH_TARGET   build folder name in each module (default target-bench, so that the
#                   benchmarks never share outputs with a concurrent ./mvnw verify)
#   SKIP_BUILD=1    use the benchmarks.jar (and libtorch/ jars) already built
#   TORCH_PYTHON    a python3 with torch (default /usr/bin/python3: Debian's python3-torch)
#   BENCH_THREADS   threads of every side (default 2, the core count here): jtorch's common
#                   fork-join pool gets BENCH_THREADS - 1 workers (plus the calling thread),
#                   PyTorch torch.set_num_threads, libtorch at::set_num_threads
#   TORCH_WARMUP_S TORCH_TIME_S   PyTorch's and libtorch's warm-up and sampling seconds a case
#                   (default 0.5, 2)
#   TORCH_FILTER    regex on "op:size" for the PyTorch and libtorch cases (default: all)
#   E2E_EPOCHS      jtorch's epochs (default 10: the heap-growth check); PyTorch and libtorch
#                   run E2E_OTHER_EPOCHS (default 3: epoch 1 and two later ones, whose median
#                   is less at the mercy of one disturbed epoch)
#   E2E_BATCH_LIMIT train on only the first N batches an epoch (default 0 = all; smoke runs)
#   E2E_TEST_LIMIT  test on only the first N images (default 0 = all)
#   E2E_INFER_REPEATS  timed inference passes after training (default 3; the median is reported)
#   E2E_JAVA_OPTS   jtorch's end-to-end JVM flags (default "-XX:+UseParallelGC -Xmx512m": the
#                   CLI's collector, in the heap the issue's target allows)
#   BENCH_DATA      MNIST root (default <repo>/data, files in data/MNIST/raw; copied from
#                   $JTORCH_MNIST_MIRROR or ../shared/data/mnist when missing)
#   QUIET_WAIT_S    before each benchmark (JMH), case (PyTorch, libtorch) and end-to-end run,
#                   waits up to this long for other processes to leave the CPUs idle (< 10 %
#                   busy over 2 s; default 60; 0 = do not wait). The report records how busy
#                   they were.
#   BENCH_SMOKE=1   a quick check that every part runs (about 4 minutes; numbers meaningless):
#                   1 short JMH iteration, 0.1 s PyTorch/libtorch cases, 100-batch epochs, no
#                   quiet waits; results go to <target>/results-smoke/ (ignored by git) and
#                   the doc is not touched unless BENCH_DOC is set
#   NO_REPORT=1     stop after the measurements
#   BENCH_RESULTS   results folder (default jtorch-bench/results)
#   BENCH_DOC       the report written (default docs/performance.md)
#   BENCH_COMMIT    what the report names as the measured sources (default: git HEAD)
#
# Only the JMH part:  java -jar jtorch-bench/target-bench/benchmarks.jar [JMH options]
#   (its forks get --add-modules jdk.incubator.vector from @Fork; for the scalar path add
#    -jvmArgsPrepend -Djtorch.vector=false; a -jvmArgsAppend would replace the @Fork flags).
# Only libtorch:  java --enable-native-access=ALL-UNNAMED \
#   -cp "jtorch-bench/target-bench/benchmarks.jar:jtorch-bench/target-bench/libtorch/*" \
#   jtorch.bench.LibtorchBench --out libtorch.json        (or jtorch.bench.LibtorchMnistEpoch)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bench="$root/jtorch-bench"
smoke=${BENCH_SMOKE:-}
if [[ -n "$smoke" ]]; then
  results=${BENCH_RESULTS:-$bench/${JTORCH_TARGET:-target-bench}/results-smoke}
  doc=${BENCH_DOC:-}
  : "${JMH_WI:=1}" "${JMH_W:=200ms}" "${JMH_I:=1}" "${JMH_R:=200ms}" "${QUIET_WAIT_S:=0}"
  : "${TORCH_WARMUP_S:=0.1}" "${TORCH_TIME_S:=0.1}" "${E2E_EPOCHS:=2}" "${E2E_BATCH_LIMIT:=100}"
  : "${E2E_TEST_LIMIT:=1000}" "${E2E_INFER_REPEATS:=1}"
else
  results=${BENCH_RESULTS:-$bench/results}
  doc=${BENCH_DOC-$root/docs/performance.md}
fi
mkdir -p "$results"

parts=" ${BENCH_PARTS:-peak blas jmh torch libtorch e2e} "
paths=${BENCH_PATHS:-vector}
filter=${BENCH_FILTER:-jtorch\.bench\..*}
target=${JTORCH_TARGET:-target-bench}
jar="$bench/$target/benchmarks.jar"
libtorch_cp="$jar:$bench/$target/libtorch/*"
torch_python=${TORCH_PYTHON:-/usr/bin/python3}
threads=${BENCH_THREADS:-2}
quiet_wait=${QUIET_WAIT_S:-60}
torch_warmup=${TORCH_WARMUP_S:-0.5}
torch_time=${TORCH_TIME_S:-2}
torch_filter=${TORCH_FILTER:-}
data=${BENCH_DATA:-$root/data}
e2e_epochs=${E2E_EPOCHS:-10}
e2e_other_epochs=${E2E_OTHER_EPOCHS:-3}
e2e_limits=(--batch-limit "${E2E_BATCH_LIMIT:-0}" --test-limit "${E2E_TEST_LIMIT:-0}"
  --infer-repeats "${E2E_INFER_REPEATS:-3}")
read -r -a e2e_java_opts <<<"${E2E_JAVA_OPTS:--XX:+UseParallelGC -Xmx512m}"
# Warm-up as each class's @Warmup says unless JMH_WI/JMH_W are set: a training step needs more.
jmh_opts=(${JMH_WI:+-wi "$JMH_WI"} ${JMH_W:+-w "$JMH_W"} -i "${JMH_I:-5}" -r "${JMH_R:-500ms}"
  -f "${JMH_F:-1}")
if [[ -n "${JMH_EXTRA:-}" ]]; then
  read -r -a extra <<<"$JMH_EXTRA"
  jmh_opts+=("${extra[@]}")
fi

for p in $paths; do
  case "$p" in
    vector | scalar) ;;
    *) echo "run-bench.sh: unknown path '$p' in BENCH_PATHS (vector, scalar)" >&2; exit 2 ;;
  esac
done
for p in $parts; do
  case "$p" in
    peak | blas | jmh | torch | libtorch | e2e) ;;
    *)
      echo "run-bench.sh: unknown part '$p' in BENCH_PARTS (peak blas jmh torch libtorch e2e)" >&2
      exit 2
      ;;
  esac
done
has() { [[ "$parts" == *" $1 "* ]]; }
if { has torch || has e2e; } && ! "$torch_python" -c 'import torch' 2>/dev/null; then
  echo "run-bench.sh: $torch_python cannot import torch; set TORCH_PYTHON or leave out the" \
    "torch and e2e parts (BENCH_PARTS)" >&2
  exit 2
fi

# shellcheck source=/dev/null
. "$root/.mvn/find-jdk.sh"
java="$JAVA_HOME/bin/java"

started=$(date +%s)
part_started=$started
part_name=
# Prints a heading, and records how long the previous part took in $results/.timings.
step() {
  local now
  now=$(date +%s)
  [[ -n "$part_name" ]] && echo "$part_name $((now - part_started))" >>"$results/.timings"
  part_name=${2:-}
  part_started=$now
  printf '\n== %s (%ds)\n' "$1" "$((now - started))"
}

# Percent of CPU time that other processes used over $1 seconds (from /proc/stat).
cpu_busy() {
  local a b
  read -r -a a < <(head -n 1 /proc/stat)
  sleep "$1"
  read -r -a b < <(head -n 1 /proc/stat)
  local idle=$(((b[4] + b[5]) - (a[4] + a[5])))
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  echo $(((100 * (total - idle)) / (total > 0 ? total : 1)))
}

# Waits until the CPUs are (nearly) idle, so that neither side is measured on a loaded machine,
# and records how busy they were: "<label> <percent>" in $results/.busy.
wait_quiet() {
  local busy waited=0
  busy=$(cpu_busy 2)
  while ((busy > 10 && waited < quiet_wait)); do
    echo "   other processes use ${busy}% of the CPUs; waiting (up to ${quiet_wait}s)..."
    sleep 8
    waited=$((waited + 10))
    busy=$(cpu_busy 2)
  done
  if ((busy > 10)); then
    echo "   WARNING: measuring while other processes use ${busy}% of the CPUs" >&2
  fi
  echo "$1 $busy" >>"$results/.busy"
}

rm -f "$results/.busy" "$results/.timings"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  step "build $jar and $bench/$target/libtorch/" build
  ./mvnw -B -ntp -q -Djtorch.target="$target" -Plibtorch -pl jtorch-bench -am package \
    -DskipTests -Dspotless.check.skip=true
fi
[[ -f "$jar" ]] || { echo "run-bench.sh: $jar is missing (unset SKIP_BUILD)" >&2; exit 1; }
if { has libtorch || has e2e; } &&
  ! compgen -G "$bench/$target/libtorch/pytorch-*-linux-x86_64.jar" >/dev/null; then
  echo "run-bench.sh: libtorch's jars are missing in $bench/$target/libtorch (unset SKIP_BUILD)" >&2
  exit 1
fi

if has peak; then
  step "peak: FP32 FMA throughput and memory bandwidth (MachinePeak)" peak
  wait_quiet "peak"
  rm -f "$results/peak.json"
  "$java" --add-modules=jdk.incubator.vector -Xms1g -Xmx2g -cp "$jar" jtorch.bench.MachinePeak \
    "$results/peak.json" "$threads" 2>/dev/null
fi

if has blas; then
  step "blas: jtorch's matmul beside OpenBLAS (BlasCompare)" blas
  wait_quiet "blas"
  rm -f "$results/blas.json"
  "$java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djtorch.blas=java \
    -Djava.util.concurrent.ForkJoinPool.common.parallelism=$((threads - 1)) -cp "$jar" \
    jtorch.bench.BlasCompare "$results/blas.json" 2>/dev/null ||
    echo "blas: skipped (no OpenBLAS; apt-get install libopenblas0-pthread)"
fi

if has jmh; then
  # The benchmarks that the filter selects, each run by its own JMH call after a quiet check.
  mapfile -t benches < <("$java" -jar "$jar" -l "$filter" 2>/dev/null | grep '^jtorch\.bench\.')
  ((${#benches[@]})) || { echo "run-bench.sh: no benchmark matches '$filter'" >&2; exit 1; }
  for p in $paths; do
    flags=(-Djava.util.concurrent.ForkJoinPool.common.parallelism=$((threads - 1)))
    [[ "$p" == scalar ]] && flags+=(-Djtorch.vector=false)
    # What the forks will run: the same module and property flags as @Fork plus the path's.
    "$java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED "${flags[@]}" -cp "$jar" jtorch.bench.KernelInfo \
      2>/dev/null >"$results/kernels-$p.txt"
    echo "path=$p" >>"$results/kernels-$p.txt"
    echo "jmh_options=${jmh_opts[*]}" >>"$results/kernels-$p.txt"
    step "JMH, jtorch $p kernels ($(sed -n 's/^kernels=//p' "$results/kernels-$p.txt"))" "jmh-$p"
    jparts=()
    for b in "${benches[@]}"; do
      wait_quiet "jmh-$p:${b#jtorch.bench.}"
      part="$results/.jmh-$p-${#jparts[@]}.json"
      # Forks also inherit this JVM's flags; it gets none, so they run @Fork's plus the prepended.
      "$java" -jar "$jar" "^${b//./\\.}\$" "${jmh_opts[@]}" -jvmArgsPrepend "${flags[*]}" \
        -rf json -rff "$part" >"$results/.jmh.log" 2>&1 || true
      grep -E '^[A-Za-z]+Bench\.' "$results/.jmh.log" || true
      if ! grep -q '"benchmark"' "$part" 2>/dev/null; then
        tail -n 40 "$results/.jmh.log" >&2
        echo "run-bench.sh: JMH gave no result for $b (its output is above)" >&2
        exit 1
      fi
      jparts+=("$part")
    done
    "$torch_python" -c 'import json, sys
out = [b for f in sys.argv[2:] for b in json.load(open(f))]
json.dump(out, open(sys.argv[1], "w"), indent=2)' "$results/jmh-$p.json" "${jparts[@]}"
    rm -f "${jparts[@]}" "$results/.jmh.log"
  done
fi

# A part that fails (say, out of memory) is reported and its results left out; the others go on.
failed=()
fail() {
  echo "run-bench.sh: $1 failed; its results are left out of the report" >&2
  failed+=("$1")
}

if has torch; then
  step "PyTorch 1.13 microbenchmarks ($torch_python)" torch
  rm -f "$results/torch.json"
  "$torch_python" "$bench/torch_bench.py" --threads "$threads" --quiet-wait "$quiet_wait" \
    --warmup "$torch_warmup" --time "$torch_time" --filter "$torch_filter" \
    --out "$results/torch.json" || fail "PyTorch microbenchmarks"
fi

if has libtorch; then
  step "libtorch 2.10 microbenchmarks (LibtorchBench)" libtorch
  rm -f "$results/libtorch.json" "$results/libtorch-onednn.txt"
  "$java" --enable-native-access=ALL-UNNAMED -cp "$libtorch_cp" jtorch.bench.LibtorchBench \
    --threads "$threads" --quiet-wait "$quiet_wait" --warmup "$torch_warmup" \
    --time "$torch_time" ${torch_filter:+--filter "$torch_filter"} \
    --out "$results/libtorch.json" || fail "libtorch microbenchmarks"
  # Which oneDNN kernels libtorch's convolutions ran (one call of each conv case, verbose).
  ONEDNN_VERBOSE=1 "$java" --enable-native-access=ALL-UNNAMED -cp "$libtorch_cp" \
    jtorch.bench.LibtorchBench --warmup 0 --time 0 --min-samples 1 --max-samples 1 \
    --filter '^conv' | awk -F, '/^onednn_verbose,.*,exec,cpu,/ {print $6 "," $7 "," $8}' |
    sort | uniq -c >"$results/libtorch-onednn.txt" || true
fi

if has e2e; then
  rm -f "$results"/e2e-{jtorch,torch,libtorch}.json
  step "end to end: jtorch, $e2e_epochs epoch(s) (MnistEpoch)" e2e-jtorch
  wait_quiet "e2e"
  "$java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -Djava.util.concurrent.ForkJoinPool.common.parallelism=$((threads - 1)) \
    "${e2e_java_opts[@]}" -cp "$jar" jtorch.bench.MnistEpoch --data "$data" \
    --epochs "$e2e_epochs" "${e2e_limits[@]}" --out "$results/e2e-jtorch.json" 2>&1 |
    grep -v '^WARNING: Using incubator modules' || fail "jtorch end to end"
  step "end to end: PyTorch 1.13, $e2e_other_epochs epoch(s) (torch_mnist.py)" e2e-torch
  wait_quiet "e2e"
  "$torch_python" "$bench/torch_mnist.py" --data "$data/MNIST/raw" --threads "$threads" \
    --epochs "$e2e_other_epochs" "${e2e_limits[@]}" --quiet --out "$results/e2e-torch.json" ||
    fail "PyTorch end to end"
  step "end to end: libtorch 2.10, $e2e_other_epochs epoch(s) (LibtorchMnistEpoch)" e2e-libtorch
  wait_quiet "e2e"
  "$java" --enable-native-access=ALL-UNNAMED -cp "$libtorch_cp" jtorch.bench.LibtorchMnistEpoch \
    --data "$data" --threads "$threads" --epochs "$e2e_other_epochs" "${e2e_limits[@]}" \
    --out "$results/e2e-libtorch.json" | grep -E '^(libtorch|epoch|inference|peak)' ||
    fail "libtorch end to end"
fi

if [[ -z "${NO_REPORT:-}" ]]; then
  step "report" report
  "$torch_python" "$bench/report.py" --results "$results" --paths "$paths" \
    --busy "$results/.busy" ${doc:+--doc "$doc"} --commit "${BENCH_COMMIT:-}" \
    --java "$java" --jar "$jar"
fi
rm -f "$results/.busy"
step "done"
if ((${#failed[@]})); then
  echo "run-bench.sh: these parts failed: ${failed[*]}" >&2
  exit 1
fi
