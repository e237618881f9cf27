#include "core/bench/flops.h"

#include <cstdio>

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

DevicePeak devicePeak(const std::string& device, const GpuProperties& g, double measured) {
    DevicePeak p;
    if (device.rfind("cuda", 0) != 0) {
        p.label = "cpu (no peak: utilisation n/a)";
        return p;
    }
    const std::string name = g.name.empty() ? std::string("unnamed CUDA device") : g.name;
    const int per_sm = denseTensorFlopsPerClockPerSm(g.major, g.minor);
    char b[320];
    std::string label = name;
    if (per_sm > 0 && g.sms > 0 && g.clock_khz > 0) {
        p.nominal = double(g.sms) * double(g.clock_khz) * 1e3 * double(per_sm);
        std::snprintf(b, sizeof b, ", sm_%d%d: %.0f TFLOP/s dense 16-bit (%d SMs x %d MHz x %d FLOP/clock/SM)", g.major,
                      g.minor, p.nominal / 1e12, g.sms, g.clock_khz / 1000, per_sm);
        label += b;
    } else {
        std::snprintf(b, sizeof b, ", sm_%d%d: no nominal peak (architecture not in the table)", g.major, g.minor);
        label += b;
    }
    if (measured > 0) {
        p.practical = measured;
        std::snprintf(b, sizeof b, "; measured bf16 GEMM peak %.0f TFLOP/s", measured / 1e12);
        label += b;
    }
    if (p.nominal <= 0) p.nominal = p.practical;      // one figure for both
    if (p.practical <= 0) p.practical = p.nominal;
    if (p.nominal <= 0) label += " (utilisation n/a)";
    p.label = label;
    return p;
}

} // namespace pb
