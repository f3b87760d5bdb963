#!/usr/bin/python3
"""Golden values for jtorch-vision's transform tests.

Run with Debian's Python (torch 1.13, numpy, PIL; torchvision is NOT installed there):

    /usr/bin/python3 tools/vision/golden.py /work/shared/data/mnist \
        > jtorch-vision/src/test/resources/golden/vision.golden

torchvision's tensor code paths are re-stated below from torchvision/transforms/functional_tensor.py
(resize -> interpolate; rotate -> _get_inverse_affine_matrix, _gen_affine_grid, grid_sample) using
only torch primitives, so the numbers are torch's own float32 arithmetic.

Each output line: name|dtype|shape|values (space separated; floats as Python repr of the float32
value, so they are exact).
"""
import gzip
import math
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

MNIST = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/mnist"


def emit(name, t):
    t = t.contiguous()
    dtype = str(t.dtype).replace("torch.", "")
    shape = ",".join(str(s) for s in t.shape)
    if t.dtype.is_floating_point:
        vals = " ".join(repr(float(v)) for v in t.flatten().tolist())
    else:
        vals = " ".join(str(int(v)) for v in t.flatten().tolist())
    print(f"{name}|{dtype}|{shape}|{vals}")


def mnist_test_image(i):
    raw = gzip.open(f"{MNIST}/t10k-images-idx3-ubyte.gz").read()
    magic, n, r, c = struct.unpack(">IIII", raw[:16])
    assert magic == 2051 and r == 28 and c == 28
    return torch.frombuffer(bytearray(raw[16 + i * 784:16 + (i + 1) * 784]), dtype=torch.uint8).view(28, 28)


def pattern(c, h, w):
    """float32 [c, h, w] with v = ((7i + 13j + 5k) % 17) / 16, exact in float32 (Java: same formula)."""
    t = torch.empty(c, h, w, dtype=torch.float32)
    for k in range(c):
        for i in range(h):
            for j in range(w):
                t[k, i, j] = ((7 * i + 13 * j + 5 * k) % 17) / 16.0
    return t


# ---- Resize (torchvision F_t.resize with antialias=False) --------------------------------------
def tv_resize(img, size, mode="bilinear"):
    squeeze = 0
    while img.ndim < 4:
        img = img.unsqueeze(0)
        squeeze += 1
    out_dtype = img.dtype
    need_cast = out_dtype not in (torch.float32, torch.float64)
    if need_cast:
        img = img.to(torch.float32)
    align = False if mode == "bilinear" else None
    img = F.interpolate(img, size=size, mode=mode, align_corners=align)
    if need_cast:
        img = torch.round(img).to(out_dtype)
    for _ in range(squeeze):
        img = img.squeeze(0)
    return img


# ---- rotate (torchvision F.rotate on a tensor: NEAREST, expand=False, center=None) -------------
def inverse_affine_matrix(center, angle, translate, scale, shear):
    rot = math.radians(angle)
    sx = math.radians(shear[0])
    sy = math.radians(shear[1])
    cx, cy = center
    tx, ty = translate
    a = math.cos(rot - sy) / math.cos(sy)
    b = -math.cos(rot - sy) * math.tan(sx) / math.cos(sy) - math.sin(rot)
    c = math.sin(rot - sy) / math.cos(sy)
    d = -math.sin(rot - sy) * math.tan(sx) / math.cos(sy) + math.cos(rot)
    matrix = [d, -b, 0.0, -c, a, 0.0]
    matrix = [x / scale for x in matrix]
    matrix[2] += matrix[0] * (-cx - tx) + matrix[1] * (-cy - ty)
    matrix[5] += matrix[3] * (-cx - tx) + matrix[4] * (-cy - ty)
    matrix[2] += cx
    matrix[5] += cy
    return matrix


def gen_affine_grid(theta, w, h, ow, oh):
    d = 0.5
    base_grid = torch.empty(1, oh, ow, 3, dtype=theta.dtype)
    x_grid = torch.linspace(-ow * 0.5 + d, ow * 0.5 + d - 1, steps=ow)
    base_grid[..., 0].copy_(x_grid)
    y_grid = torch.linspace(-oh * 0.5 + d, oh * 0.5 + d - 1, steps=oh).unsqueeze_(-1)
    base_grid[..., 1].copy_(y_grid)
    base_grid[..., 2].fill_(1)
    rescaled_theta = theta.transpose(1, 2) / torch.tensor([0.5 * w, 0.5 * h], dtype=theta.dtype)
    output_grid = base_grid.view(1, oh * ow, 3).bmm(rescaled_theta)
    return output_grid.view(1, oh, ow, 2)


def tv_rotate(img, angle, fill=0.0):
    orig_ndim = img.ndim
    x = img
    while x.ndim < 4:  # torchvision needs [..., C, H, W]; [H, W] is one gray channel
        x = x.unsqueeze(0)
    matrix = inverse_affine_matrix([0.0, 0.0], -angle, [0.0, 0.0], 1.0, [0.0, 0.0])
    w, h = x.shape[-1], x.shape[-2]
    dtype = x.dtype if torch.is_floating_point(x) else torch.float32
    theta = torch.tensor(matrix, dtype=dtype).reshape(1, 2, 3)
    grid = gen_affine_grid(theta, w=w, h=h, ow=w, oh=h)
    out_dtype = x.dtype
    need_cast = out_dtype != grid.dtype
    if need_cast:
        x = x.to(grid.dtype)
    if x.shape[0] > 1:
        grid = grid.expand(x.shape[0], grid.shape[1], grid.shape[2], grid.shape[3])
    mask = torch.ones((x.shape[0], 1, x.shape[2], x.shape[3]), dtype=x.dtype)
    x = torch.cat((x, mask), dim=1)
    x = F.grid_sample(x, grid, mode="nearest", padding_mode="zeros", align_corners=False)
    mask = x[:, -1:, :, :]
    x = x[:, :-1, :, :]
    mask = mask.expand_as(x)
    fill_img = torch.tensor([float(fill)] * x.shape[1], dtype=x.dtype).view(1, -1, 1, 1).expand_as(x)
    m = mask < 0.5
    x[m] = fill_img[m]
    if need_cast:
        x = torch.round(x).to(out_dtype)
    while x.ndim > orig_ndim:
        x = x.squeeze(0)
    return x


def pil_rotate(img_u8_hw, angle):
    """The PIL path torchvision takes for a PIL image (for comparison only)."""
    from PIL import Image
    im = Image.fromarray(img_u8_hw.numpy(), mode="L")
    return torch.from_numpy(np.asarray(im.rotate(angle, Image.NEAREST, False, None, fillcolor=0)).copy())


def main():
    # ToTensor: torch's float32 division by 255 equals IEEE float32 division (checked here).
    a = torch.arange(256, dtype=torch.uint8)
    t = a.to(torch.float32).div(255)
    n = np.arange(256, dtype=np.float32) / np.float32(255)
    assert np.array_equal(t.numpy().view(np.uint32), n.view(np.uint32))
    emit("totensor_0_255", t)

    # Normalize as torchvision: tensor.sub_(mean).div_(std) with float32 mean/std tensors.
    x = t.view(1, 16, 16).clone()
    emit("normalize_mnist", x.sub(torch.tensor([0.1302]).view(-1, 1, 1)).div(torch.tensor([0.3069]).view(-1, 1, 1)))
    p = pattern(3, 4, 5)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(-1, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(-1, 1, 1)
    emit("normalize_rgb", p.sub(mean).div(std))

    img = mnist_test_image(0)
    emit("mnist_t10k_0", img)
    emit("resize_u8_56x56", tv_resize(img, [56, 56]))
    emit("resize_u8_20x37", tv_resize(img, [20, 37]))
    emit("resize_u8_14x14", tv_resize(img, [14, 14]))
    emit("resize_u8_nearest_14x14", tv_resize(img, [14, 14], "nearest"))
    emit("resize_u8_nearest_50x41", tv_resize(img, [50, 41], "nearest"))
    emit("resize_f32_pattern_3x4x5_to_7x3", tv_resize(pattern(3, 4, 5), [7, 3]))
    emit("resize_f32_pattern_1x5x6_to_9x4", tv_resize(pattern(1, 5, 6), [9, 4]))
    emit("resize_f32_totensor_mnist_32x32", tv_resize(img.to(torch.float32).div(255).unsqueeze(0), [32, 32]))

    # RandomRotation: the angle draw float(torch.empty(1).uniform_(lo, hi).item()) after a seed.
    torch.manual_seed(0)
    emit("angles_seed0_m10_10", torch.tensor([float(torch.empty(1).uniform_(-10.0, 10.0).item()) for _ in range(6)], dtype=torch.float64))
    torch.manual_seed(42)
    emit("angles_seed42_m180_180", torch.tensor([float(torch.empty(1).uniform_(-180.0, 180.0).item()) for _ in range(6)], dtype=torch.float64))
    for angle in [30.0, -45.0, 90.0, 7.3, 180.0, -123.456]:
        tag = str(angle).replace("-", "m").replace(".", "p")
        out = tv_rotate(img, angle)
        emit(f"rotate_u8_{tag}", out)
        pil = pil_rotate(img, angle)
        print(f"# rotate {angle}: pixels differing from the PIL path: {(out != pil).sum().item()}",
              file=sys.stderr)
    emit("rotate_f32_pattern_2x5x8_33_fill0p5", tv_rotate(pattern(2, 5, 8), 33.0, fill=0.5))
    emit("rotate_f32_pattern_1x7x4_m71p5", tv_rotate(pattern(1, 7, 4), -71.5))

    # RandomCrop: offsets i then j, each torch.randint(0, n, size=(1,)).item(), after a seed.
    torch.manual_seed(3)
    draws = []
    for _ in range(5):
        i = torch.randint(0, 36 - 28 + 1, size=(1,)).item()
        j = torch.randint(0, 36 - 28 + 1, size=(1,)).item()
        draws += [i, j]
    emit("crop_offsets_seed3_pad4_28", torch.tensor(draws, dtype=torch.int64))


if __name__ == "__main__":
    main()
