#!/usr/bin/python3
"""Writes the golden file for TensorFormatterTest: PyTorch's repr(tensor) for ~60 tensors.

Run with the Debian python that has torch (1.13), from the repository root:

    /usr/bin/python3 tools/golden/print_golden.py

Output: jtorch-core/src/test/resources/golden/print.txt, a sequence of blocks

    case <name>
    dtype <float32|float64|float16|bfloat16|int64|int32|int16|int8|uint8|bool>
    shape <d0> <d1> ...          (nothing after "shape" for a 0-d tensor)
    grad <none|leaf|add1|mul2|sum|exp>
    values <v> <v> ...           (row-major; floats exact: repr or hex, nan, inf, -inf;
                                  integers in decimal; bool as 0/1)
    repr <n>                     (the next n lines are repr(tensor))
    ...
    end

The Java test rebuilds each tensor from its dtype, shape and values (a float64 or int64 tensor,
reshaped and converted to dtype), applies the grad step, and compares toString() with the repr.
For the grad steps the values are those of the leaf: "leaf" is x.requires_grad_(), "add1" is
x + 1, "mul2" is x * 2, "sum" is x.sum(), "exp" is x.exp(), all on that leaf.
"""

import math
import os

import torch

OUT = os.path.join("jtorch-core", "src", "test", "resources", "golden", "print.txt")

F32, F64, F16, BF16 = torch.float32, torch.float64, torch.float16, torch.bfloat16
I64, I32, I16, I8, U8, BOOL = torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool

GRAD_STEPS = {
    "none": lambda x: x,
    "leaf": lambda x: x,
    "add1": lambda x: x + 1,
    "mul2": lambda x: x * 2,
    "sum": lambda x: x.sum(),
    "exp": lambda x: x.exp(),
}


def exact(v):
    """The shortest exact text for a double: Python's repr or a hex float without padding."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "-0.0" if math.copysign(1.0, v) < 0 else "0"
    if v.is_integer() and abs(v) < 2**53:
        return str(int(v))
    r = repr(v)
    h = v.hex()  # e.g. -0x1.5c28f60000000p-1: drop the mantissa's trailing zeros
    mantissa, exponent = h.split("p")
    h = mantissa.rstrip("0").rstrip(".") + "p" + exponent
    assert float.fromhex(h) == v and float(r) == v
    return r if len(r) <= len(h) else h


def value_text(t):
    flat = t.detach().reshape(-1)
    if t.dtype.is_floating_point:
        return [exact(float(v)) for v in flat.double().tolist()]
    return [str(int(v)) for v in flat.long().tolist()]


def case(cases, name, data, dtype=F32, shape=None, grad="none"):
    if isinstance(data, torch.Tensor):
        t = data.to(dtype)
    else:
        t = torch.tensor(data, dtype=torch.float64).to(dtype)
    if shape is not None:
        t = t.reshape(shape)
    leaf = t.clone().detach()
    shown = leaf
    if grad != "none":
        leaf.requires_grad_()
        shown = GRAD_STEPS[grad](leaf)
    cases.append((name, leaf, grad, repr(shown)))


def float_cases(c):
    nan, inf = math.nan, math.inf
    case(c, "f32_basic", [1.5, 2.25, -3.125])
    case(c, "f32_int_valued", [1.0, 2.0, 3.0])
    case(c, "f32_int_valued_neg", [-1.0, 0.0, 10.0])
    case(c, "f32_all_zero", [0.0, 0.0, 0.0])
    case(c, "f32_neg_zero_int", [-0.0, 0.0, 1.0])
    case(c, "f32_neg_zero_frac", [-0.0, 0.5])
    case(c, "f32_third", [1 / 3, 2 / 3, -1 / 7])
    case(c, "f32_round_half_even", [1.03125, 2.96875, 0.53125, -0.65625])
    case(c, "f32_small_sci", [1e-5, 2e-5, -3.5e-5])
    case(c, "f32_large_sci", [1e9, 2.5])
    case(c, "f32_ratio_sci", [0.001, 10.0])
    case(c, "f32_ratio_edge", [0.01, 10.0])  # float32(0.01) < 0.01: ratio just above 1000
    case(c, "f32_min_1e-4", [1e-4, 0.5])
    case(c, "f32_int_ratio_1000", [1.0, 1000.0])
    case(c, "f32_int_ratio_1001", [1.0, 1001.0])
    case(c, "f32_int_big", [1.0, 12345678.0])
    case(c, "f32_int_above_1e8", [123456792.0])
    case(c, "f32_sci_rounding", [1.23456789e-5, 9.99999e10, -9.99996e-3])
    case(c, "f32_nan_inf", [nan, inf, -inf, 1.5])
    case(c, "f32_only_nan", [nan])
    case(c, "f32_only_nonfinite", [nan, inf, -inf])
    case(c, "f32_zero_nan", [0.0, nan, -0.0])
    case(c, "f32_nan_int_mode", [nan, 1.0, -2.0])
    case(c, "f32_inf_sci", [inf, 1e-6])
    case(c, "f32_neg_sci", [-1e-5, 1e5])
    case(c, "f32_neg_zero_sci", [-0.0, 1e-6, 0.0])
    case(c, "f32_wrap", torch.arange(30) * 1.5 - 7)
    case(c, "f32_wrap_sci", torch.linspace(-3e-5, 4e-3, 25))
    torch.manual_seed(0)
    case(c, "f32_2d", torch.randn(3, 4))
    case(c, "f32_2d_int", torch.arange(12.0).reshape(3, 4) - 5)
    case(c, "f32_2d_wrap", torch.randn(3, 20))
    case(c, "f32_row", torch.randn(1, 5))
    case(c, "f32_column", torch.randn(5, 1))
    case(c, "f32_3d", torch.randn(2, 3, 4))
    case(c, "f32_3d_wrap", torch.randn(2, 2, 15) * 100)
    case(c, "f32_4d", torch.arange(24.0).reshape(2, 2, 2, 3) / 4)
    case(c, "f32_5d_deep", [0.5, -1.25, 3.0], shape=(1, 1, 1, 1, 3))
    case(c, "f32_0d", 3.5, shape=())
    case(c, "f32_0d_zero", 0.0, shape=())
    case(c, "f32_0d_neg_zero", -0.0, shape=())
    case(c, "f32_0d_nan", nan, shape=())
    case(c, "f32_0d_small", 1e-8, shape=())
    case(c, "f64_basic", [0.1, 0.2, 1 / 3], F64)
    case(c, "f64_int", [1.0, -2.0], F64)
    case(c, "f64_exp3", [1e-200, 1e200], F64)
    case(c, "f64_denormal", [5e-324, 1.0], F64)
    case(c, "f64_0d", math.pi, F64, shape=())
    case(c, "f64_suffix_wrap", torch.arange(9) + 0.5, F64)
    case(c, "f64_suffix_fits", torch.arange(6) + 0.5, F64)  # 78 columns: just fits
    case(c, "f16_basic", [1.5, 0.1, 65504.0], F16)
    case(c, "f16_small", [6e-5, 1e-3, 0.5], F16)
    case(c, "f16_int", [1.0, 2.0, -3.0], F16)
    case(c, "f16_0d", 0.3, F16, shape=())
    case(c, "bf16_basic", [0.1, 1.0, 3.14159], BF16)
    case(c, "bf16_large", [1e30, -2.0], BF16)


def other_cases(c):
    case(c, "i64_basic", [1, 2, 3], I64)
    case(c, "i64_neg_2d", [[-10, 2, 300], [4, -5000, 6]], I64)
    case(c, "i64_extremes", torch.tensor([9223372036854775807, -9223372036854775808]), I64)
    case(c, "i64_wrap", torch.arange(50), I64)
    case(c, "i64_0d", 7, I64, shape=())
    case(c, "i32", [1, -2, 3], I32)
    case(c, "i16_2d", [[100, 200], [-300, 400]], I16)
    case(c, "u8", [0, 255, 7], U8)
    case(c, "i8", [-128, 127, 0], I8)
    case(c, "bool_basic", [1, 0], BOOL)
    case(c, "bool_all_true_2d", [[1, 1], [1, 1]], BOOL)
    case(c, "bool_wrap", torch.arange(40) % 3 == 0, BOOL)
    case(c, "bool_0d", 1, BOOL, shape=())
    case(c, "empty_f32", [], F32)
    case(c, "empty_f32_0x3", torch.zeros(0, 3), F32)
    case(c, "empty_i64", [], I64)
    case(c, "empty_f64_2x0x3", torch.zeros(2, 0, 3), F64)
    case(c, "empty_bool", [], BOOL)
    case(c, "empty_requires_grad", [], F32, grad="leaf")


def summarized_cases(c):
    torch.manual_seed(1)
    case(c, "sum_1d_arange", torch.arange(2000.0))
    case(c, "sum_1d_randn", torch.randn(2000))
    case(c, "sum_1d_i64_1001", torch.arange(1001), I64)
    case(c, "not_sum_1d_i64_1000", torch.arange(1000), I64)
    case(c, "sum_2d_100x100", ((torch.arange(10000.0) % 97) - 48).reshape(100, 100) * 0.25)
    hidden = torch.ones(40, 40)
    hidden[20, 20] = 1e10  # not shown, so it does not force scientific notation
    case(c, "sum_2d_hidden_big", hidden)
    case(c, "sum_2d_3x400", (torch.arange(1200.0) / 3).reshape(3, 400))
    case(c, "sum_3d_10x10x20", torch.arange(2000.0).reshape(10, 10, 20) - 1000)
    case(c, "sum_3d_20x2x30", torch.randn(20, 2, 30))
    case(c, "sum_4d", torch.arange(1200.0).reshape(2, 3, 10, 20), F64)
    case(c, "sum_bool", torch.arange(1500) % 2 == 0, BOOL)


def grad_cases(c):
    case(c, "grad_leaf", [1.0, 2.5], grad="leaf")
    case(c, "grad_leaf_0d", 2.0, shape=(), grad="leaf")
    case(c, "grad_add", [1.0, 2.5], grad="add1")
    case(c, "grad_mul", [[1.0, 2.0], [3.0, 4.0]], grad="mul2")
    case(c, "grad_sum", [1.0, 2.0, 4.5], grad="sum")
    case(c, "grad_exp", [0.0, 1.0], grad="exp")
    case(c, "grad_f64_mul", [0.5, 1.5], F64, grad="mul2")
    case(c, "grad_wrap", torch.arange(9) + 0.25, F64, grad="add1")


def write(cases):
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("# Generated by tools/golden/print_golden.py with torch %s; do not edit.\n"
                % torch.__version__)
        for name, leaf, grad, text in cases:
            dtype = str(leaf.dtype).replace("torch.", "")
            lines = text.split("\n")
            f.write("case %s\n" % name)
            f.write("dtype %s\n" % dtype)
            f.write(("shape " + " ".join(str(s) for s in leaf.shape)).rstrip() + "\n")
            f.write("grad %s\n" % grad)
            f.write(("values " + " ".join(value_text(leaf))).rstrip() + "\n")
            f.write("repr %d\n" % len(lines))
            for line in lines:
                f.write(line + "\n")
            f.write("end\n")
    print("wrote %d cases to %s" % (len(cases), OUT))


def main():
    cases = []
    float_cases(cases)
    other_cases(cases)
    summarized_cases(cases)
    grad_cases(cases)
    names = [name for name, _, _, _ in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    write(cases)


if __name__ == "__main__":
    main()
