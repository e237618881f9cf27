#include "core/bench/flops.h"

#include "core/util/error.h"

namespace pb {

BenchWork benchWorkFromName(const std::string& n) {
    if (n == "score") return BenchWork::Score;
    if (n == "ppl") return BenchWork::Ppl;
    if (n == "lora") return BenchWork::Lora;
    if (n == "generate") return BenchWork::Generate;
    throw Error("unknown work '" + n + "' (use score, ppl, lora or generate)");
}

const char* benchWorkName(BenchWork w) {
    switch (w) {
    case BenchWork::Score: return "score";
    case BenchWork::Ppl: return "ppl";
    case BenchWork::Lora: return "lora";
    case BenchWork::Generate: return "generate";
    }
    return "?";
}

double workFlops(const ModelConfig& c, BenchWork work, int64_t batch, int64_t seq, int64_t prompt) {
    const double forward = 2.0 * double(c.macs(seq)) * double(batch);  // one forward over batch x seq
    switch (work) {
    case BenchWork::Ppl: return forward;
    case BenchWork::Score: return 3.0 * forward;  // forward + input and weight gradients
    case BenchWork::Lora: return 2.0 * forward;   // forward + input gradients (frozen base; adapters negligible)
    case BenchWork::Generate: {
        // Per decoded token: every projection and the lm_head once (macs(1) without the
        // attention term), plus QK^T and PV over the cache (average length prompt + seq/2).
        double per_token = 0.0;
        const double ctx = double(prompt) + double(seq) / 2.0;
        per_token += 2.0 * double(c.vocab * c.hidden);
        for (const LayerDims& d : c.layers) {
            const double q = double(d.n_heads * c.head_dim), kv = double(d.n_kv_heads * c.head_dim);
            per_token += 2.0 * (q * c.hidden + 2 * kv * c.hidden + c.hidden * q + 3.0 * double(d.ffn) * c.hidden);
            per_token += 4.0 * q * ctx;
        }
        return per_token * double(seq) * double(batch);
    }
    }
    return 0.0;
}

DevicePeak devicePeak(const std::string& device) {
    DevicePeak p;
    if (device.rfind("cuda", 0) != 0) {
        p.label = "cpu (no peak: utilisation n/a)";
        return p;
    }
    p.nominal = 989e12;    // H100 SXM, bf16 dense, datasheet
    p.practical = 790e12;  // issue 7: what bf16 GEMMs reach on this H100
    p.label = "H100 SXM bf16 dense: 989 TFLOP/s nominal, ~790 TFLOP/s practical";
    return p;
}

} // namespace pb
