#pragma once
// Prefill and decode speed of a ready model on its device, through the bench's greedy
// decoding run (core/bench/bench_generate.cpp: KV cache, the host reads every id): a prompt
// of `prompt` random tokens (prefill = its one forward), then `new_tokens` - 1 one-token
// forwards (decode). Medians of `repeat` timed runs after `warmup` untimed ones. For the
// cross-size table (core/prune/size_sweep.h). No torch in this header.
#include <cstdint>

namespace pb {

class LlamaModel;

struct SpeedOptions {
    int64_t prompt = 128;     // clipped so that prompt + new_tokens fits the model's positions
    int64_t new_tokens = 32;  // at least 2
    int64_t repeat = 3;
    int64_t warmup = 1;
    uint64_t seed = 0;
};

struct SpeedResult {
    int64_t prompt = 0;               // the prompt length used
    double prefill_seconds = 0.0;     // median
    double decode_seconds = 0.0;      // median total minus median prefill
    double prefill_tokens_per_s = 0.0;
    double decode_tokens_per_s = 0.0;
};

// Throws pb::Error when new_tokens < 2 or repeat < 1.
SpeedResult measureSpeed(LlamaModel& model, const SpeedOptions& options = {});

} // namespace pb
