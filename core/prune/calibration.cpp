#include "core/prune/calibration.h"

#include <optional>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/prune/calibration_draw.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

Calibration makeCalibration(const Tokenizer& tok, const std::string& text, int64_t samples, int64_t seq_len,
                            uint64_t seed) {
    if (samples < 1) throw Error("calibration needs at least one sample");
    if (seq_len < 2) throw Error("calibration samples need at least 2 tokens");
    return calibrationFromIds(calibrationIds(tok, text), samples, seq_len, seed);
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
