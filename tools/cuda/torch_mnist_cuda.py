#!/usr/bin/env python3
"""PyTorch's 2-epoch MNIST job on a GPU, beside `jtorch mnist --device cuda` (tools/cuda/device-check.sh).

The same ConvNet, data, batch sizes and optimizer as jtorch-bench/torch_mnist.py (which runs on the
CPU and has no device option), with the model and each batch on `--device` and the GPU synchronised
before every clock reading:

    python3 tools/cuda/torch_mnist_cuda.py --data device/data/MNIST/raw --epochs 2

Prints each epoch's train and test time and the test accuracy; with --out, also as JSON.
"""
import argparse
import gzip
import json
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    with gzip.open(path, "rb") as f:
        magic, n = struct.unpack(">II", f.read(8))
        dims = [n] + [struct.unpack(">I", f.read(4))[0] for _ in range((magic & 0xFF) - 1)]
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def dataset(root, prefix):
    x = torch.tensor(idx(f"{root}/{prefix}-images-idx3-ubyte.gz"), dtype=torch.float32) / 255.0
    x = ((x - 0.1302) / 0.3069).unsqueeze(1)
    y = torch.tensor(idx(f"{root}/{prefix}-labels-idx1-ubyte.gz"), dtype=torch.int64)
    return x, y


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
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
        return F.log_softmax(self.fc2(x), dim=1)


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="device/data/MNIST/raw")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--device", default="cuda")
    p.add_argument("--batch-limit", type=int, default=0, help="train on the first N batches only")
    p.add_argument("--out", help="write the per-epoch figures as JSON")
    a = p.parse_args()
    device = torch.device(a.device)
    torch.manual_seed(0)
    xs, ys = dataset(a.data, "train")
    xt, yt = dataset(a.data, "t10k")
    model = ConvNet().to(device)
    optim = torch.optim.Adadelta(model.parameters(), lr=0.5)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    print(f"torch {torch.__version__} on {device} ({name})", file=sys.stderr)
    epochs = []
    for epoch in range(1, a.epochs + 1):
        model.train()
        sync(device)
        t0 = time.perf_counter()
        perm = torch.randperm(len(xs))
        loss = None
        n_train = min(len(xs), 32 * a.batch_limit) if a.batch_limit else len(xs)
        for b in range(0, n_train, 32):
            i = perm[b:b + 32]
            x, y = xs[i].to(device, non_blocking=True), ys[i].to(device, non_blocking=True)
            optim.zero_grad()
            loss = F.nll_loss(model(x), y)
            loss.backward()
            optim.step()
        sync(device)
        t1 = time.perf_counter()
        model.eval()
        correct, total_loss = 0, 0.0
        with torch.no_grad():
            for b in range(0, len(xt), 500):
                x, y = xt[b:b + 500].to(device), yt[b:b + 500].to(device)
                out = model(x)
                total_loss += F.nll_loss(out, y, reduction="sum").item()
                correct += out.argmax(1).eq(y).sum().item()
        sync(device)
        t2 = time.perf_counter()
        print(f"epoch {epoch}: train {t1 - t0:.2f} s ({n_train / (t1 - t0):.0f} images/s),"
              f" test {t2 - t1:.2f} s, last loss {loss.item():.4f}, test loss"
              f" {total_loss / len(xt):.4f}, accuracy {correct}/{len(xt)}"
              f" ({100.0 * correct / len(xt):.2f}%)")
        epochs.append({"epoch": epoch, "train_s": t1 - t0, "test_s": t2 - t1,
                       "test_loss": total_loss / len(xt), "test_correct": correct})
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"side": "torch", "torch_version": torch.__version__, "device": str(device),
                       "device_name": name, "batch": 32, "test_batch": 500, "lr": 0.5,
                       "epochs": epochs}, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
