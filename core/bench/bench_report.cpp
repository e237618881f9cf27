// JSON and text output of a benchmark. The JSON field names are shared with the peer
// scripts (benchmarks/peer_bench.py), so benchmarks/run_all.sh can put both side by side.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/bench/bench.h"

namespace pb {

namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

nlohmann::json orNull(double v) { return std::isfinite(v) && v >= 0 ? nlohmann::json(v) : nlohmann::json(); }

} // namespace

std::string benchJson(const BenchResult& r) {
    const BenchOptions& o = r.options;
    nlohmann::json j{
        {"impl", "prunebench"},
        {"model", o.model},
        {"shape", r.shape},
        {"work", o.work},
        {"device", o.device},
        {"dtype", o.dtype},
        {"batch", o.batch},
        {"seq", o.seq},
        {"repeat", o.repeat},
        {"warmup", o.warmup},
        {"checkpointing", o.checkpointing},
        {"time_s", r.time_s},
        {"times_s", r.timing.seconds},
        {"tokens", r.timing.tokens},
        {"tokens_per_s", r.tokens_per_s},
        {"peak_mem_bytes", r.peak.bytes >= 0 ? nlohmann::json(r.peak.bytes) : nlohmann::json()},
        {"peak_mem_gib", r.peak.bytes >= 0 ? nlohmann::json(double(r.peak.bytes) / kGiB) : nlohmann::json()},
        {"peak_mem_kind", r.peak.kind},
        {"weights_gib", double(r.weight_bytes) / kGiB},
        {"params", r.params},
        {"model_flops", r.model_flops},
        {"achieved_tflops", r.achieved_flops / 1e12},
        {"util_nominal", orNull(r.util_nominal)},
        {"util_practical", orNull(r.util_practical)},
        {"limit_s", r.util_practical > 0 ? nlohmann::json(r.time_s * r.util_practical) : nlohmann::json()},
        {"peak_label", r.peak_label},
        {"loss", std::isfinite(r.timing.loss) ? nlohmann::json(r.timing.loss) : nlohmann::json()},
        {"build_s", r.build_seconds},
        {"torch", r.torch_version},
        {"note", r.timing.note},
    };
    if (o.work == "generate") j["prompt"] = o.prompt, j["prefill_s"] = r.timing.prefill_seconds;
    if (!o.profile.empty()) j["profile"] = o.profile, j["profiled"] = "timings include the profiler's cost";
    return j.dump();
}

std::string benchText(const BenchResult& r) {
    const BenchOptions& o = r.options;
    char buf[1024];
    std::string out;
    std::snprintf(buf, sizeof buf, "%s on %s (%s, %s): %.3f B params, %.2f GiB weights, built in %.2f s\n",
                  o.work.c_str(), o.model.c_str(), o.device.c_str(), o.dtype.c_str(), double(r.params) / 1e9,
                  double(r.weight_bytes) / kGiB, r.build_seconds);
    out += buf;
    std::snprintf(buf, sizeof buf, "  batch %lld x seq %lld%s%s; median of %lld (after %lld warm-up)\n",
                  (long long)o.batch, (long long)o.seq, r.timing.note.empty() ? "" : "; ", r.timing.note.c_str(),
                  (long long)o.repeat, (long long)o.warmup);
    out += buf;
    std::snprintf(buf, sizeof buf, "  time %.4f s   tokens/s %.1f   loss %.4f\n", r.time_s, r.tokens_per_s, r.timing.loss);
    out += buf;
    if (r.peak.bytes >= 0) std::snprintf(buf, sizeof buf, "  peak memory %.2f GiB (%s)\n", double(r.peak.bytes) / kGiB, r.peak.kind.c_str());
    else std::snprintf(buf, sizeof buf, "  peak memory: %s\n", r.peak.kind.c_str());
    out += buf;
    std::snprintf(buf, sizeof buf, "  model FLOPs %.3g per iteration, %.2f TFLOP/s achieved\n", r.model_flops,
                  r.achieved_flops / 1e12);
    out += buf;
    if (r.util_nominal >= 0)
        std::snprintf(buf, sizeof buf, "  utilisation %.1f%% of nominal, %.1f%% of practical peak (%s)\n",
                      100 * r.util_nominal, 100 * r.util_practical, r.peak_label.c_str());
    else
        std::snprintf(buf, sizeof buf, "  utilisation n/a (%s)\n", r.peak_label.c_str());
    out += buf;
    if (r.util_practical > 0) {  // how far from the GPU's limit: the time these FLOPs take at the practical peak
        std::snprintf(buf, sizeof buf, "  the GPU's limit: %.3f ms per iteration at the practical peak; measured %.1fx that\n",
                      1e3 * r.time_s * r.util_practical, 1.0 / r.util_practical);
        out += buf;
    }
    return out;
}

} // namespace pb
