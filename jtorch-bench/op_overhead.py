"""PyTorch's side of jtorch.bench.OpOverhead: the fixed cost of one op (Python included).

    /usr/bin/python3 jtorch-bench/op_overhead.py
"""

import time

import torch


def best(f, n):
    """Best time per call over 30 batches of n calls, in ns."""
    b = float("inf")
    for _ in range(30):
        t0 = time.perf_counter()
        for _ in range(n):
            f()
        b = min(b, (time.perf_counter() - t0) / n)
    return b * 1e9


def main():
    torch.set_num_threads(2)
    x, y = torch.randn(16), torch.randn(16)
    xg, yg = torch.randn(16, requires_grad=True), torch.randn(16, requires_grad=True)

    def backward():
        xg.grad = None
        (xg * yg).sum().backward()

    print("PyTorch %s: add %.0f ns, add with autograd %.0f ns, mul+sum+backward %.0f ns" % (
        torch.__version__, best(lambda: x.add(y), 20000), best(lambda: xg.add(yg), 20000),
        best(backward, 2000)))


if __name__ == "__main__":
    main()
