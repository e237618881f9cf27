#!/usr/bin/env python3
"""The peer side of `prunebench-cli bench`: the same work done with PyTorch + transformers
(+ PEFT for LoRA) on a random-weight LlamaForCausalLM of the same shape, built directly on
the device in the requested dtype. Prints one JSON object with the fields prunebench prints
(time_s = median of --repeat timed iterations after --warmup, tokens_per_s, peak_mem_gib =
the CUDA caching allocator's peak over the timed iterations, weights included).

Works (same recipe as core/bench):
  score  forward + backward on batch x seq tokens (default 10 x 128), then sum |W * dW| per
         output row of every linear layer (element-wise first-order Taylor), gradients freed
  ppl    forward + next-token cross-entropy on batch x seq (default 4 x 128), no grad
  lora   PEFT LoRA r=8 alpha=16 dropout=0.05 on q,k,v,o,gate,up,down; AdamW lr 1e-4;
         one optimizer step per micro-batch of batch x seq (default 4 x 256);
         --checkpointing: gradient checkpointing (non-reentrant)

Examples:
  python3 benchmarks/peer_bench.py --shape llama-7b --work score --dtype bf16
  python3 benchmarks/peer_bench.py --shape tiny --work lora --device cpu --dtype f32 --repeat 1
An out-of-memory error prints {"error": "out of memory", ...} and exits 0 (so a table can show it).
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

SHAPES = {
    # hidden, layers, heads, kv heads, ffn, vocab, rope theta, rms eps, tied, max positions
    "llama-7b": (4096, 32, 32, 32, 11008, 32000, 10000.0, 1e-6, False, 2048),
    "llama-3-8b": (4096, 32, 32, 8, 14336, 128256, 500000.0, 1e-5, False, 8192),
    "smollm2-135m": (576, 30, 9, 3, 1536, 49152, 100000.0, 1e-5, True, 8192),
    "tiny": (64, 2, 4, 2, 128, 256, 10000.0, 1e-5, False, 2048),
}
DEFAULTS = {"score": (10, 128), "ppl": (4, 128), "lora": (4, 256)}
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
GIB = 1024.0 ** 3
# Dense 16-bit tensor FLOPs per clock per SM by compute capability, as core/bench/device_info.cpp.
FLOPS_PER_CLOCK_PER_SM = {(7, 0): 1024, (7, 5): 1024, (8, 0): 2048, (8, 6): 1024, (8, 7): 1024, (8, 9): 1024,
                          (9, 0): 4096, (10, 0): 8192}


def device_peaks(torch, device):
    """The GPU's peaks read from the device, as prunebench-cli bench reads them (never fixed to
    one GPU): nominal = SMs x maximum SM clock (nvidia-smi) x FLOPs/clock/SM of the architecture,
    practical = a measured 8192^3 bf16 matrix product (median of 10 after 3)."""
    import subprocess
    index = torch.device(device).index or 0
    props = torch.cuda.get_device_properties(index)
    n = 8192
    a = torch.randn(n, n, device=device, dtype=torch.bfloat16)
    b = torch.randn(n, n, device=device, dtype=torch.bfloat16)
    times = []
    for i in range(13):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        torch.mm(a, b)
        torch.cuda.synchronize()
        if i >= 3:
            times.append(time.perf_counter() - t0)
    practical = 2.0 * n ** 3 / statistics.median(times)
    nominal = 0.0
    per_sm = FLOPS_PER_CLOCK_PER_SM.get((props.major, props.minor), 0)
    try:
        mhz = float(subprocess.run(["nvidia-smi", "-i", str(index), "--query-gpu=clocks.max.sm", "--format=csv,noheader,nounits"],
                                   capture_output=True, text=True, timeout=20).stdout.split()[0])
        nominal = props.multi_processor_count * mhz * 1e6 * per_sm
    except (OSError, ValueError, IndexError, subprocess.SubprocessError):
        pass
    return (nominal if nominal > 0 else practical), practical


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shape", default="llama-7b", choices=sorted(SHAPES))
    p.add_argument("--work", required=True, choices=["score", "ppl", "lora"])
    p.add_argument("--device", default="cuda")
    p.add_argument("--dtype", default="bf16", choices=["bf16", "f32", "f16"])
    p.add_argument("--batch", type=int, default=0)
    p.add_argument("--seq", type=int, default=0)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--checkpointing", action="store_true")
    p.add_argument("--attn", default="sdpa", help="attn_implementation (default sdpa)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    b, s = DEFAULTS[a.work]
    a.batch = a.batch or b
    a.seq = a.seq or s
    return a


def model_flops(shape, work, batch, seq):
    """Same estimate as core/bench/flops.cpp: 2 FLOPs per MAC, causal attention."""
    H, L, nh, nkv, ffn, V = shape[:6]
    hd = H // nh
    macs = seq * V * H
    for _ in range(L):
        macs += seq * (nh * hd * H + 2 * nkv * hd * H + H * nh * hd + 3 * ffn * H)
        macs += nh * hd * seq * (seq + 1)
    forward = 2.0 * macs * batch
    return {"ppl": 1.0, "score": 3.0, "lora": 2.0}[work] * forward


def build_model(a, torch):
    from transformers import LlamaConfig, LlamaForCausalLM

    H, L, nh, nkv, ffn, V, theta, eps, tied, maxpos = SHAPES[a.shape]
    cfg = LlamaConfig(vocab_size=V, hidden_size=H, intermediate_size=ffn, num_hidden_layers=L,
                      num_attention_heads=nh, num_key_value_heads=nkv, rms_norm_eps=eps, rope_theta=theta,
                      max_position_embeddings=maxpos, tie_word_embeddings=tied, use_cache=False,
                      attn_implementation=a.attn)
    # transformers >= 5 reads rope_theta from rope_parameters; set both where present.
    if getattr(cfg, "rope_parameters", None) is not None and isinstance(cfg.rope_parameters, dict):
        cfg.rope_parameters["rope_theta"] = theta
    dtype = {"bf16": torch.bfloat16, "f32": torch.float32, "f16": torch.float16}[a.dtype]
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)  # parameters are created in dtype, on the device: no host copy
    try:
        with torch.device(a.device):
            torch.manual_seed(a.seed)
            model = LlamaForCausalLM(cfg)
    finally:
        torch.set_default_dtype(previous)
    model.config.use_cache = False
    return model


def sync(torch, device):
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def reset_peak(torch, device):
    if device.startswith("cuda"):
        torch.cuda.reset_peak_memory_stats()


def peak_bytes(torch, device):
    if device.startswith("cuda"):
        return torch.cuda.max_memory_allocated(), "cuda allocator peak"
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "process peak RSS (not reset)"


def run_score(a, torch, model, ids):
    model.requires_grad_(True)
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    loss_value = float("nan")

    def once():
        nonlocal loss_value
        out = model(input_ids=ids, labels=ids)
        loss_value = out.loss.item()
        out.loss.backward()
        scores = []
        with torch.no_grad():
            for m in linears:
                scores.append((m.weight.float() * m.weight.grad.float()).abs().sum(1))  # [out]
        model.zero_grad(set_to_none=True)
        return scores

    return once, lambda: loss_value


def run_ppl(a, torch, model, ids):
    loss_value = float("nan")

    def once():
        nonlocal loss_value
        with torch.inference_mode():
            logits = model(input_ids=ids).logits  # [B, S, V]
            V = logits.size(-1)
            loss = torch.nn.functional.cross_entropy(logits[:, :-1].float().reshape(-1, V), ids[:, 1:].reshape(-1))
            loss_value = loss.item()

    return once, lambda: loss_value


def run_lora(a, torch, model, ids_all):
    from peft import LoraConfig, get_peft_model

    if a.checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    cfg = LoraConfig(r=8, lora_alpha=16, lora_dropout=0.05, target_modules=LORA_TARGETS, bias="none",
                     task_type="CAUSAL_LM")
    peft_model = get_peft_model(model, cfg)
    peft_model.train()
    params = [p for p in peft_model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.0)
    step = [0]
    loss_value = float("nan")

    def once():
        nonlocal loss_value
        ids = ids_all[step[0] % ids_all.size(0)]
        step[0] += 1
        out = peft_model(input_ids=ids, labels=ids)
        loss_value = out.loss.item()
        out.loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)

    return once, lambda: loss_value


def main():
    a = parse_args()
    import torch
    import transformers

    result = {"impl": "peer", "shape": a.shape, "model": "shape:" + a.shape, "work": a.work, "device": a.device,
              "dtype": a.dtype, "batch": a.batch, "seq": a.seq, "repeat": a.repeat, "warmup": a.warmup,
              "checkpointing": a.checkpointing, "torch": torch.__version__,
              "transformers": transformers.__version__, "attn": a.attn}
    try:
        import peft
        result["peft"] = peft.__version__
    except ImportError:
        pass
    if a.device.startswith("cuda"):
        result["gpu"] = torch.cuda.get_device_name()
    try:
        t0 = time.perf_counter()
        model = build_model(a, torch)
        sync(torch, a.device)
        result["build_s"] = time.perf_counter() - t0
        result["params"] = sum(p.numel() for p in model.parameters())
        result["weights_gib"] = sum(p.numel() * p.element_size() for p in model.parameters()) / GIB
        gen = torch.Generator().manual_seed(a.seed)
        V = SHAPES[a.shape][5]
        if a.work == "lora":
            steps = a.warmup + a.repeat
            ids = torch.randint(0, V, (steps, a.batch, a.seq), generator=gen).to(a.device)  # [steps, B, S]
            once, loss = run_lora(a, torch, model, ids)
        else:
            ids = torch.randint(0, V, (a.batch, a.seq), generator=gen).to(a.device)  # [B, S]
            once, loss = (run_score if a.work == "score" else run_ppl)(a, torch, model, ids)
        times = []
        for i in range(a.warmup + a.repeat):
            if i == a.warmup:
                sync(torch, a.device)
                reset_peak(torch, a.device)
            sync(torch, a.device)
            t0 = time.perf_counter()
            once()
            sync(torch, a.device)
            if i >= a.warmup:
                times.append(time.perf_counter() - t0)
        peak, kind = peak_bytes(torch, a.device)
        t = statistics.median(times)
        flops = model_flops(SHAPES[a.shape], a.work, a.batch, a.seq)
        on_gpu = a.device.startswith("cuda")
        peak_nominal, peak_practical = device_peaks(torch, a.device) if on_gpu else (0.0, 0.0)
        result.update({
            "time_s": t, "times_s": times, "tokens": a.batch * a.seq, "tokens_per_s": a.batch * a.seq / t,
            "peak_mem_bytes": peak, "peak_mem_gib": peak / GIB, "peak_mem_kind": kind,
            "model_flops": flops, "achieved_tflops": flops / t / 1e12,
            "util_nominal": flops / t / peak_nominal if on_gpu else None,
            "util_practical": flops / t / peak_practical if on_gpu else None,
            "loss": loss() if math.isfinite(loss()) else None,
        })
    except torch.cuda.OutOfMemoryError as e:
        result["error"] = "out of memory"
        result["detail"] = str(e).splitlines()[0][:300]
        if a.device.startswith("cuda"):
            result["peak_mem_gib"] = torch.cuda.max_memory_allocated() / GIB
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
