#pragma once
// KV-cached sampling for short samples: greedy, temperature, top-k, top-p.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/util/progress.h"

namespace pb {

class LlamaModel;
class Tokenizer;

struct GenerateOptions {
    int64_t max_tokens = 64;
    double temperature = 0.0;  // 0 = greedy
    int64_t top_k = 0;         // 0 = off
    double top_p = 1.0;        // 1 = off
    uint64_t seed = 1234;
    bool stop_at_eos = true;
};

struct GenerateResult {
    std::string text;             // the continuation only
    std::vector<int32_t> ids;     // continuation ids
    int64_t prompt_tokens = 0;
    double seconds = 0.0;         // prompt + decoding
    double tokens_per_s = 0.0;    // decoded tokens per second
};

// on_token (optional) receives each decoded piece as it arrives; returning false stops.
GenerateResult generate(const LlamaModel& model, const Tokenizer& tokenizer, const std::string& prompt,
                        const GenerateOptions& options,
                        const std::function<bool(const std::string& piece)>& on_token = {});

} // namespace pb
