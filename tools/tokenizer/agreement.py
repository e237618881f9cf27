#!/usr/bin/env python3
"""Fraction of identical ids between the reference tokenizer (HF `tokenizers`, built
from the demo GGUF as in make_fixtures.py) and ours, over the whole of Moby Dick.

Our ids come from the C++ test TokenizerDemoGguf.WholeMobyDick, which writes them to
the file named by PB_DUMP_IDS.

  python3 tools/tokenizer/agreement.py [--tests build-tok/tests/pb_base_tests]
"""
import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import make_fixtures as mf  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tests", default=os.path.join(mf.ROOT, "build-tok", "tests", "pb_base_tests"))
    args = ap.parse_args()

    import gguf
    tok, _, _ = mf.demo_tokenizer(gguf.GGUFReader(mf.DEMO_GGUF))
    text = mf.moby_text()
    t0 = time.time()
    ref = tok.encode(text, add_special_tokens=False).ids
    print(f"reference (HF tokenizers): {len(ref)} ids in {time.time() - t0:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "ids.json")
        env = dict(os.environ, PB_DUMP_IDS=dump)
        run = subprocess.run([args.tests, "--gtest_filter=TokenizerDemoGguf.WholeMobyDick"],
                             env=env, capture_output=True, text=True)
        for line in run.stdout.splitlines():
            if "Moby Dick:" in line:
                print("ours:", line.strip())
        if not os.path.exists(dump):
            sys.exit("the test wrote no ids (is the demo GGUF present?)\n" + run.stdout + run.stderr)
        ours = json.load(open(dump))

    if len(ours) == len(ref):
        same = sum(a == b for a, b in zip(ours, ref))
    else:  # lengths differ: count ids inside matching runs
        sm = difflib.SequenceMatcher(None, ref, ours, autojunk=False)
        same = sum(b.size for b in sm.get_matching_blocks())
    first = next((i for i, (a, b) in enumerate(zip(ref, ours)) if a != b), min(len(ref), len(ours)))
    frac = same / max(len(ref), len(ours), 1)
    print(f"identical ids: {same}/{max(len(ref), len(ours))} = {frac:.6f}"
          + ("" if first == len(ref) == len(ours) else f" (first difference at id {first})"))
    return 0 if frac == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
