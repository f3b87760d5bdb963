#!/usr/bin/env bash
# Runs jtorch's CPU benchmarks and compares them with PyTorch:
#   1. builds jtorch-bench/<target>/benchmarks.jar (the JMH uber jar),
#   2. runs JMH on it, once per jtorch kernel path (Vector API, and scalar for comparison),
#      writing jtorch-bench/results/jmh-<path>.json,
#   3. times the same ops in PyTorch (torch_bench.py -> results/torch.json),
#   4. prints the table and writes docs/performance.md (report.py).
#
# Usage: jtorch-bench/run-bench.sh   (about 10 minutes on 2 cores, plus waits for idle CPUs)
#
# Settings (environment):
#   BENCH_PATHS     jtorch kernel paths to run, in order: "vector scalar" (default), "vector",
#                   "scalar". vector = fork JVMs with --add-modules jdk.incubator.vector;
#                   scalar = the same plus -Djtorch.vector=false.
#   BENCH_FILTER    JMH benchmark regex (default: all of jtorch.bench)
#   JMH_WI JMH_W    warm-up iterations and their length (default 5, 1s)
#   JMH_I JMH_R     measured iterations and their length (default 10, 500ms); the report takes
#                   the median iteration, which one disturbed iteration does not move
#   JMH_F           forks (default 1)
#   JMH_EXTRA       more JMH options, e.g. "-prof gc"
#   JTORCH_TARGET   build folder name in each module (default target-bench, so that the
#                   benchmarks never share outputs with a concurrent ./mvnw verify)
#   SKIP_BUILD=1    use the benchmarks.jar already built
#   SKIP_TORCH=1    do not run PyTorch (the report then keeps the last results/torch.json)
#   TORCH_PYTHON    a python3 with torch (default /usr/bin/python3: Debian's python3-torch)
#   BENCH_THREADS   threads of both sides (default 2, the core count here): jtorch's common
#                   fork-join pool gets BENCH_THREADS - 1 workers (plus the calling thread),
#                   PyTorch torch.set_num_threads(BENCH_THREADS)
#   TORCH_WARMUP_S TORCH_TIME_S   PyTorch warm-up and sampling seconds a case (default 1, 3)
#   QUIET_WAIT_S    before each benchmark (JMH) and each case (PyTorch), waits up to this long
#                   for other processes to leave the CPUs idle (< 10 % busy over 2 s; default
#                   60; 0 = do not wait). The report records how busy they were.
#   NO_REPORT=1     stop after the measurements
#   BENCH_RESULTS   results folder (default jtorch-bench/results)
#   BENCH_DOC       the report written (default docs/performance.md)
#   BENCH_COMMIT    what the report names as the measured sources (default: git HEAD)
#
# Only the JMH part:  java -jar jtorch-bench/target-bench/benchmarks.jar [JMH options]
#   (its forks get --add-modules jdk.incubator.vector from @Fork; for the scalar path add
#    -jvmArgsPrepend -Djtorch.vector=false; a -jvmArgsAppend would replace the @Fork flags).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bench="$root/jtorch-bench"
results=${BENCH_RESULTS:-$bench/results}
doc=${BENCH_DOC:-$root/docs/performance.md}
mkdir -p "$results"

paths=${BENCH_PATHS:-vector scalar}
filter=${BENCH_FILTER:-jtorch\.bench\..*}
target=${JTORCH_TARGET:-target-bench}
jar="$bench/$target/benchmarks.jar"
torch_python=${TORCH_PYTHON:-/usr/bin/python3}
threads=${BENCH_THREADS:-2}
quiet_wait=${QUIET_WAIT_S:-60}
jmh_opts=(-wi "${JMH_WI:-5}" -w "${JMH_W:-1s}" -i "${JMH_I:-10}" -r "${JMH_R:-500ms}" -f "${JMH_F:-1}")
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
if [[ -z "${SKIP_TORCH:-}" ]] && ! "$torch_python" -c 'import torch' 2>/dev/null; then
  echo "run-bench.sh: $torch_python cannot import torch; set TORCH_PYTHON or SKIP_TORCH=1" >&2
  exit 2
fi

# shellcheck source=/dev/null
. "$root/.mvn/find-jdk.sh"
java="$JAVA_HOME/bin/java"

started=$(date +%s)
step() { printf '\n== %s (%ds)\n' "$1" "$(($(date +%s) - started))"; }

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

if [[ -z "${SKIP_BUILD:-}" ]]; then
  step "build $jar"
  ./mvnw -B -ntp -q -Djtorch.target="$target" -pl jtorch-bench -am package \
    -DskipTests -Dspotless.check.skip=true
fi
[[ -f "$jar" ]] || { echo "run-bench.sh: $jar is missing (unset SKIP_BUILD)" >&2; exit 1; }

rm -f "$results/.busy"
# The benchmarks that the filter selects, each run by its own JMH call after a quiet check.
mapfile -t benches < <("$java" -jar "$jar" -l "$filter" 2>/dev/null | grep '^jtorch\.bench\.')
((${#benches[@]})) || { echo "run-bench.sh: no benchmark matches '$filter'" >&2; exit 1; }
for p in $paths; do
  flags=(-Djava.util.concurrent.ForkJoinPool.common.parallelism=$((threads - 1)))
  [[ "$p" == scalar ]] && flags+=(-Djtorch.vector=false)
  # What the forks will run: the same module and property flags as @Fork plus the path's.
  "$java" --add-modules=jdk.incubator.vector "${flags[@]}" -cp "$jar" jtorch.bench.KernelInfo \
    2>/dev/null >"$results/kernels-$p.txt"
  echo "path=$p" >>"$results/kernels-$p.txt"
  echo "jmh_options=${jmh_opts[*]}" >>"$results/kernels-$p.txt"
  step "JMH, jtorch $p kernels ($(sed -n 's/^kernels=//p' "$results/kernels-$p.txt"))"
  parts=()
  for b in "${benches[@]}"; do
    wait_quiet "jmh-$p:${b#jtorch.bench.}"
    part="$results/.jmh-$p-${#parts[@]}.json"
    # Forks also inherit this JVM's flags; it gets none, so they run @Fork's plus the prepended.
    "$java" -jar "$jar" "^${b//./\\.}\$" "${jmh_opts[@]}" -jvmArgsPrepend "${flags[*]}" \
      -rf json -rff "$part" >"$results/.jmh.log" 2>&1 || true
    grep -E '^[A-Za-z]+Bench\.' "$results/.jmh.log" || true
    if ! grep -q '"benchmark"' "$part" 2>/dev/null; then
      tail -n 40 "$results/.jmh.log" >&2
      echo "run-bench.sh: JMH gave no result for $b (its output is above)" >&2
      exit 1
    fi
    parts+=("$part")
  done
  "$torch_python" -c 'import json, sys
out = [b for f in sys.argv[2:] for b in json.load(open(f))]
json.dump(out, open(sys.argv[1], "w"), indent=2)' "$results/jmh-$p.json" "${parts[@]}"
  rm -f "${parts[@]}" "$results/.jmh.log"
done

if [[ -z "${SKIP_TORCH:-}" ]]; then
  step "PyTorch ($torch_python)"
  "$torch_python" "$bench/torch_bench.py" --threads "$threads" --quiet-wait "$quiet_wait" \
    --out "$results/torch.json"
fi

if [[ -z "${NO_REPORT:-}" ]]; then
  step "report"
  "$torch_python" "$bench/report.py" --results "$results" --paths "$paths" \
    --busy "$results/.busy" --doc "$doc" --commit "${BENCH_COMMIT:-}"
fi
rm -f "$results/.busy"
step "done"
