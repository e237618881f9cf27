#pragma once
// `prunebench-cli bench`: times one kind of work (gradient scoring, perplexity forward,
// LoRA training steps, greedy decoding) on a real model or on a random-weight model of a
// named shape built in place on the device, with peak memory and model-FLOPs utilisation.
// Warm-up iterations are excluded; the reported time is the median of the timed ones.
// No torch in this header.
#include <cstdint>
#include <string>
#include <vector>

#include "core/bench/peak_memory.h"
#include "core/plan/defaults.h"
#include "core/util/progress.h"

namespace pb {

struct BenchOptions {
    std::string model;              // "shape:NAME", a model folder / .gguf, or "demo"
    std::string work = "ppl";       // score | ppl | lora | generate
    std::string device = "cpu";     // cpu | cuda | cuda:N
    std::string dtype = "f32";      // f32 | bf16 (| f16)
    int64_t batch = 0;              // 0 = the work's default (score 10, ppl 4, lora 4, generate 1)
    int64_t seq = 0;                // 0 = the work's default (score 128, ppl 128, lora 256, generate 64 new tokens)
    int64_t repeat = 3;             // timed iterations (median reported)
    int64_t warmup = 1;             // untimed iterations first
    int64_t prompt = 16;            // generate: prompt tokens per sequence
    int64_t micro_batch = 0;        // score: samples per forward/backward pass (0 = all at once)
    Criterion criterion = defaults::kWidthCriterion;  // score: the width criterion timed
    bool checkpointing = false;     // lora: gradient checkpointing
    uint64_t seed = 0;
    std::string profile;            // folder: the timed iterations run under the torch profiler (core/bench/profiler)
};

// Filled by the work runners (core/bench/bench_*.cpp).
struct WorkTiming {
    std::vector<double> seconds;    // one per timed iteration
    int64_t tokens = 0;             // tokens per iteration
    double loss = 0.0;              // mean cross-entropy seen by the work (sanity; NaN if none)
    double prefill_seconds = 0.0;   // generate: median prompt pass
    std::string note;
};

struct BenchResult {
    BenchOptions options;           // with the defaults resolved
    std::string shape;              // shape name, or "" for a loaded model
    std::string torch_version;
    int64_t params = 0;
    int64_t weight_bytes = 0;
    double build_seconds = 0.0;     // random model built / model loaded
    WorkTiming timing;
    double time_s = 0.0;            // median of timing.seconds
    double tokens_per_s = 0.0;
    PeakMemory peak;                // over the timed iterations (weights included)
    double model_flops = 0.0;       // per iteration
    double achieved_flops = 0.0;    // model_flops / time_s
    double util_nominal = -1.0;     // against the device's bf16 dense peak; -1 = n/a (CPU)
    double util_practical = -1.0;
    std::string peak_label;
    std::string profile_summary;    // --profile: the top kernels and operators (timings include the profiler's cost)
};

// Throws pb::Error on bad options (unknown work/shape/device), pb::Cancelled via progress.
BenchResult runBench(const BenchOptions& options, const ProgressFn& progress = {});

// One JSON object (the fields the peer scripts under benchmarks/ print too).
std::string benchJson(const BenchResult& r);
// A few human-readable lines.
std::string benchText(const BenchResult& r);

} // namespace pb
