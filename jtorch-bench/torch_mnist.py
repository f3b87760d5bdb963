#!/usr/bin/env python3
"""The tutorial's PyTorch MNIST job, for timing beside `./jtorch mnist` on the same machine.

Run with Debian's PyTorch (no torchvision needed; the IDX files are read directly):

    /usr/bin/python3 jtorch-bench/torch_mnist.py --data ../shared/data/mnist --epochs 2

It prints the tutorial's log lines and, on stderr, each epoch's train and test time.
"""
import argparse
import gzip
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


def train(model, loader, optim, epoch):
    model.train()
    for b_i, (X, y) in enumerate(loader):
        optim.zero_grad()
        loss = F.nll_loss(model(X), y)
        loss.backward()
        optim.step()
        if b_i % 10 == 0:
            print("epoch: {} [{}/{} ({:.0f}%)]\t training loss: {:.6f}".format(
                epoch, b_i * len(X), len(loader.dataset), 100.0 * b_i / len(loader), loss.item()))


def test(model, loader):
    model.eval()
    loss, success = 0, 0
    with torch.no_grad():
        for X, y in loader:
            pred_prob = model(X)
            loss += F.nll_loss(pred_prob, y, reduction="sum").item()
            pred = pred_prob.argmax(dim=1, keepdim=True)
            success += pred.eq(y.view_as(pred)).sum().item()
    loss /= len(loader.dataset)
    print("\nTest dataset: Overall Loss: {:.4f}, Overall Accuracy: {}/{} ({:.0f}%)\n".format(
        loss, success, len(loader.dataset), 100.0 * success / len(loader.dataset)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="../shared/data/mnist")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: default)")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    train_loader = DataLoader(dataset(a.data, "train"), batch_size=32, shuffle=True)
    test_loader = DataLoader(dataset(a.data, "t10k"), batch_size=500, shuffle=False)
    model = ConvNet()
    optim = torch.optim.Adadelta(model.parameters(), lr=0.5)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads", file=sys.stderr)
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        train(model, train_loader, optim, epoch)
        t1 = time.perf_counter()
        test(model, test_loader)
        t2 = time.perf_counter()
        print(f"epoch {epoch}: train {t1 - t0:.1f} s ({len(train_loader.dataset) / (t1 - t0):.0f}"
              f" images/s), test {t2 - t1:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
