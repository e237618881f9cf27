#!/usr/bin/env python3
"""Seed corpora for the libFuzzer harnesses, made from tests/fixtures (nothing is committed).

usage: make_corpus.py OUT_DIR
Writes OUT_DIR/<harness>/ for every harness in tests/fuzz: fixture files that are small
enough to mutate quickly, plus tiny files made here (GGUF models, safetensors, indexes,
plans) that reach deep into each reader.
"""
import json
import os
import pathlib
import shutil
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures"


def put(out: pathlib.Path, name: str, data: bytes) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)


# ---- GGUF -------------------------------------------------------------------------------
U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 = range(13)


def gstr(s: str | bytes) -> bytes:
    b = s.encode() if isinstance(s, str) else s
    return struct.pack("<Q", len(b)) + b


def gkv(key: str, vtype: int, value: bytes) -> bytes:
    return gstr(key) + struct.pack("<I", vtype) + value


def garr(etype: int, items: list) -> bytes:
    out = struct.pack("<IQ", etype, len(items))
    fmt = {U32: "<I", I32: "<i", F32: "<f", U64: "<Q"}
    for x in items:
        out += gstr(x) if etype == STRING else struct.pack(fmt[etype], x)
    return out


def gguf(kvs: list[bytes], tensors: list[tuple[str, list[int], int, bytes]]) -> bytes:
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kvs)) + b"".join(kvs)
    off = 0
    infos = b""
    for name, ne, t, data in tensors:
        infos += gstr(name) + struct.pack("<I", len(ne)) + b"".join(struct.pack("<Q", d) for d in ne)
        infos += struct.pack("<IQ", t, off)
        off += len(data)
        off += (32 - off % 32) % 32
    body = head + infos
    body += b"\0" * ((32 - len(body) % 32) % 32)
    data = b""
    for _, _, _, d in tensors:
        data += d
        data += b"\0" * ((32 - len(data) % 32) % 32)
    return body + data


def tiny_model(extra: list[bytes], tok_model: str = "llama") -> bytes:
    tokens = ["<unk>", "<s>", "</s>", "a", "b", "ab", "\u2581", "\u2581a"]
    kvs = [
        gkv("general.architecture", STRING, gstr("llama")),
        gkv("llama.block_count", U32, struct.pack("<I", 1)),
        gkv("llama.embedding_length", U32, struct.pack("<I", 8)),
        gkv("llama.attention.head_count", U32, struct.pack("<I", 2)),
        gkv("llama.attention.head_count_kv", ARRAY, garr(I32, [1])),
        gkv("llama.feed_forward_length", U32, struct.pack("<I", 16)),
        gkv("llama.rope.freq_base", F32, struct.pack("<f", 10000.0)),
        gkv("llama.attention.layer_norm_rms_epsilon", F32, struct.pack("<f", 1e-5)),
        gkv("tokenizer.ggml.model", STRING, gstr(tok_model)),
        gkv("tokenizer.ggml.tokens", ARRAY, garr(STRING, tokens)),
        gkv("tokenizer.ggml.scores", ARRAY, garr(F32, [0, 0, 0, -1, -2, -0.5, -3, -1.5])),
        gkv("tokenizer.ggml.token_type", ARRAY, garr(I32, [2, 3, 3, 1, 1, 1, 1, 1])),
        gkv("tokenizer.ggml.bos_token_id", U32, struct.pack("<I", 1)),
        gkv("tokenizer.ggml.eos_token_id", U32, struct.pack("<I", 2)),
    ] + extra
    f32 = lambda n: struct.pack(f"<{n}f", *([0.5] * n))
    tensors = [("token_embd.weight", [8, 8], 0, f32(64)), ("output_norm.weight", [8], 0, f32(8)),
               ("blk.0.attn_q.weight", [8, 8], 0, f32(64)), ("blk.0.ffn_up.weight", [8, 16], 1, b"\0" * 256)]
    return gguf(kvs, tensors)


def gguf_seeds(out: pathlib.Path) -> None:
    for f in sorted(FIX.glob("tokenizer/*.gguf")):
        shutil.copy(f, out / f.name)
    put(out, "tiny_spm.gguf", tiny_model([]))
    put(out, "tiny_gpt2.gguf", tiny_model([gkv("tokenizer.ggml.merges", ARRAY, garr(STRING, ["a b", "\u2581 a"])),
                                           gkv("tokenizer.ggml.pre", STRING, gstr("qwen2"))], "gpt2"))
    put(out, "tiny_linear_rope.gguf", tiny_model([gkv("llama.rope.scaling.type", STRING, gstr("linear")),
                                                  gkv("llama.rope.scaling.factor", F32, struct.pack("<f", 2.0))]))


# ---- safetensors --------------------------------------------------------------------------
def safetensors(tensors: dict[str, tuple[str, list[int], bytes]], meta: dict | None = None) -> bytes:
    header: dict = {"__metadata__": meta or {"format": "pt"}}
    off, blob = 0, b""
    for name, (dt, shape, data) in tensors.items():
        header[name] = {"dtype": dt, "shape": shape, "data_offsets": [off, off + len(data)]}
        off += len(data)
        blob += data
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + blob


def safetensors_seeds(out: pathlib.Path) -> None:
    put(out, "small.safetensors", safetensors({"a": ("F32", [2, 2], b"\0" * 16), "b": ("BF16", [3], b"\0" * 6),
                                               "c": ("I64", [1], b"\0" * 8), "e": ("F16", [0, 4], b"")}))
    put(out, "empty.safetensors", safetensors({}))
    put(out, "u8.safetensors", safetensors({"x": ("U8", [1, 1, 1, 1, 5], b"\1" * 5), "y": ("F8_E4M3", [2], b"\0\0")}))
    fixture = FIX / "models" / "tiny_qwen2" / "model.safetensors"  # a real header (tensor data cut short)
    if fixture.exists():
        put(out, "tiny_qwen2_header.safetensors", fixture.read_bytes()[:4096])


def index_seeds(out: pathlib.Path) -> None:
    s1, s2 = "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"
    put(out, "index.json", json.dumps({"metadata": {"total_size": 32},
                                       "weight_map": {"w.a": s1, "w.b": s1, "w.c": s2, "w.d": s2}}).encode())
    put(out, "index_one.json", json.dumps({"weight_map": {"w.a": s1}}).encode())


# ---- JSON files ---------------------------------------------------------------------------
def copy_small(out: pathlib.Path, pattern: str, limit: int = 64 * 1024) -> None:
    for f in sorted(FIX.glob(pattern)):
        if f.stat().st_size <= limit:
            name = "_".join(f.relative_to(FIX).parts)
            shutil.copy(f, out / name)


def tokenizer_seeds(out: pathlib.Path) -> None:
    copy_small(out, "tokenizer/*/tokenizer.json")
    copy_small(out, "models/tiny_llama/tokenizer.json")
    tiny = {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, "<s>": 3, "<0x41>": 4}, "merges": ["a b"],
                      "byte_fallback": True, "unk_token": "<s>"},
            "added_tokens": [{"id": 3, "content": "<s>", "special": True, "lstrip": True}],
            "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "\u2581"},
                                                                 {"type": "Replace", "pattern": {"String": " "},
                                                                  "content": "\u2581"}]},
            "post_processor": {"type": "TemplateProcessing",
                               "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                                          {"Sequence": {"id": "A", "type_id": 0}}],
                               "special_tokens": {"<s>": {"id": "<s>", "ids": [3], "tokens": ["<s>"]}}},
            "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "\u2581"},
                                                          "content": " "},
                                                         {"type": "ByteFallback"}, {"type": "Fuse"},
                                                         {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}}
    put(out, "tiny_spm.json", json.dumps(tiny).encode())
    tiny["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": True},
                                                                   {"type": "ByteLevel", "add_prefix_space": False}]}
    tiny["normalizer"] = {"type": "NFC"}
    put(out, "tiny_bytelevel.json", json.dumps(tiny).encode())
    # Oniguruma constructs the PCRE2 rewrite handles (core/tokenizer/onig_syntax.h), as a Split
    # and as a regex Replace, so the fuzzer mutates patterns as well as texts.
    patterns = [r"(?i:'s|'t)|\w+|\s+(?!\S)|\b\p{Han}+|[[:alpha:]]{,3}|\uFF21|\h+|(?m:.)", r"a(?i)b|c", r"[^\s\w]++"]
    for k, pattern in enumerate(patterns):
        tiny["pre_tokenizer"] = {"type": "Split", "pattern": {"Regex": pattern}, "behavior": "Isolated", "invert": False}
        tiny["normalizer"] = {"type": "Replace", "pattern": {"Regex": pattern}, "content": "\u2581"}
        put(out, f"tiny_regex{k}.json", json.dumps(tiny).encode())


def config_seeds(out: pathlib.Path) -> None:
    copy_small(out, "models/*/config.json")


def plan_seeds(out: pathlib.Path) -> None:
    layer = {"attention_ratio": 0.5, "mlp_ratio": 0.25, "attention_keep": None, "mlp_keep": None}
    base = {"format": "prunebench-plan", "version": 1, "criterion": "taylor_element1", "aggregation": "sum",
            "attention_unit": "group", "ranking": "local", "round_to": 8, "iterative_steps": 1,
            "layers": [layer] * 4, "dropped_blocks": [2], "hidden_ratio": 0.0, "hidden_keep": None,
            "calibration": {"text": "moby", "samples": 10, "seq_len": 128}}
    put(out, "ratio.json", json.dumps(base).encode())
    resolved = dict(base, attention_unit="head",
                    layers=[{"attention_ratio": 0.5, "mlp_ratio": 0.5, "attention_keep": [0, 2],
                             "mlp_keep": list(range(0, 128, 2))}] * 4,
                    hidden_ratio=0.25, hidden_keep=list(range(48)), dropped_blocks=[])
    put(out, "resolved.json", json.dumps(resolved).encode())


# ---- benchmark texts and zero-shot task files (first byte: which name the reader sees) ---------
def prefixed_seeds(out: pathlib.Path, pattern: str, selector) -> None:
    for f in sorted(FIX.glob(pattern)):
        if f.is_file() and f.stat().st_size <= 64 * 1024:
            name = "_".join(f.relative_to(FIX).parts)
            put(out, name, bytes([selector(f.name)]) + f.read_bytes())


def benchmark_seeds(out: pathlib.Path) -> None:
    # tests/fuzz/fuzz_benchmark_text.cpp: 0 wiki.test.raw, 1 wiki.valid.tokens, 2 ptb.test.txt, 3 .jsonl, 4 .json
    def pick(name: str) -> int:
        if name.endswith(".jsonl"):
            return 3
        if name.endswith(".json"):
            return 4
        if name.startswith("ptb."):
            return 2
        return 1 if name.endswith(".tokens") else 0
    prefixed_seeds(out, "benchmark/**/*", pick)


def task_seeds(out: pathlib.Path) -> None:
    # tests/fuzz/fuzz_task_file.cpp: the low bits pick the task (pb::zs::taskNames() order), 0x80 JSONL
    names = ["boolq", "piqa", "hellaswag", "winogrande", "arc_easy", "arc_challenge", "openbookqa"]
    def pick(name: str) -> int:
        stem, ext = name.rsplit(".", 1)
        return names.index(stem) | (0x80 if ext == "jsonl" else 0) if stem in names else 0
    prefixed_seeds(out, "zeroshot/*", pick)


HARNESSES = {
    "fuzz_gguf": gguf_seeds,
    "fuzz_gguf_tokenizer": gguf_seeds,
    "fuzz_safetensors": safetensors_seeds,
    "fuzz_safetensors_index": index_seeds,
    "fuzz_hf_config": config_seeds,
    "fuzz_tokenizer_json": tokenizer_seeds,
    "fuzz_plan": plan_seeds,
    "fuzz_benchmark_text": benchmark_seeds,
    "fuzz_task_file": task_seeds,
}


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = pathlib.Path(sys.argv[1])
    for name, make in HARNESSES.items():
        d = out / name
        d.mkdir(parents=True, exist_ok=True)
        make(d)
        print(f"{name}: {len(os.listdir(d))} seeds in {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
