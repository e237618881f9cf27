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

DevicePeak devicePeak(const std::string& device, const std::string& gpu_name) {
    DevicePeak p;
    if (device.rfind("cuda", 0) != 0) {
        p.label = "cpu (no peak: utilisation n/a)";
        return p;
    }
    struct Known {
        const char* part;  // in the driver's name
        double nominal, practical;
    };
    // Datasheet dense bf16; practical: what large bf16 GEMMs reached (H100/H200: measured in
    // issue 7 and 15, ~80% of nominal) or 80% of nominal where not measured here.
    static const Known known[] = {{"H200", 989e12, 790e12}, {"H100", 989e12, 790e12}, {"H800", 989e12, 790e12},
                                  {"A100", 312e12, 250e12}, {"A800", 312e12, 250e12}, {"L40S", 362e12, 290e12},
                                  {"L4", 121e12, 97e12},    {"4090", 165e12, 132e12}};
    const std::string name = gpu_name.empty() ? std::string("unnamed CUDA device") : gpu_name;
    for (const Known& k : known)
        if (name.find(k.part) != std::string::npos) {
            p.nominal = k.nominal;
            p.practical = k.practical;
            p.label = name + " bf16 dense: " + std::to_string(int(k.nominal / 1e12)) + " TFLOP/s nominal, ~" +
                      std::to_string(int(k.practical / 1e12)) + " TFLOP/s practical";
            return p;
        }
    p.label = name + " (no known bf16 peak: utilisation n/a)";
    return p;
}

} // namespace pb
