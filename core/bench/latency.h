#pragma once
// Measured latency of a model shape on the current device, in place of a formula: random
// weights of the shape (core/bench/random_model: speed does not depend on the values) are
// built on the device in the requested dtype, then
//  - prefill: one forward of a prompt of `context` random tokens at batch 1, up to the last
//    position's logits and the chosen id on the host (time to the first token), over the
//    context lengths of the curve;
//  - decode: `new_tokens` one-token steps with the KV cache after a prompt of `context`
//    tokens, the host reading every id as the generator does (core/model/generator), over the
//    batch sizes of the curve (batch × steps / time = tokens/s).
// Every point is the median of `repeat` timed runs after `warmup` untimed ones, the device
// synced around each; the shapes measured together take turns run by run. Points are cached per shape, device, dtype and CPU threads, in memory
// and on disk (XDG cache: cacheDir()/latency/DEVICE.json, written atomically), so a shape
// measured once shows at once the next time, in the GUI and the CLI alike. Torch-free header.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/arch/model_config.h"
#include "core/report/results.h"
#include "core/util/progress.h"

namespace pb {

struct LatencyOptions {
    std::string device = "cpu";     // cpu | cuda | cuda:N
    std::string dtype = "f32";      // f32 | bf16 | f16
    int64_t context = 128;          // headline: prefill of `context` tokens at batch 1; decode after them
    int64_t new_tokens = 8;         // decode steps timed per run (at least 2)
    std::vector<int64_t> contexts;  // prefill curve at batch 1 (empty: the headline point only)
    std::vector<int64_t> batches;   // decode curve after `context` tokens (empty: batch 1 only)
    int64_t repeat = 3;
    int64_t warmup = 1;
    bool use_cache = true;          // read cached points (measured points are stored either way)
    std::filesystem::path cache_dir;  // empty: latencyCacheDir()
    uint64_t seed = 0;
};

// The curves' grid: prefill over 128..1024 tokens, decode over batch 1..8.
std::vector<int64_t> defaultLatencyContexts();
std::vector<int64_t> defaultLatencyBatches();

struct LatencyShape {
    std::string label;  // "original", "plan", "width 20%"
    ModelConfig config;
    std::string kind;   // "original", "width", "depth" or "" (mixed, unknown): how charts colour it
};

// Measures the shapes' missing points. Shapes whose random weights fit the device together are
// measured in turns, run by run (every shape's warm-up, then each timed run of every shape before
// the next), so that a load that changes meanwhile weighs on all of them alike; the others one
// group after another. A point one shape lacks is timed again for all of them (never a ratio of
// a cached figure and a new one); a measurement whose points are all cached times nothing. A shape that cannot be measured (too large for the free memory, a CUDA
// error) carries its error; bad options and cancellation throw (pb::Error, pb::Cancelled).
std::vector<LatencyProfile> measureLatency(const std::vector<LatencyShape>& shapes, const LatencyOptions& options,
                                           const ProgressFn& progress = {});

// What the cache holds for `shape` under `options`, nothing measured: figures NaN and points
// missing where not cached; measured() says whether the headline is there. Never throws
// for a cache that is missing or unreadable (it is treated as empty).
LatencyProfile cachedLatency(const LatencyShape& shape, const LatencyOptions& options);

// The cache's names. Shape: every field that changes the forward's work (family, widths per
// layer, vocabulary, tying, biases, norms, sliding layers), readable prefix + 64-bit hash.
std::string latencyShapeKey(const ModelConfig& shape);
// Device: "cpu:MODEL NAME" (from /proc/cpuinfo) or "cuda:GPU NAME, N SMs".
std::string latencyDeviceKey(const std::string& device);
std::filesystem::path latencyCacheDir();  // $PB_LATENCY_CACHE, else assets::cacheDir()/latency
void clearLatencyMemoryCache();           // tests: the next lookup reads the disk again

// `pruned` relative to `original` (= 1), NaN unless both are measured: prefill time ratio, and
// the decode time per token ratio (original tokens/s over pruned tokens/s).
double prefillRatio(const LatencyProfile& original, const LatencyProfile& pruned);
double decodeRatio(const LatencyProfile& original, const LatencyProfile& pruned);

} // namespace pb
