#pragma once
// The benchmark works (internal to core/bench): each runs options.warmup untimed and
// options.repeat timed iterations on a ready model, calling before_timed() right before
// the first timed one (the runner resets the peak-memory counter there).
#include <cstdint>
#include <functional>

#include <torch/types.h>

#include "core/bench/bench.h"

namespace pb {

class LlamaModel;

using BeforeTimed = std::function<void()>;

WorkTiming benchScore(LlamaModel& model, const BenchOptions& o, const BeforeTimed& before_timed);
WorkTiming benchPpl(LlamaModel& model, const BenchOptions& o, const BeforeTimed& before_timed);
WorkTiming benchLora(LlamaModel& model, const BenchOptions& o, const BeforeTimed& before_timed);
WorkTiming benchGenerate(LlamaModel& model, const BenchOptions& o, const BeforeTimed& before_timed);

// Helpers (work_util.cpp).
// Uniform random token ids [rows, cols] int64 on the CPU, in [0, vocab), seeded.
torch::Tensor randomIds(int64_t rows, int64_t cols, int64_t vocab, uint64_t seed);
// Waits for queued device work (no-op on the CPU).
void syncDevice(const torch::Device& device);
// Seconds since `start` after syncing the device.
double secondsSince(const torch::Device& device, double start);
double nowSeconds();  // steady clock
double median(std::vector<double> v);

} // namespace pb
