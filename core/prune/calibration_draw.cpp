#include "core/prune/calibration_draw.h"

#include <random>

#include <torch/torch.h>

#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

std::vector<int32_t> calibrationIds(const Tokenizer& tok, const std::string& text) { return tok.encode(text, false); }

Calibration calibrationFromIds(const std::vector<int32_t>& ids, int64_t samples, int64_t seq_len, uint64_t seed) {
    if (samples < 1) throw Error("calibration needs at least one sample");
    if (seq_len < 2) throw Error("calibration samples need at least 2 tokens");
    const int64_t n = static_cast<int64_t>(ids.size());
    if (n < seq_len)
        throw Error("the calibration text has " + std::to_string(n) + " tokens, fewer than one sample of " +
                    std::to_string(seq_len));
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int64_t> offset(0, n - seq_len);
    auto out = torch::empty({samples, seq_len}, torch::kInt64);  // [N, L]
    auto acc = out.accessor<int64_t, 2>();
    for (int64_t s = 0; s < samples; ++s) {
        const int64_t o = offset(rng);
        for (int64_t t = 0; t < seq_len; ++t) acc[s][t] = ids[static_cast<size_t>(o + t)];
    }
    return {out};
}

std::string calibrationOverlapWarning(int64_t tokens, int64_t samples, int64_t seq_len, const std::string& text_name) {
    const int64_t need = samples * seq_len;
    if (tokens >= need) return {};
    return "warning: the calibration draws " + std::to_string(samples) + " x " + std::to_string(seq_len) + " = " +
           std::to_string(need) + " tokens and " + text_name + " has " + std::to_string(tokens) +
           ": its samples overlap (repeat tokens); give a longer text or fewer --samples / --seq-len";
}

} // namespace pb
