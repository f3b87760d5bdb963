#!/usr/bin/env python3
"""Checks safetensors files written by jtorch with an independent Python reader.

Python's `safetensors` package is not available here, so the reader below is written from the
public format description (https://github.com/huggingface/safetensors, README "Format") and
applies the reference implementation's rules: 8-byte little-endian header length N <= 100 MB,
N bytes of UTF-8 JSON object ({name: {dtype, shape, data_offsets}}, optional "__metadata__" of
strings), then a data buffer that the tensors' [begin, end) offsets tile exactly (no overlap, no
gap, no trailing bytes), each tensor C-ordered and little-endian. Tensors are rebuilt with torch
(Debian's python3-torch, torch 1.13) and compared with the values jtorch was asked to write
(jtorch.io.SafetensorsInteropTest.jtorchStateDict(), repeated in EXPECTED below).

    /usr/bin/python3 tools/safetensors/read_check.py

It checks jtorch-core/src/test/resources/safetensors/jtorch_written.safetensors and, as a check
of the reader itself, the PyTorch-written torch_reference*.safetensors against
torch_reference.expected.json. The report goes to stdout and to
jtorch-core/src/test/resources/safetensors/jtorch_written.read_check.txt, whose sha256 line the
Java test matches against the committed file. Exit status 1 if any check fails.
"""

import hashlib
import json
import math
import pathlib
import sys

import torch

RES = pathlib.Path(__file__).resolve().parents[2] / "jtorch-core/src/test/resources/safetensors"
MAX_HEADER = 100_000_000

DTYPES = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
ITEMSIZE = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
            "U8": 1, "BOOL": 1}

# What jtorch was asked to write: name -> (dtype, shape, row-major values), in map order.
EXPECTED = {
    "conv.weight": ("F32", [2, 1, 2, 2], [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]),
    "conv.bias": ("F64", [2], [0.1, -1e-300]),
    "fc.weight": ("F32", [3, 2], [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]),  # [[1,2,3],[4,5,6]].t()
    "half": ("F16", [3], [0.5, -2.25, 65504.0]),
    "bf16": ("BF16", [2, 2], [1.0, -2.5, 3.140625, 256.0]),
    "i64": ("I64", [3], [-(2**63), 2**63 - 1, 0]),
    "i32": ("I32", [2], [-5, 7]),
    "i16": ("I16", [3], [-32768, 0, 32767]),
    "i8": ("I8", [2], [-128, 127]),
    "u8": ("U8", [3], [0, 200, 255]),
    "mask": ("BOOL", [2, 2], [True, False, False, True]),
    "step": ("I64", [], [1000]),
    "empty": ("F32", [0], []),
    "empty.int": ("I32", [3, 0], []),
    "param": ("F32", [2], [1.0, 1.0]),
    'na\u00efve "quoted" \\ name\t\U0001F600': ("F32", [1], [42.0]),
}
EXPECTED_METADATA = {"format": "pt", "writer": "jtorch", "note": '\u00fcn\u00efcode \U0001F600 "q" \\ \n'}


class Report:
    def __init__(self):
        self.lines = []
        self.failed = False

    def ok(self, cond, what):
        self.lines.append(("ok    " if cond else "FAIL  ") + what)
        self.failed |= not cond
        return cond

    def note(self, text):
        self.lines.append(text)


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key in header: " + repr(keys))
    return dict(pairs)  # dicts keep insertion (header) order


def read(path, rep):
    """Parses and validates a safetensors file; returns (header_text, metadata, [(name, tensor,
    dtype, begin, end)]) in header order."""
    data = path.read_bytes()
    rep.ok(len(data) >= 8, f"file is at least 8 bytes ({len(data)})")
    n = int.from_bytes(data[:8], "little")
    rep.ok(n <= MAX_HEADER, f"header length {n} <= 100 MB")
    rep.ok(8 + n <= len(data), "header fits in the file")
    raw = data[8 : 8 + n]
    text = raw.decode("utf-8")  # strict: raises on invalid UTF-8
    rep.ok(text.startswith("{"), "header starts with '{'")
    header = json.loads(text, object_pairs_hook=no_duplicates)
    rep.ok(isinstance(header, dict), "header is a JSON object without duplicate keys")
    metadata = header.pop("__metadata__", {})
    rep.ok(all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()),
           "__metadata__ maps strings to strings")
    buf = data[8 + n :]
    tensors = []
    for name, info in header.items():
        dt, shape, (b, e) = info["dtype"], info["shape"], info["data_offsets"]
        good = (dt in DTYPES and all(isinstance(s, int) and s >= 0 for s in shape)
                and 0 <= b <= e <= len(buf) and e - b == math.prod(shape) * ITEMSIZE[dt])
        rep.ok(good, f"entry {name!r}: {dt} {shape} [{b}, {e}] consistent and inside the buffer")
        if not good:
            continue
        chunk = bytearray(buf[b:e])
        if len(chunk) == 0:
            t = torch.empty(shape, dtype=DTYPES[dt])
        elif dt == "BOOL":
            u = torch.frombuffer(chunk, dtype=torch.uint8)
            rep.ok(bool(((u == 0) | (u == 1)).all()), f"entry {name!r}: bool bytes are 0 or 1")
            t = u.to(torch.bool).reshape(shape)
        elif dt == "BF16":
            t = torch.frombuffer(chunk, dtype=torch.int16).view(torch.bfloat16).reshape(shape)
        else:
            t = torch.frombuffer(chunk, dtype=DTYPES[dt]).reshape(shape)
        tensors.append((name, t, dt, b, e))
    covered = 0
    for name, _, _, b, e in sorted(tensors, key=lambda x: (x[3], x[4])):
        rep.ok(b == covered, f"entry {name!r} starts where the previous one ends ({covered})")
        covered = e
    rep.ok(covered == len(buf), f"tensors cover the whole {len(buf)}-byte buffer")
    return text, metadata, tensors


def same(t, values, dt):
    want = torch.tensor(values, dtype=torch.float64 if t.dtype.is_floating_point else torch.int64)
    got = t.reshape(-1).to(want.dtype)
    if got.shape != want.shape:
        return False
    if t.dtype.is_floating_point:
        # Bit-exact, NaN matching NaN, -0.0 distinct from 0.0.
        return all((math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
                   for a, b in zip(got.tolist(), want.tolist()))
    return torch.equal(got, want)


def check_jtorch_file(rep):
    path = RES / "jtorch_written.safetensors"
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    rep.note(f"== {path.name} sha256 {sha}")
    text, metadata, tensors = read(path, rep)
    n = len(text.encode("utf-8"))
    rep.ok(n % 8 == 0, f"header padded to a multiple of 8 bytes ({n})")
    body = text.rstrip(" ")
    rep.ok(set(text[len(body):]) <= {" "}, "padding is spaces")
    reparsed = json.loads(body)
    rep.ok(json.dumps(reparsed, separators=(",", ":"), ensure_ascii=False) == body,
           "header is compact JSON as the reference writer (serde_json) writes it")
    rep.ok(list(reparsed)[0] == "__metadata__", "__metadata__ comes first")
    rep.ok(metadata == EXPECTED_METADATA, f"metadata is {EXPECTED_METADATA!r}")
    rep.ok([t[0] for t in tensors] == list(EXPECTED), "header keeps jtorch's insertion order")
    for name, t, dt, b, e in tensors:
        edt, eshape, evalues = EXPECTED[name]
        rep.ok(b % ITEMSIZE[dt] == 0, f"{name!r}: offset {b} aligned to its {ITEMSIZE[dt]}-byte elements")
        rep.ok(dt == edt and list(t.shape) == eshape and same(t, evalues, dt),
               f"{name!r}: {dt} {list(t.shape)} values {t.reshape(-1).tolist()}")


def check_reference_files(rep):
    exp = json.loads((RES / "torch_reference.expected.json").read_text(encoding="utf-8"))
    for fname in ("torch_reference.safetensors", "torch_reference_ascii.safetensors"):
        rep.note(f"== {fname} (reader self-check against torch_reference.expected.json)")
        _, metadata, tensors = read(RES / fname, rep)
        rep.ok(metadata == exp["metadata"], "metadata as expected")
        rep.ok([t[0] for t in tensors] == [r[0] for r in exp["tensors"]], "names in header order")
        for (name, t, dt, _, _), (ename, edt, eshape, evalues) in zip(tensors, exp["tensors"]):
            vals = [float(v) for v in evalues] if t.dtype.is_floating_point else [int(v) for v in evalues]
            rep.ok(dt == edt and list(t.shape) == eshape and same(t, vals, dt), f"{name!r}: {dt} {eshape}")


def main():
    rep = Report()
    rep.note(f"read_check.py, torch {torch.__version__}, Python {sys.version.split()[0]}")
    try:
        check_jtorch_file(rep)
        check_reference_files(rep)
    except Exception as e:  # a malformed file: report it as a failure
        rep.ok(False, f"exception {type(e).__name__}: {e}")
    rep.note("RESULT: " + ("FAILED" if rep.failed else "all checks passed"))
    text = "\n".join(rep.lines) + "\n"
    sys.stdout.write(text)
    (RES / "jtorch_written.read_check.txt").write_text(text, encoding="utf-8")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
