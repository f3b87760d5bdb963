#!/usr/bin/env python3
"""Writes the reference safetensors files that jtorch's interop test loads.

Python's `safetensors` package is not available here, so this is a small writer implemented from
the public format description (https://github.com/huggingface/safetensors, README "Format"),
fed by PyTorch tensors. Run it with Debian's python3-torch (torch 1.13):

    /usr/bin/python3 tools/safetensors/write_reference.py

It (re)writes, under jtorch-core/src/test/resources/safetensors/:

  torch_reference.safetensors        the header exactly as the reference (Rust) writer lays it out:
                                     compact JSON, "__metadata__" first, tensors sorted by
                                     descending dtype alignment then name, data in that order,
                                     non-ASCII characters raw, header padded with spaces to 8 bytes
  torch_reference_ascii.safetensors  the same tensors with every non-ASCII character of the header
                                     written as a \\uXXXX escape (surrogate pairs for the emoji),
                                     as Python's json module writes by default
  torch_reference.expected.json      what the files hold, computed from the torch tensors (not from
                                     the files): metadata, then per tensor [name, dtype, shape,
                                     values], values as strings in row-major order: Python's repr of
                                     the exact value for floating dtypes ("nan", "inf", "-0.0"...),
                                     decimal integers otherwise, 0/1 for bool

The Java test (jtorch.io.SafetensorsInteropTest) loads both files with jtorch, checks every value
against the expected file, and checks that jtorch's writer reproduces torch_reference.safetensors
byte for byte. Rerunning this script gives identical files.
"""

import json
import math
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parents[2] / "jtorch-core/src/test/resources/safetensors"

# Format dtype names, and their order in the reference implementation's Dtype enum (the writer
# sorts tensors by this order, descending, then by name).
CODES = {
    torch.bool: "BOOL",
    torch.uint8: "U8",
    torch.int8: "I8",
    torch.int16: "I16",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int32: "I32",
    torch.float32: "F32",
    torch.float64: "F64",
    torch.int64: "I64",
}
RANK = {code: i for i, code in enumerate(CODES.values())}

METADATA = {
    "format": "pt",
    "writer": "tools/safetensors/write_reference.py (torch " + torch.__version__ + ")",
    "unicode": "caf\u00e9 \u00fc\u00f1\u00ee \u4e2d\u6587 \U0001F600",
    "escapes": 'quote " backslash \\ slash / newline \n tab \t bell \x07',
}


def tensors():
    t = {}
    t["f64"] = torch.tensor([[0.1, -2.5, 1e300], [-0.0, math.inf, 2.0**-1074]], dtype=torch.float64)
    t["i64"] = torch.tensor([-(2**63), 2**63 - 1, 42], dtype=torch.int64)
    # A non-contiguous source: written as its contiguous (row-major) copy.
    src = torch.tensor([[1.5, -2.0], [3.25, math.nan], [-math.inf, 1e-40]], dtype=torch.float32)
    t["f32.transposed"] = src.t()
    t["i32"] = torch.tensor([[-(2**31), 2**31 - 1], [0, -7]], dtype=torch.int32)
    t["bf16"] = torch.tensor([1.0, -3.140625, 3.0e38, 0.0078125, -0.0], dtype=torch.bfloat16)
    t["f16"] = torch.tensor([0.5, -65504.0, 6.1035156e-05, 5.9604645e-08, 1 / 3], dtype=torch.float16)
    t["i16"] = torch.tensor([-32768, 32767, -1], dtype=torch.int16)
    t["i8"] = torch.tensor([[-128, 127], [0, -1]], dtype=torch.int8)
    t["u8"] = torch.tensor([0, 1, 128, 255], dtype=torch.uint8)
    t["bool"] = torch.tensor([[True, False, True], [True, False, False]])
    t["scalar"] = torch.tensor(3.5, dtype=torch.float32)
    t["empty"] = torch.zeros(0, dtype=torch.float32)
    t["empty.2d"] = torch.zeros(2, 0, dtype=torch.int64)
    t["layer.\u00fc.weight"] = torch.tensor([7.0], dtype=torch.float32)
    t['odd "name" \\ \t \U0001F600'] = torch.tensor([[1, 2, 3]], dtype=torch.int16)
    return t


def raw_bytes(x):
    """The tensor's elements in C order, little-endian; bool as one byte 0/1."""
    x = x.contiguous().reshape(-1)
    if x.dtype == torch.bool:
        x = x.to(torch.uint8)
    if x.dtype == torch.bfloat16:
        x = x.view(torch.int16)  # numpy has no bfloat16; same bits
    a = x.numpy()
    return a.astype(a.dtype.newbyteorder("<")).tobytes()


def serialize(state, metadata, ensure_ascii):
    items = sorted(state.items(), key=lambda kv: (-RANK[CODES[kv[1].dtype]], kv[0]))
    header = {"__metadata__": metadata}
    data = []
    offset = 0
    for name, x in items:
        b = raw_bytes(x)
        assert len(b) == x.numel() * x.element_size()
        header[name] = {
            "dtype": CODES[x.dtype],
            "shape": list(x.shape),
            "data_offsets": [offset, offset + len(b)],
        }
        data.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":"), ensure_ascii=ensure_ascii).encode("utf-8")
    h += b" " * (-len(h) % 8)
    return len(h).to_bytes(8, "little") + h + b"".join(data)


def value_text(v, dtype):
    if dtype.is_floating_point:
        return repr(float(v))
    return str(int(v))


def expected(state, metadata):
    rows = []
    for name, x in sorted(state.items(), key=lambda kv: (-RANK[CODES[kv[1].dtype]], kv[0])):
        flat = x.contiguous().reshape(-1)
        vals = flat.double().tolist() if x.dtype.is_floating_point else flat.long().tolist()
        rows.append([name, CODES[x.dtype], list(x.shape), [value_text(v, x.dtype) for v in vals]])
    return {"metadata": metadata, "tensors": rows}


def main():
    state = tensors()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "torch_reference.safetensors").write_bytes(serialize(state, METADATA, False))
    (OUT / "torch_reference_ascii.safetensors").write_bytes(serialize(state, METADATA, True))
    exp = expected(state, METADATA)
    rows = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in exp["tensors"])
    meta = json.dumps(exp["metadata"], ensure_ascii=False)
    text = '{"metadata": ' + meta + ',\n "tensors": [\n' + rows + "\n ]}\n"
    (OUT / "torch_reference.expected.json").write_text(text, encoding="utf-8")
    for f in sorted(OUT.glob("torch_reference*")):
        print(f"wrote {f.relative_to(OUT.parents[3])} ({f.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
