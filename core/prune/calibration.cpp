#include "core/prune/calibration.h"

#include <optional>
#include <random>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

Calibration makeCalibration(const Tokenizer& tok, const std::string& text, int64_t samples, int64_t seq_len,
                            uint64_t seed) {
    if (samples < 1) throw Error("calibration needs at least one sample");
    if (seq_len < 2) throw Error("calibration samples need at least 2 tokens");
    std::vector<int32_t> ids = tok.encode(text, false);
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

torch::Tensor calibrationLoss(const LlamaModel& model, const torch::Tensor& ids, const std::vector<bool>* skip) {
    std::optional<TrustedIds> trusted;  // ids on the host are checked there: no device sync in forward
    if (ids.device().is_cpu() && ids.numel() > 0) {
        if (ids.min().item<int64_t>() < 0 || ids.max().item<int64_t>() >= model.config.vocab)
            throw Error("token id out of range for vocabulary of " + std::to_string(model.config.vocab));
        trusted.emplace();
    }
    auto x = ids.to(model.device());
    return nextTokenLoss(model.forward(x, nullptr, {}, skip), x);  // logits [B, L, V] float32
}

torch::Tensor nextTokenLoss(const torch::Tensor& logits, const torch::Tensor& ids) {
    const int64_t L = ids.size(1);
    return torch::nn::functional::cross_entropy(logits.narrow(1, 0, L - 1).reshape({-1, logits.size(-1)}),
                                                ids.narrow(1, 1, L - 1).reshape({-1}));
}

} // namespace pb
