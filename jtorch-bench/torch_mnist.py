#!/usr/bin/env python3
"""The tutorial's PyTorch MNIST job, for timing beside `./jtorch mnist` on the same machine.

Run with Debian's PyTorch (no torchvision needed; the IDX files are read directly):

    /usr/bin/python3 jtorch-bench/torch_mnist.py --data ../shared/data/mnist --epochs 2

It prints the tutorial's log lines and, on stderr, each epoch's train and test time. With --out
it also writes them as JSON (the end-to-end part of jtorch-bench/run-bench.sh, beside
jtorch.bench.MnistEpoch and LibtorchMnistEpoch), with the peak resident set of the process.
"""
import argparse
import gzip
import json
import resource
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


def idx(path):
    with gzip.open(path, "rb") as f:
        magic, n = struct.unpack(">II", f.read(8))
        dims = [n] + ([struct.unpack(">I", f.read(4))[0] for _ in range((magic & 0xFF) - 1)])
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def dataset(root, prefix):
    x = torch.tensor(idx(f"{root}/{prefix}-images-idx3-ubyte.gz"), dtype=torch.float32) / 255.0
    x = ((x - 0.1302) / 0.3069).unsqueeze(1)
    y = torch.tensor(idx(f"{root}/{prefix}-labels-idx1-ubyte.gz"), dtype=torch.int64)
    return TensorDataset(x, y)


class ConvNet(nn.Module):
    def __init__(self):
        super(ConvNet, self).__init__()
        self.cn1 = nn.Conv2d(1, 16, 3, 1)
        self.cn2 = nn.Conv2d(16, 32, 3, 1)
        self.dp1 = nn.Dropout(0.10)
        self.dp2 = nn.Dropout(0.25)
        self.fc1 = nn.Linear(4608, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.cn1(x))
        x = F.relu(self.cn2(x))
        x = F.max_pool2d(x, 2)
        x = self.dp1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dp2(x)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


def train(model, loader, optim, epoch, batch_limit=0, quiet=False):
    """One epoch (or its first batch_limit batches); returns (batches, samples, last loss)."""
    model.train()
    samples = 0
    loss = None
    b_i = -1
    for b_i, (X, y) in enumerate(loader):
        optim.zero_grad()
        loss = F.nll_loss(model(X), y)
        loss.backward()
        optim.step()
        samples += len(X)
        if batch_limit and b_i + 1 >= batch_limit:
            break
        if b_i % 10 == 0 and not quiet:
            print("epoch: {} [{}/{} ({:.0f}%)]\t training loss: {:.6f}".format(
                epoch, b_i * len(X), len(loader.dataset), 100.0 * b_i / len(loader), loss.item()))
    return b_i + 1, samples, loss.item() if loss is not None else float("nan")


def test(model, loader, quiet=False):
    model.eval()
    loss, success = 0, 0
    with torch.no_grad():
        for X, y in loader:
            pred_prob = model(X)
            loss += F.nll_loss(pred_prob, y, reduction="sum").item()
            pred = pred_prob.argmax(dim=1, keepdim=True)
            success += pred.eq(y.view_as(pred)).sum().item()
    loss /= len(loader.dataset)
    if not quiet:
        print("\nTest dataset: Overall Loss: {:.4f}, Overall Accuracy: {}/{} ({:.0f}%)\n".format(
            loss, success, len(loader.dataset), 100.0 * success / len(loader.dataset)))
    return loss, success


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/mnist")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: default)")
    p.add_argument("--batch-limit", type=int, default=0, help="train on the first N batches only")
    p.add_argument("--test-limit", type=int, default=0, help="test on the first N images only")
    p.add_argument("--infer-repeats", type=int, default=0,
                   help="timed inference passes over the test set after training")
    p.add_argument("--quiet", action="store_true", help="no tutorial log lines")
    p.add_argument("--out", help="write the per-epoch figures as JSON")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    t_load = time.perf_counter()
    torch.manual_seed(0)
    train_ds = dataset(a.data, "train")
    test_ds = dataset(a.data, "t10k")
    if a.test_limit:
        test_ds = TensorDataset(*(t[: a.test_limit] for t in test_ds.tensors))
    train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
    test_loader = DataLoader(test_ds, batch_size=500, shuffle=False)
    model = ConvNet()
    optim = torch.optim.Adadelta(model.parameters(), lr=0.5)
    load_s = time.perf_counter() - t_load
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads", file=sys.stderr)
    epochs = []
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        batches, samples, last = train(model, train_loader, optim, epoch, a.batch_limit, a.quiet)
        t1 = time.perf_counter()
        test_loss, correct = test(model, test_loader, a.quiet)
        t2 = time.perf_counter()
        n_test = len(test_loader.dataset)
        print(f"epoch {epoch}: train {t1 - t0:.1f} s ({samples / (t1 - t0):.0f}"
              f" images/s), test {t2 - t1:.1f} s ({n_test / (t2 - t1):.0f} images/s, accuracy"
              f" {correct}/{n_test})", file=sys.stderr)
        epochs.append({"epoch": epoch, "train_batches": batches, "train_samples": samples,
                       "train_s": t1 - t0, "train_samples_per_s": samples / (t1 - t0),
                       "last_loss": last, "test_samples": n_test, "test_s": t2 - t1,
                       "test_samples_per_s": n_test / (t2 - t1), "test_loss": test_loss,
                       "test_correct": int(correct)})
    infer = []
    for _ in range(a.infer_repeats):
        t0 = time.perf_counter()
        test(model, test_loader, quiet=True)
        infer.append(time.perf_counter() - t0)
    extra = {}
    if infer:
        n_test = len(test_loader.dataset)
        med = sorted(infer)[len(infer) // 2] if len(infer) % 2 else \
            sum(sorted(infer)[len(infer) // 2 - 1: len(infer) // 2 + 1]) / 2
        print(f"inference over {n_test} test images at batch 500: median {med:.3f} s of "
              f"{len(infer)} ({n_test / med:.0f} samples/s)", file=sys.stderr)
        extra = {"infer_s": infer, "infer_samples": n_test, "infer_median_s": med,
                 "infer_samples_per_s": n_test / med}
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_rss_mb:.1f} MB", file=sys.stderr)
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"side": "torch", "torch_version": torch.__version__,
                       "threads": torch.get_num_threads(), "batch": 32, "test_batch": 500,
                       "lr": 0.5, "batch_limit": a.batch_limit, "load_s": load_s,
                       "peak_rss_mb": peak_rss_mb, "epochs": epochs, **extra}, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
