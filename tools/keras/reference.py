#!/usr/bin/env python3
"""Writes the reference values jtorch-keras's tests read, computed from Keras's published formulas.

TensorFlow/Keras is not installed here, so nothing below calls Keras: every value is computed with
numpy (float32, as Keras computes) from the formulas Keras and TensorFlow document and implement:

- Conv2D: channels-last input (N, H, W, C), kernel (kh, kw, in, out) (HWIO), cross-correlation;
  padding "valid", or TensorFlow's "same": out = ceil(in / stride), total padding
  max((out - 1) * stride + (k - 1) * dilation + 1 - in, 0), split with the extra pixel at the
  bottom/right. (The numpy convolution is cross-checked against torch.nn.functional.conv2d; the
  gradients are torch autograd's through F.pad + conv2d / max_pool2d with that padding.)
- MaxPooling2D: strides default to the pool size; "same" pads with -inf as above.
- Flatten: row-major over (H, W, C); Dense: x @ kernel + bias, kernel (in, units).
- SGD, Adam, Adadelta: the update rules of keras.optimizers (Keras 2.11+ / Keras 3), with Keras's
  defaults, for a few steps on a fixed quadratic f(w) = sum(a * w^2 / 2 + b * w), gradient a*w + b.
- Losses: TensorFlow backend's sparse_categorical_crossentropy (from probabilities: clip to
  [1e-7, 1 - 1e-7], log, then softmax cross-entropy of those log-probabilities) and from logits;
  categorical cross-entropy (renormalise, clip, -sum(y log p)); mean squared error.
- summary(): Keras 2.11's print_summary layout (line length 65, positions 0.45/0.85/1.0), its
  print_row wrapping, for the tutorial's ConvNet (layer list and parameter counts from the
  formulas: conv kh*kw*in*out + out, dense in*out + out).

Run it with Debian's python3 (numpy + torch 1.13):

    /usr/bin/python3 tools/keras/reference.py

It rewrites jtorch-keras/src/test/resources/keras/reference.golden and .../summary.txt.

Golden format, one case per block:

    case <name>
    attr <key> <value>                        parameters of the case (padding, strides, ...)
    <tensor> <dtype> [d0,d1,...] : v0 v1 ...  row-major values
    end
"""

import math
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "..", "jtorch-keras", "src", "test", "resources", "keras")
EPS = 1e-7  # keras.backend.epsilon()
F32 = np.float32

rng = np.random.RandomState(1234)
cases = []


def case(name, attrs=None, **tensors):
    cases.append((name, attrs or {}, tensors))


def values(a):
    a = np.asarray(a)
    if a.dtype == np.float32:
        return " ".join(repr(float(v)) for v in a.reshape(-1))
    return " ".join(str(int(v)) for v in a.reshape(-1))


def dtype_name(a):
    return {np.dtype("float32"): "float32", np.dtype("int64"): "int64"}[np.asarray(a).dtype]


# ---- convolution and pooling ------------------------------------------------------------------


def same_padding(size, k, stride, dilation=1):
    out = -(-size // stride)
    eff = (k - 1) * dilation + 1
    total = max((out - 1) * stride + eff - size, 0)
    return total // 2, total - total // 2


def conv2d_nhwc(x, kernel, bias, strides, padding, dilation=1):
    n, h, w, c = x.shape
    kh, kw, cin, cout = kernel.shape
    assert cin == c
    sh, sw = strides
    if padding == "same":
        (pt, pb), (pl, pr) = same_padding(h, kh, sh, dilation), same_padding(w, kw, sw, dilation)
    else:
        pt = pb = pl = pr = 0
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    ekh, ekw = (kh - 1) * dilation + 1, (kw - 1) * dilation + 1
    oh = (xp.shape[1] - ekh) // sh + 1
    ow = (xp.shape[2] - ekw) // sw + 1
    out = np.zeros((n, oh, ow, cout), dtype=np.float64)
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, i * sh : i * sh + ekh : dilation, j * sw : j * sw + ekw : dilation, :]
            out[:, i, j, :] = np.tensordot(patch.astype(np.float64), kernel.astype(np.float64), axes=3)
    out += bias
    return out.astype(F32)


def maxpool_nhwc(x, pool, strides, padding):
    n, h, w, c = x.shape
    (ph, pw), (sh, sw) = pool, strides
    if padding == "same":
        (pt, pb), (pl, pr) = same_padding(h, ph, sh), same_padding(w, pw, sw)
    else:
        pt = pb = pl = pr = 0
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)), constant_values=-np.inf)
    oh = (xp.shape[1] - ph) // sh + 1
    ow = (xp.shape[2] - pw) // sw + 1
    out = np.zeros((n, oh, ow, c), dtype=F32)
    for i in range(oh):
        for j in range(ow):
            out[:, i, j, :] = xp[:, i * sh : i * sh + ph, j * sw : j * sw + pw, :].max(axis=(1, 2))
    return out


def check_against_torch(x, kernel, bias, strides, dilation):
    """Valid padding only: our numpy convolution equals torch's after NCHW/OIHW permutes."""
    y = torch.nn.functional.conv2d(
        torch.from_numpy(x).permute(0, 3, 1, 2),
        torch.from_numpy(kernel).permute(3, 2, 0, 1),
        torch.from_numpy(bias),
        stride=strides,
        dilation=dilation,
    ).permute(0, 2, 3, 1)
    ours = conv2d_nhwc(x, kernel, bias, strides, "valid", dilation)
    assert np.allclose(y.numpy(), ours, atol=1e-5), "numpy conv disagrees with torch"


def torch_grads_conv(x, kernel, bias, strides, padding, dilation, upstream):
    """Gradients of sum(conv(x) * upstream) by torch autograd, with TF's padding done by F.pad."""
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    kt = torch.tensor(kernel, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(bias, dtype=torch.float64, requires_grad=True)
    h = xt.permute(0, 3, 1, 2)
    if padding == "same":
        (pt, pb) = same_padding(x.shape[1], kernel.shape[0], strides[0], dilation)
        (pl, pr) = same_padding(x.shape[2], kernel.shape[1], strides[1], dilation)
        h = torch.nn.functional.pad(h, (pl, pr, pt, pb))
    y = torch.nn.functional.conv2d(h, kt.permute(3, 2, 0, 1), bt, stride=strides, dilation=dilation)
    y = y.permute(0, 2, 3, 1)
    assert np.allclose(y.detach().numpy(), conv2d_nhwc(x, kernel, bias, strides, padding, dilation), atol=1e-4)
    (y * torch.tensor(upstream, dtype=torch.float64)).sum().backward()
    return xt.grad.numpy().astype(F32), kt.grad.numpy().astype(F32), bt.grad.numpy().astype(F32)


def torch_grad_pool(x, pool, strides, padding, upstream):
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    h = xt.permute(0, 3, 1, 2)
    if padding == "same":
        (pt, pb) = same_padding(x.shape[1], pool[0], strides[0])
        (pl, pr) = same_padding(x.shape[2], pool[1], strides[1])
        h = torch.nn.functional.pad(h, (pl, pr, pt, pb), value=-math.inf)
    y = torch.nn.functional.max_pool2d(h, pool, strides).permute(0, 2, 3, 1)
    assert np.allclose(y.detach().numpy(), maxpool_nhwc(x, pool, strides, padding))
    (y * torch.tensor(upstream, dtype=torch.float64)).sum().backward()
    return xt.grad.numpy().astype(F32)


CONV_CASES = [
    # name, input shape NHWC, kernel (kh, kw, out), strides, padding, dilation
    ("conv2d.valid", (2, 7, 6, 3), (3, 3, 4), (1, 1), "valid", 1),
    ("conv2d.valid_stride2", (2, 7, 8, 3), (3, 2, 4), (2, 2), "valid", 1),
    ("conv2d.valid_dilation2", (1, 8, 7, 2), (3, 3, 3), (1, 1), "valid", 2),
    ("conv2d.same", (2, 7, 6, 3), (3, 3, 4), (1, 1), "same", 1),
    ("conv2d.same_even_kernel", (2, 5, 6, 2), (2, 4, 3), (1, 1), "same", 1),
    ("conv2d.same_stride2", (2, 6, 7, 3), (3, 3, 4), (2, 2), "same", 1),
    ("conv2d.same_stride2_kernel2", (1, 5, 4, 2), (2, 2, 3), (2, 2), "same", 1),
]
for name, xs, (kh, kw, cout), strides, padding, dilation in CONV_CASES:
    x = rng.standard_normal(xs).astype(F32)
    kernel = rng.standard_normal((kh, kw, xs[3], cout)).astype(F32) * F32(0.5)
    bias = rng.standard_normal(cout).astype(F32) * F32(0.1)
    if padding == "valid":
        check_against_torch(x, kernel, bias, strides, dilation)
    y = conv2d_nhwc(x, kernel, bias, strides, padding, dilation)
    upstream = rng.standard_normal(y.shape).astype(F32)
    dx, dk, db = torch_grads_conv(x, kernel, bias, strides, padding, dilation, upstream)
    case(
        name,
        {"strides": f"{strides[0]},{strides[1]}", "padding": padding, "dilation": dilation},
        x=x,
        kernel=kernel,
        bias=bias,
        out=y,
        upstream=upstream,
        grad_x=dx,
        grad_kernel=dk,
        grad_bias=db,
    )

POOL_CASES = [
    ("maxpool.valid2", (2, 6, 7, 3), (2, 2), (2, 2), "valid"),
    ("maxpool.same2_odd", (2, 5, 5, 2), (2, 2), (2, 2), "same"),
    ("maxpool.same3_stride2", (1, 6, 7, 2), (3, 3), (2, 2), "same"),
    ("maxpool.valid3_stride1", (1, 5, 6, 2), (3, 3), (1, 1), "valid"),
]
for name, xs, pool, strides, padding in POOL_CASES:
    x = rng.standard_normal(xs).astype(F32)
    y = maxpool_nhwc(x, pool, strides, padding)
    upstream = rng.standard_normal(y.shape).astype(F32)
    case(
        name,
        {"pool": f"{pool[0]},{pool[1]}", "strides": f"{strides[0]},{strides[1]}", "padding": padding},
        x=x,
        out=y,
        upstream=upstream,
        grad_x=torch_grad_pool(x, pool, strides, padding, upstream),
    )


# ---- flatten + dense, and a whole small model --------------------------------------------------


def dense(x, kernel, bias, activation=None):
    y = (x.astype(np.float64) @ kernel.astype(np.float64) + bias).astype(F32)
    if activation == "relu":
        y = np.maximum(y, 0)
    elif activation == "softmax":
        e = np.exp(y - y.max(axis=-1, keepdims=True))
        y = (e / e.sum(axis=-1, keepdims=True)).astype(F32)
    return y


x = rng.standard_normal((2, 3, 4, 5)).astype(F32)
kernel = rng.standard_normal((60, 3)).astype(F32) * F32(0.2)
bias = rng.standard_normal(3).astype(F32) * F32(0.1)
flat = x.reshape(2, -1)  # row-major over (H, W, C): Keras's Flatten order for NHWC
case("flatten_dense", x=x, flat=flat, kernel=kernel, bias=bias, out=dense(flat, kernel, bias))

x = rng.standard_normal((4, 5)).astype(F32)
kernel = rng.standard_normal((5, 6)).astype(F32) * F32(0.5)
bias = rng.standard_normal(6).astype(F32) * F32(0.1)
case(
    "dense.relu_softmax",
    x=x,
    kernel=kernel,
    bias=bias,
    relu=dense(x, kernel, bias, "relu"),
    softmax=dense(x, kernel, bias, "softmax"),
)

# Conv2D(4, 3, relu) -> MaxPooling2D(2) -> Flatten -> Dense(3, softmax) on 8x8x2 images.
x = rng.standard_normal((3, 8, 8, 2)).astype(F32)
k1 = rng.standard_normal((3, 3, 2, 4)).astype(F32) * F32(0.4)
b1 = rng.standard_normal(4).astype(F32) * F32(0.1)
k2 = rng.standard_normal((36, 3)).astype(F32) * F32(0.3)
b2 = rng.standard_normal(3).astype(F32) * F32(0.1)
h = np.maximum(conv2d_nhwc(x, k1, b1, (1, 1), "valid"), 0)
h = maxpool_nhwc(h, (2, 2), (2, 2), "valid")
case("model.small", x=x, k1=k1, b1=b1, k2=k2, b2=b2, out=dense(h.reshape(3, -1), k2, b2, "softmax"))


# ---- optimizers on a quadratic -----------------------------------------------------------------

W0 = np.array([[1.5, -2.0, 0.5], [0.25, 3.0, -1.0]], dtype=F32)
A = np.array([[1.0, 2.0, 0.5], [4.0, 0.1, 1.5]], dtype=F32)
B = np.array([[0.3, -0.2, 0.0], [0.1, 0.5, -0.4]], dtype=F32)
STEPS = 5


def grad(w):
    return (A * w + B).astype(F32)


def run(step_fn):
    w = W0.copy()
    slots = {}
    traj = []
    for t in range(1, STEPS + 1):
        w = step_fn(w, grad(w), t, slots).astype(F32)
        traj.append(w.copy())
    return np.stack(traj)


def sgd(lr, momentum=0.0, nesterov=False):
    def step(w, g, t, s):
        lr_, mom = F32(lr), F32(momentum)
        if momentum == 0:
            return w - lr_ * g
        m = s.get("m", np.zeros_like(w))
        m = (m * mom - g * lr_).astype(F32)
        s["m"] = m
        return w + (m * mom - g * lr_) if nesterov else w + m

    return step


def adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False):
    def step(w, g, t, s):
        m = s.get("m", np.zeros_like(w))
        v = s.get("v", np.zeros_like(w))
        alpha = F32(lr) * np.sqrt(F32(1) - F32(beta_2) ** t) / (F32(1) - F32(beta_1) ** t)
        m = (m + (g - m) * F32(1 - beta_1)).astype(F32)
        v = (v + (g * g - v) * F32(1 - beta_2)).astype(F32)
        s["m"], s["v"] = m, v
        if amsgrad:
            v_hat = np.maximum(s.get("v_hat", np.zeros_like(w)), v)
            s["v_hat"] = v_hat
            v = v_hat
        return w - (m * F32(alpha)) / (np.sqrt(v) + F32(epsilon))

    return step


def adadelta(lr=0.001, rho=0.95, epsilon=1e-7):
    def step(w, g, t, s):
        rho_, eps = F32(rho), F32(epsilon)
        acc = s.get("acc", np.zeros_like(w))
        acc_delta = s.get("acc_delta", np.zeros_like(w))
        acc = (rho_ * acc + (F32(1) - rho_) * g * g).astype(F32)
        delta = (-np.sqrt(acc_delta + eps) * g / np.sqrt(acc + eps)).astype(F32)
        acc_delta = (rho_ * acc_delta + (F32(1) - rho_) * delta * delta).astype(F32)
        s["acc"], s["acc_delta"] = acc, acc_delta
        return w + F32(lr) * delta

    return step


def torch_adam(lr, eps):
    """PyTorch's Adam on the same problem: differs from Keras's where epsilon is large."""
    w = torch.tensor(W0, requires_grad=True)
    opt = torch.optim.Adam([w], lr=lr, eps=eps)
    traj = []
    for _ in range(STEPS):
        opt.zero_grad()
        (torch.tensor(A) * w * w / 2 + torch.tensor(B) * w).sum().backward()
        opt.step()
        traj.append(w.detach().numpy().copy())
    return np.stack(traj)


OPT_CASES = [
    ("sgd.default", {"optimizer": "sgd"}, sgd(0.01)),
    ("sgd.lr0.1", {"optimizer": "sgd", "lr": 0.1}, sgd(0.1)),
    ("sgd.momentum", {"optimizer": "sgd", "lr": 0.1, "momentum": 0.9}, sgd(0.1, 0.9)),
    ("sgd.nesterov", {"optimizer": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": 1}, sgd(0.1, 0.9, True)),
    ("adam.default", {"optimizer": "adam"}, adam()),
    ("adam.lr0.1", {"optimizer": "adam", "lr": 0.1}, adam(0.1)),
    ("adam.eps0.5", {"optimizer": "adam", "lr": 0.1, "epsilon": 0.5}, adam(0.1, epsilon=0.5)),
    ("adam.amsgrad", {"optimizer": "adam", "lr": 0.1, "amsgrad": 1}, adam(0.1, amsgrad=True)),
    ("adadelta.default", {"optimizer": "adadelta"}, adadelta()),
    ("adadelta.lr0.5", {"optimizer": "adadelta", "lr": 0.5}, adadelta(0.5)),
    ("adadelta.lr1_rho0.9", {"optimizer": "adadelta", "lr": 1.0, "rho": 0.9}, adadelta(1.0, 0.9)),
]
for name, attrs, fn in OPT_CASES:
    tensors = {"w0": W0, "a": A, "b": B, "trajectory": run(fn)}
    if name == "adam.eps0.5":
        tensors["torch_trajectory"] = torch_adam(0.1, 0.5).astype(F32)
    case(name, dict(attrs, steps=STEPS), **tensors)


# ---- losses ------------------------------------------------------------------------------------


def log_softmax(z):
    z = z.astype(np.float64)
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def scce_probs(y, p):
    logits = np.log(np.clip(p, EPS, 1 - EPS).astype(np.float64))
    return (-log_softmax(logits)[np.arange(len(y)), y]).astype(F32)


def scce_logits(y, z):
    return (-log_softmax(z)[np.arange(len(y)), y]).astype(F32)


def cce_probs(t, p):
    p = p / p.sum(axis=-1, keepdims=True)
    return (-(t * np.log(np.clip(p, EPS, 1 - EPS))).sum(axis=-1)).astype(F32)


y = np.array([1, 2, 0, 1], dtype=np.int64)
p = np.array(
    [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1], [0.0, 1.0, 0.0], [0.3, 0.3, 0.4]], dtype=F32
)  # rows 1 and 3 need the clipping (p = 0 and p = 1)
case("scce.probabilities", y=y, p=p, per_example=scce_probs(y, p), mean=np.float32(scce_probs(y, p).mean()).reshape(()))
z = rng.standard_normal((5, 4)).astype(F32) * F32(3)
yz = np.array([0, 3, 1, 2, 3], dtype=np.int64)
case("scce.logits", y=yz, logits=z, per_example=scce_logits(yz, z), mean=np.float32(scce_logits(yz, z).mean()).reshape(()))
t = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=F32)
pc = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1], [0.2, 0.2, 0.2]], dtype=F32)  # row 3 unnormalised
case("cce.probabilities", t=t, p=pc, per_example=cce_probs(t, pc))
yt = rng.standard_normal((3, 4)).astype(F32)
yp = rng.standard_normal((3, 4)).astype(F32)
case("mse", y_true=yt, y_pred=yp, per_example=((yp - yt) ** 2).mean(axis=-1).astype(F32))


# ---- summary -----------------------------------------------------------------------------------


def print_summary(model_name, rows, trainable, non_trainable):
    """Keras 2.11 layer_utils.print_summary for sequential-like models (no nesting)."""
    line_length = 65
    positions = [int(line_length * p) for p in [0.45, 0.85, 1.0]]
    lines = []

    def print_row(fields):
        left = [str(f) for f in fields]
        while any(left):
            line = ""
            for col in range(len(left)):
                start = positions[col - 1] if col > 0 else 0
                space = 2 if col != len(positions) - 1 else 0
                cutoff = positions[col] - start - space
                fit = left[col][:cutoff]
                cands = [fit.find(b) + len(b) for b in ("),", "},", "],", "',") if fit.find(b) >= 0]
                if cands:
                    cutoff = min(cands)
                    fit = fit[:cutoff]
                if col == 0:
                    line += " "
                line += fit + " " * space
                left[col] = left[col][cutoff:]
                line += " " * (positions[col] - len(line))
            lines.append(line)

    lines.append(f'Model: "{model_name}"')
    lines.append("_" * line_length)
    print_row(["Layer (type)", "Output Shape", "Param #"])
    lines.append("=" * line_length)
    for r in rows:
        print_row(r)
        lines.append(" " * line_length)
    lines.append("=" * line_length)
    lines.append(f"Total params: {trainable + non_trainable:,}")
    lines.append(f"Trainable params: {trainable:,}")
    lines.append(f"Non-trainable params: {non_trainable:,}")
    lines.append("_" * line_length)
    return "\n".join(lines) + "\n"


def conv_params(k, cin, cout):
    return k * k * cin * cout + cout


rows = [
    ["conv2d (Conv2D)", (None, 26, 26, 16), conv_params(3, 1, 16)],
    ["conv2d_1 (Conv2D)", (None, 24, 24, 32), conv_params(3, 16, 32)],
    ["max_pooling2d (MaxPooling2D)", (None, 12, 12, 32), 0],
    ["dropout (Dropout)", (None, 12, 12, 32), 0],
    ["flatten (Flatten)", (None, 4608), 0],
    ["dense (Dense)", (None, 64), 4608 * 64 + 64],
    ["dropout_1 (Dropout)", (None, 64), 0],
    ["dense_1 (Dense)", (None, 10), 64 * 10 + 10],
]
total = sum(r[2] for r in rows)
assert total == 300426
summary = print_summary("sequential", rows, total, 0)


# ---- write -------------------------------------------------------------------------------------

os.makedirs(OUT_DIR, exist_ok=True)
with open(os.path.join(OUT_DIR, "reference.golden"), "w") as f:
    f.write("# jtorch-keras reference values, computed from Keras's published formulas with numpy\n")
    f.write(f"# (numpy {np.__version__}, torch {torch.__version__} for cross-checks); do not edit.\n")
    f.write("# Regenerate: /usr/bin/python3 tools/keras/reference.py (format in its docstring)\n")
    for name, attrs, tensors in cases:
        f.write(f"case {name}\n")
        for k, v in attrs.items():
            f.write(f"attr {k} {v}\n")
        for k, v in tensors.items():
            a = np.asarray(v)
            shape = ",".join(str(d) for d in a.shape)
            f.write(f"{k} {dtype_name(a)} [{shape}] : {values(a)}\n")
        f.write("end\n")
with open(os.path.join(OUT_DIR, "summary.txt"), "w") as f:
    f.write(summary)
print(f"wrote {len(cases)} cases and the summary to {os.path.normpath(OUT_DIR)}")
