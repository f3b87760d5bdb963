#!/usr/bin/env python3
"""Times in PyTorch the ops that jtorch-bench's JMH benchmarks time in jtorch.

Same ops, shapes, dtype (float32), seed and thread count (2 by default) as the JMH
benchmarks (ElementwiseBench, ReductionBench, MatmulBench, LinearMatmulBench, ConvBench,
PoolLossBench, TrainStepBench) and libtorch's LibtorchBench, under the same case names. Each
case is warmed up, then timed in samples (one sample = a batch of calls long enough to time
well); the reported time is the median per-call time over the samples. Output: one JSON file.

Run with a Python that has torch (Debian's /usr/bin/python3 here):
    /usr/bin/python3 jtorch-bench/torch_bench.py --out jtorch-bench/results/torch.json
"""

import argparse
import json
import math
import os
import platform
import re
import statistics
import sys
import time

ELEMENTWISE_SIZES = [1 << 20, 1 << 22, 1 << 24]
MATMUL_SIZES = [128, 256, 512, 1024, 2048]
# The ConvNet's linear layers at batch 32 as [M, K] @ [K, N] (LinearMatmulBench).
MM_SHAPES = ["32x4608x64", "64x32x4608", "32x64x4608", "32x64x10", "10x32x64", "32x10x64"]
CONV_BATCHES = [32, 128]
BATCH = 32
SEED = 42


def cpu_busy(seconds):
    """Percent of CPU time used (by anything) over the next `seconds`, from /proc/stat."""
    def read():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
        return v[3] + v[4], sum(v)

    idle0, total0 = read()
    time.sleep(seconds)
    idle1, total1 = read()
    total = max(total1 - total0, 1)
    return round(100 * (total - (idle1 - idle0)) / total)


def wait_quiet(limit_s):
    """Waits up to limit_s for the CPUs to be idle (< 10 % busy); returns the last busy %."""
    if not os.path.exists("/proc/stat"):
        return None
    busy = cpu_busy(2)
    waited = 0
    while busy > 10 and waited < limit_s:
        print(f"   other processes use {busy}% of the CPUs; waiting (up to {limit_s:.0f}s)...",
              flush=True)
        time.sleep(8)
        waited += 10
        busy = cpu_busy(2)
    return busy


def time_case(fn, warmup_s, measure_s, min_samples, max_samples):
    """Median seconds per call of fn() after a warm-up, with the sample statistics."""
    # Warm-up: at least two calls, and at least warmup_s seconds.
    calls = 0
    start = time.perf_counter()
    while calls < 2 or time.perf_counter() - start < warmup_s:
        fn()
        calls += 1
    estimate = (time.perf_counter() - start) / calls
    # One sample is a batch of calls of at least ~20 ms, so the clock's resolution and the
    # Python loop do not matter.
    batch = max(1, math.ceil(0.02 / max(estimate, 1e-9)))
    samples = []
    begin = time.perf_counter()
    while len(samples) < max_samples and (
        len(samples) < min_samples or time.perf_counter() - begin < measure_s
    ):
        t0 = time.perf_counter()
        for _ in range(batch):
            fn()
        samples.append((time.perf_counter() - t0) / batch)
    return {
        "median_s": statistics.median(samples),
        "min_s": min(samples),
        "max_s": max(samples),
        "samples": len(samples),
        "calls_per_sample": batch,
        "samples_s": samples,
    }


def torch_facts(torch):
    config = torch.__config__.show()
    capability = re.search(r"CPU capability usage: (\S+)", config)
    blas = re.search(r"BLAS_INFO=([^,\s]+)", config)
    return {
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "cpu_capability": capability.group(1) if capability else "unknown",
        "blas_info": blas.group(1) if blas else "unknown",
        "mkl": torch.backends.mkl.is_available(),
        "mkldnn": torch.backends.mkldnn.is_available(),
        "openmp": torch.backends.openmp.is_available(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    parser.add_argument("--warmup", type=float, default=float(os.environ.get("TORCH_WARMUP_S", 1.0)),
                        help="seconds of warm-up a case (at least 2 calls)")
    parser.add_argument("--time", type=float, default=float(os.environ.get("TORCH_TIME_S", 3.0)),
                        help="seconds of samples a case (at least --min-samples)")
    parser.add_argument("--min-samples", type=int, default=5)
    parser.add_argument("--max-samples", type=int, default=200)
    parser.add_argument("--quiet-wait", type=float, default=0,
                        help="before each case wait up to this many seconds for idle CPUs")
    parser.add_argument("--filter", default=os.environ.get("TORCH_FILTER", ""),
                        help="regex on 'op:size'; only matching cases run")
    args = parser.parse_args()

    import torch
    import torch.nn.functional as F

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    import torch_mnist  # the same ConvNet class as the end-to-end run

    torch.set_num_threads(args.threads)
    torch.set_grad_enabled(False)  # as the JMH side: inputs do not require grad

    cases = []
    for size in ELEMENTWISE_SIZES:
        torch.manual_seed(SEED)
        a = torch.randn(size, dtype=torch.float32)
        b = torch.randn(size, dtype=torch.float32)
        acc = torch.randn(size, dtype=torch.float32)
        cases.append(("add", size, lambda a=a, b=b: a.add(b)))
        # Supplementary: the same add without allocating an output (ElementwiseBench.addInPlace).
        cases.append(("add_", size, lambda acc=acc, b=b: acc.add_(b)))
        cases.append(("mul", size, lambda a=a, b=b: a.mul(b)))
        cases.append(("relu", size, lambda a=a: a.relu()))
        cases.append(("exp", size, lambda a=a: a.exp()))
        rows = a.view(-1, 1024)
        cases.append(("sum", size, lambda a=a: a.sum()))
        cases.append(("mean_dim", size, lambda rows=rows: rows.mean(1)))
        cases.append(("max_dim", size, lambda rows=rows: rows.max(1).values))
    for n in MATMUL_SIZES:
        torch.manual_seed(SEED)
        a = torch.randn(n, n, dtype=torch.float32)
        b = torch.randn(n, n, dtype=torch.float32)
        cases.append(("matmul", n, lambda a=a, b=b: a.matmul(b)))
        # Supplementary: the same product through oneDNN (bundled with this torch), for an
        # optimised-kernel reference: this build's a.matmul(b) calls the system BLAS, which on
        # Debian defaults to the unoptimised reference BLAS. mkldnn_linear(x, w) is x @ w.T.
        if torch.backends.mkldnn.is_available():
            am = a.to_mkldnn()
            btm = b.t().contiguous().to_mkldnn()
            cases.append(("matmul_onednn", n,
                          lambda am=am, btm=btm: torch._C._nn.mkldnn_linear(am, btm, None)))

    for shape in MM_SHAPES:
        torch.manual_seed(SEED)
        m, k, n = (int(v) for v in shape.split("x"))
        a = torch.randn(m, k, dtype=torch.float32)
        b = torch.randn(k, n, dtype=torch.float32)
        cases.append(("mm", shape, lambda a=a, b=b: a.matmul(b)))

    # The tutorial ConvNet's two convolutions (ConvBench): forward without a graph,
    # and forward + backward as in training (cn2's input is an activation, so it gets a gradient).
    for batch in CONV_BATCHES:
        torch.manual_seed(SEED)
        cn1 = torch.nn.Conv2d(1, 16, 3, 1)
        cn2 = torch.nn.Conv2d(16, 32, 3, 1)
        x1 = torch.randn(batch, 1, 28, 28)
        x2 = torch.randn(batch, 16, 26, 26).requires_grad_()
        g1 = torch.randn(batch, 16, 26, 26)
        g2 = torch.randn(batch, 32, 24, 24)

        def train_step(layer, x, g):
            with torch.enable_grad():
                layer.zero_grad(set_to_none=True)
                x.grad = None
                layer(x).backward(g)

        cases.append(("conv1_fwd", batch, lambda cn1=cn1, x1=x1: cn1(x1)))
        cases.append(("conv1_fwd_bwd", batch,
                      lambda cn1=cn1, x1=x1, g1=g1: train_step(cn1, x1, g1)))
        cases.append(("conv2_fwd", batch, lambda cn2=cn2, x2=x2: cn2(x2)))
        cases.append(("conv2_fwd_bwd", batch,
                      lambda cn2=cn2, x2=x2, g2=g2: train_step(cn2, x2, g2)))

    # Max pooling and the loss at batch 32 (PoolLossBench).
    torch.manual_seed(SEED)
    xp = torch.randn(BATCH, 32, 24, 24).requires_grad_()
    gp = torch.randn(BATCH, 32, 12, 12)
    z = torch.randn(BATCH, 10).requires_grad_()
    y = torch.randint(10, (BATCH,))

    def pool_bwd():
        with torch.enable_grad():
            xp.grad = None
            F.max_pool2d(xp, 2).backward(gp)

    def loss_bwd():
        with torch.enable_grad():
            z.grad = None
            F.nll_loss(F.log_softmax(z, 1), y).backward()

    cases.append(("maxpool_fwd", BATCH, lambda: F.max_pool2d(xp, 2)))
    cases.append(("maxpool_fwd_bwd", BATCH, pool_bwd))
    cases.append(("logsoftmax_nll_fwd", BATCH, lambda: F.nll_loss(F.log_softmax(z, 1), y)))
    cases.append(("logsoftmax_nll_fwd_bwd", BATCH, loss_bwd))

    # One training step of the ConvNet at batch 32 (TrainStepBench): zero_grad, forward,
    # nll_loss, backward, Adadelta(lr 0.5) step, loss.item().
    torch.manual_seed(SEED)
    net = torch_mnist.ConvNet()
    net.train()
    opt = torch.optim.Adadelta(net.parameters(), lr=0.5)
    xs = [torch.randn(BATCH, 1, 28, 28) for _ in range(8)]
    ys = [torch.randint(10, (BATCH,)) for _ in range(8)]
    step_index = [0]

    def convnet_step():
        i = step_index[0]
        step_index[0] = (i + 1) % len(xs)
        with torch.enable_grad():
            opt.zero_grad()
            loss = F.nll_loss(net(xs[i]), ys[i])
            loss.backward()
            opt.step()
        return loss.item()

    cases.append(("train_step", BATCH, convnet_step))

    pattern = re.compile(args.filter) if args.filter else None
    results = []
    for op, size, fn in cases:
        if pattern and not pattern.search(f"{op}:{size}"):
            continue
        busy = wait_quiet(args.quiet_wait) if args.quiet_wait > 0 else None
        r = time_case(fn, args.warmup, args.time, args.min_samples, args.max_samples)
        r.update({"op": op, "size": size, "busy_before": busy})
        results.append(r)
        print(f"  torch {op:22s} {size!s:>12}  {r['median_s'] * 1e6:12.1f} us  "
              f"({r['samples']} samples x {r['calls_per_sample']} calls)", flush=True)

    out = {
        "facts": torch_facts(torch),
        "settings": {
            "warmup_s": args.warmup,
            "time_s": args.time,
            "min_samples": args.min_samples,
            "seed": SEED,
            "dtype": "float32",
        },
        "results": results,
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
