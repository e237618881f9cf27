#!/usr/bin/env python3
"""Agreement of PruneBench's ggml dequantizers with the gguf Python package.

Random blocks of every ggml type PruneBench dequantizes are made (random bytes, with
the f16/f32 scale fields forced finite), dequantized by gguf's numpy reference
(gguf/quants.py; Q8_K, which gguf lacks, by ggml's one-line formula d * q), and written
as fixtures: one file TYPE.bin per type,

    "PBQF" | u32 type id | u32 block elements | u32 block bytes | u32 blocks
    | blocks * block bytes of raw blocks | blocks * block elements float32 (LE) expected

The C++ tests compare them BIT-EXACTLY: tests/base/test_quant_fixtures.cpp (the CPU
dequantizer) and tests/core/test_device_dequant_fixtures.cpp (the device dequantizer
on CPU torch tensors). They read tests/fixtures/quants/ (small, committed) or the folder
named by PB_QUANT_FIXTURES.

  python3 -m venv /tmp/ggufvenv && /tmp/ggufvenv/bin/pip install gguf==0.19.0 numpy
  # rewrite the committed fixtures (8 super-blocks / 64 blocks per type):
  /tmp/ggufvenv/bin/python tools/quants/check_dequant.py write tests/fixtures/quants
  # the agreement table: many more blocks in a temp folder, both C++ tests run on them
  /tmp/ggufvenv/bin/python tools/quants/check_dequant.py check build --blocks 4096
"""
import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile

import numpy as np
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType as T
from gguf import quants

# Every type PruneBench dequantizes, with the byte offsets of its f16 scale fields
# (made finite so that the expected values are comparable floats, not NaN payloads).
F16_FIELDS = {
    T.F16: None, T.BF16: None,  # plain values: every element made finite
    T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2], T.Q8_0: [0],
    T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
    T.Q8_K: [],  # f32 d at 0, handled below
    T.TQ1_0: [52], T.TQ2_0: [64],
    T.IQ4_NL: [0], T.IQ4_XS: [0], T.IQ2_XXS: [0], T.IQ2_XS: [0], T.IQ2_S: [0],
    T.IQ3_XXS: [0], T.IQ3_S: [0], T.IQ1_S: [0],
    T.IQ1_M: [],  # f16 scattered over the top nibbles of its 4 scale words, handled below
}


def finite_f16_bits(rng, n):
    """n random f16 bit patterns that are finite (exponent not all ones), subnormals included."""
    bits = rng.integers(0, 1 << 16, size=n, dtype=np.uint32).astype(np.uint16)
    return np.where((bits & 0x7C00) == 0x7C00, bits & ~np.uint16(0x4000), bits).astype(np.uint16)


def make_blocks(qtype, nblocks, rng):
    elems, size = GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(nblocks, size), dtype=np.uint16).astype(np.uint8)
    fields = F16_FIELDS[qtype]
    if fields is None:  # F16 / BF16 elements
        if qtype == T.F16:
            raw = finite_f16_bits(rng, nblocks).view(np.uint8).reshape(nblocks, 2)
        else:
            b = raw.view(np.uint16)
            b = np.where((b & 0x7F80) == 0x7F80, b & ~np.uint16(0x4000), b).astype(np.uint16)
            raw = b.view(np.uint8).reshape(nblocks, 2)
        return raw
    for off in fields:
        raw[:, off:off + 2] = finite_f16_bits(rng, nblocks).view(np.uint8).reshape(nblocks, 2)
    if qtype == T.Q8_K:  # finite f32 d of moderate size: |d| < 2^20
        mag = rng.uniform(-20, 20, size=nblocks)
        d = (np.sign(rng.uniform(-1, 1, size=nblocks)) * np.exp2(mag)).astype(np.float32)
        raw[:, 0:4] = d.view(np.uint8).reshape(nblocks, 4)
    if qtype == T.IQ1_M:  # d bits 4k..4k+3 = the top nibble of scale word k (bytes 48 + 2k)
        d = finite_f16_bits(rng, nblocks)
        for k in range(4):
            nib = ((d >> (4 * k)) & 0xF).astype(np.uint8)
            raw[:, 49 + 2 * k] = (raw[:, 49 + 2 * k] & 0x0F) | (nib << 4)
    return raw


def reference(qtype, raw):
    """float32 [nblocks, elems] as the gguf package computes it."""
    if qtype == T.Q8_K:  # ggml dequantize_row_q8_K: y = d * q
        d = raw[:, 0:4].copy().view(np.float32)
        q = raw[:, 4:260].view(np.int8).astype(np.float32)
        return d * q
    out = quants.dequantize(raw, qtype)
    return np.asarray(out, dtype=np.float32).reshape(raw.shape[0], -1)


def write(folder, blocks256, blocks32, seed):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    total = 0
    for qtype in F16_FIELDS:
        elems, size = GGML_QUANT_SIZES[qtype]
        n = blocks256 if elems == 256 else blocks32 if elems == 32 else blocks32 * 16
        raw = make_blocks(qtype, n, rng)
        want = reference(qtype, raw)
        assert want.shape == (n, elems) and want.dtype == np.float32, qtype.name
        assert np.all(np.isfinite(want)), qtype.name
        path = os.path.join(folder, qtype.name + ".bin")
        with open(path, "wb") as f:
            f.write(b"PBQF" + struct.pack("<4I", int(qtype), elems, size, n))
            f.write(raw.tobytes())
            f.write(want.astype("<f4").tobytes())
        total += os.path.getsize(path)
    print(f"wrote {len(F16_FIELDS)} fixtures, {total} bytes, to {folder}")


LINE = re.compile(r"QUANTCHECK path=(\S+) type=(\S+) blocks=(\d+) elements=(\d+) max_abs=(\S+) mismatched=(\d+)")


def run_tests(build, folder):
    env = dict(os.environ, PB_QUANT_FIXTURES=folder)
    results = {}
    for exe, flt in (("pb_base_tests", "*QuantFixtures.*"), ("pb_core_tests", "*DeviceDequantFixtures.*")):
        p = subprocess.run([os.path.join(build, "tests", exe), f"--gtest_filter={flt}"], env=env,
                           capture_output=True, text=True)
        for m in LINE.finditer(p.stdout):
            results[(m.group(1), m.group(2))] = (int(m.group(3)), float(m.group(5)), int(m.group(6)))
        if p.returncode != 0:
            sys.stdout.write(p.stdout[-4000:])
            print(f"{exe} failed (exit {p.returncode})")
    return results


def check(build, blocks, seed):
    with tempfile.TemporaryDirectory(prefix="pb-quants-") as folder:
        write(folder, blocks, blocks * 8, seed)
        results = run_tests(build, folder)
    print()
    print(f"{'type':8} {'blocks':>7} {'cpu max|diff|':>14} {'cpu exact':>9} {'device max|diff|':>17} {'device exact':>12}")
    ok = True
    for qtype in F16_FIELDS:
        row = [f"{qtype.name:8}"]
        nb = None
        for path in ("cpu", "device"):
            r = results.get((path, qtype.name))
            if r is None:
                row.append(f"{'-':>14} {'MISSING':>9}" if path == "cpu" else f"{'-':>17} {'MISSING':>12}")
                ok = False
                continue
            nb = r[0]
            exact = "yes" if r[2] == 0 else "NO"
            ok = ok and r[2] == 0
            w = (14, 9) if path == "cpu" else (17, 12)
            row.append(f"{r[1]:>{w[0]}.3g} {exact:>{w[1]}}")
        row.insert(1, f"{nb if nb is not None else '-':>7}")
        print(" ".join(row))
    print("all bit-exact" if ok else "MISMATCH or missing results")
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write", help="write fixtures to a folder")
    w.add_argument("folder")
    w.add_argument("--blocks", type=int, default=8, help="256-element blocks per type (32-element: 8x)")
    w.add_argument("--seed", type=int, default=20261201)
    c = sub.add_parser("check", help="write many blocks to a temp folder, run both C++ tests, print the table")
    c.add_argument("build", help="the CMake build folder (with tests/pb_base_tests and tests/pb_core_tests)")
    c.add_argument("--blocks", type=int, default=2048, help="256-element blocks per type (32-element: 8x)")
    c.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    if a.cmd == "write":
        write(a.folder, a.blocks, a.blocks * 8, a.seed)
        return 0
    return check(a.build, a.blocks, a.seed)


if __name__ == "__main__":
    sys.exit(main())
