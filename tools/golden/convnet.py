#!/usr/bin/env python3
"""Writes the reference data of the tutorial's ConvNet that jtorch.nn's tests read.

Run it with Debian's python3-torch (torch 1.13), not a pyenv/venv python, from anywhere:

    /usr/bin/python3 tools/golden/convnet.py

It reads the first 96 training images of MNIST from ../shared/data/mnist (the original gz files)
and (re)writes, under jtorch-core/src/test/resources/golden/:

  convnet_init.safetensors   the state dict of ConvNet() right after torch.manual_seed(0), keys of
                             the module class (cn1.weight, cn1.bias, ..., fc2.bias); the Sequential
                             form's keys are 0.*, 2.*, 7.*, 10.* (the test maps them)
  convnet_steps.safetensors  three training steps of Adadelta(lr=0.5) from those weights:
                               images  U8  [3,32,1,28,28]  the batches, raw pixels
                               labels  I64 [3,32]
                               x_sum   F64 [3]    sum of each normalised batch (float32 values
                                                  summed in float64), to check the normalisation
                               loss    F32 [3]    nll_loss of each step, before its update
                               step<s>.grad.<param>, step<s>.param.<param>  (s = 1, 2, 3)
                                                  the gradients of step s and the parameters after
                                                  its update; fc1.weight (294,912 values) as
                                                  every 7th element of the flat tensor, keyed
                                                  <...>.fc1.weight.every7, to keep the file small
  convnet_steps_f64.safetensors  the same steps in float64 (the initial weights and the normalised
                             batches converted to float64): the step<s>.grad.* and step<s>.param.*
                             tensors above, as F64. A float32 run may sit on either side of a
                             near-tie (two max-pool inputs within a rounding error of each other
                             route a gradient to different pixels), so the test accepts a tensor
                             close to either run.
  modules.txt                PyTorch's printouts and messages for the Module API tests: blocks
                               == <key>
                               <text, any number of lines>
                             (the text ends before the next "== " line; no trailing newline)

The batches are normalised as the tutorial's transforms do (ToTensor, Normalize((0.1302,),
(0.3069,))): x = images.float() / 255, then (x - 0.1302) / 0.3069, all in float32. Training runs
in train mode, but with both dropout modules in eval mode: PyTorch's dropout masks come from its
own RNG stream, which jtorch does not reproduce, and dropout in eval mode is the identity (the
same as p = 0). Everything else (conv, ReLU, max pooling, linear, log-softmax, NLL, backward,
Adadelta) is compared.

The safetensors files are written by a small writer implemented from the format description
(see tools/safetensors/write_reference.py; Python's safetensors package is not available here).
"""

import gzip
import json
import pathlib

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "jtorch-core/src/test/resources/golden"
MNIST = ROOT.parent / "shared/data/mnist"

SEED = 0
BATCHES, BATCH = 3, 32
EVERY = 7  # fc1.weight subsample step
CODES = {torch.uint8: "U8", torch.int64: "I64", torch.float32: "F32", torch.float64: "F64"}


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
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


def sequential(fc1_in=4608):
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, 1), nn.ReLU(), nn.Conv2d(16, 32, 3, 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Dropout(0.10), nn.Flatten(), nn.Linear(fc1_in, 64), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(64, 10), nn.LogSoftmax(dim=1))


class Nested(nn.Module):
    """Nested Sequentials, batch norm, Conv2d with padding, dilation, groups, no bias, 'same'."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1, bias=False),
            nn.BatchNorm2d(8),
            nn.ReLU(),
            nn.Conv2d(8, 8, 3, stride=2, padding=2, dilation=2, groups=4, bias=False),
            nn.Conv2d(8, 16, 4, padding="same"),
            nn.Sequential(nn.MaxPool2d(2), nn.Dropout(0.5)))
        self.pool = nn.AvgPool2d(3, stride=1, padding=1)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(64, 10), nn.BatchNorm1d(10),
                                  nn.Softmax(dim=1))

    def forward(self, x):
        return self.head(self.pool(self.features(x)))


# ---- data --------------------------------------------------------------------------------------

def mnist(n):
    with gzip.open(MNIST / "train-images-idx3-ubyte.gz") as f:
        raw = f.read(16 + n * 784)
    with gzip.open(MNIST / "train-labels-idx1-ubyte.gz") as f:
        lab = f.read(8 + n)
    images = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).reshape(n, 1, 28, 28)
    labels = torch.frombuffer(bytearray(lab[8:]), dtype=torch.uint8).to(torch.int64)
    return images, labels


def normalise(images):
    return images.float().div(255).sub(0.1302).div(0.3069)


# ---- safetensors writer ------------------------------------------------------------------------

def safetensors(state):
    header = {}
    data = []
    offset = 0
    for name, x in state.items():
        b = x.detach().contiguous().reshape(-1).numpy().astype(
            x.detach().numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": CODES[x.dtype], "shape": list(x.shape),
                        "data_offsets": [offset, offset + len(b)]}
        data.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)
    return len(h).to_bytes(8, "little") + h + b"".join(data)


def flat_key(prefix, name, t):
    if name == "fc1.weight":
        return prefix + name + ".every%d" % EVERY, t.detach().reshape(-1)[::EVERY].clone()
    return prefix + name, t.detach().clone()


# ---- training steps ----------------------------------------------------------------------------

def steps(model, dtype=torch.float32):
    images, labels = mnist(BATCHES * BATCH)
    images = images.reshape(BATCHES, BATCH, 1, 28, 28)
    labels = labels.reshape(BATCHES, BATCH)
    out = {"images": images, "labels": labels}
    sums, losses = [], []
    opt = torch.optim.Adadelta(model.parameters(), lr=0.5)
    model.train()
    model.dp1.eval()
    model.dp2.eval()
    for s in range(BATCHES):
        x = normalise(images[s])
        sums.append(x.double().sum().item())
        x = x.to(dtype)
        opt.zero_grad()
        loss = F.nll_loss(model(x), labels[s])
        loss.backward()
        losses.append(loss.item())
        for name, p in model.named_parameters():
            k, v = flat_key("step%d.grad." % (s + 1), name, p.grad)
            out[k] = v
        opt.step()
        for name, p in model.named_parameters():
            k, v = flat_key("step%d.param." % (s + 1), name, p)
            out[k] = v
        print("step %d: loss %.9g" % (s + 1, losses[-1]))
    out["x_sum"] = torch.tensor(sums, dtype=torch.float64)
    out["loss"] = torch.tensor(losses, dtype=torch.float32)
    return out


# ---- printouts and messages ---------------------------------------------------------------------

def error_of(fn):
    try:
        fn()
    except RuntimeError as e:
        return str(e)
    raise AssertionError("no error")


def module_facts():
    torch.manual_seed(SEED)
    net = ConvNet()
    seq = sequential()
    nested = Nested()
    facts = {
        "print.ConvNet": str(net),
        "print.Sequential": str(seq),
        "print.SequentialTypo": str(sequential(4068)),
        "print.Nested": str(nested),
        "named_parameters.ConvNet": "\n".join(
            "%s %s" % (n, list(p.shape)) for n, p in net.named_parameters()),
        "named_parameters.Sequential": "\n".join(
            "%s %s" % (n, list(p.shape)) for n, p in seq.named_parameters()),
        "numel.ConvNet": str(sum(p.numel() for p in net.parameters())),
        "state_dict.Nested": "\n".join(
            "%s %s %s" % (k, str(v.dtype)[6:], list(v.shape))
            for k, v in nested.state_dict().items()),
        "named_buffers.Nested": "\n".join(n for n, _ in nested.named_buffers()),
        "named_children.Nested": "\n".join(n for n, _ in nested.named_children()),
        "modules.Nested": "\n".join(type(m).__name__ for m in nested.modules()),
    }
    state = dict(net.state_dict())
    # missing keys, an unexpected key and a size mismatch together
    bad = {k: v for k, v in state.items() if k not in ("cn2.bias", "fc1.weight")}
    bad["fc2.bias"] = torch.zeros(9)
    bad["fc3.weight"] = torch.zeros(2, 2)
    facts["error.strict"] = error_of(lambda: net.load_state_dict(bad))
    facts["error.non_strict_size"] = error_of(lambda: net.load_state_dict(bad, strict=False))
    missing = {k: v for k, v in state.items() if k != "fc2.bias"}
    missing["extra"] = torch.zeros(1)
    facts["error.missing_unexpected"] = error_of(lambda: net.load_state_dict(missing))
    r = net.load_state_dict(missing, strict=False)
    facts["incompatible"] = "missing %s\nunexpected %s" % (r.missing_keys, r.unexpected_keys)
    facts["error.typo"] = error_of(lambda: sequential(4068)(torch.zeros(32, 1, 28, 28)))
    return facts


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(SEED)
    net = ConvNet()
    init = {k: v.clone() for k, v in net.state_dict().items()}
    (OUT / "convnet_init.safetensors").write_bytes(safetensors(init))
    # the Sequential form computes the same: check it here, so the Java test may use one trajectory
    seq = sequential()
    seq.load_state_dict({k: init[n] for k, n in zip(seq.state_dict(), init)})
    trajectory = steps(net)
    seq_trajectory = steps(seq_as_named(seq))
    for k, v in trajectory.items():
        assert torch.equal(v, seq_trajectory[k]), k
    (OUT / "convnet_steps.safetensors").write_bytes(safetensors(trajectory))
    net64 = ConvNet().double()
    net64.load_state_dict(init)
    trajectory64 = steps(net64, torch.float64)
    (OUT / "convnet_steps_f64.safetensors").write_bytes(safetensors(
        {k: v for k, v in trajectory64.items() if k.startswith("step")}))
    facts = module_facts()
    text = "".join("== %s\n%s\n" % (k, v) for k, v in facts.items())
    (OUT / "modules.txt").write_text(text, encoding="utf-8")
    for f in ("convnet_init.safetensors", "convnet_steps.safetensors",
              "convnet_steps_f64.safetensors", "modules.txt"):
        print("wrote %s (%d bytes)" % ((OUT / f).relative_to(ROOT), (OUT / f).stat().st_size))


class seq_as_named(nn.Module):
    """The Sequential form under the module class's parameter names (for the equality check)."""

    def __init__(self, seq):
        super().__init__()
        self.seq = seq
        self.dp1, self.dp2 = seq[5], seq[9]

    def named_parameters(self, *args, **kwargs):
        names = {"0": "cn1", "2": "cn2", "7": "fc1", "10": "fc2"}
        for n, p in self.seq.named_parameters():
            i, rest = n.split(".", 1)
            yield names[i] + "." + rest, p

    def parameters(self, *args, **kwargs):
        return self.seq.parameters()

    def forward(self, x):
        return self.seq(x)


if __name__ == "__main__":
    main()
