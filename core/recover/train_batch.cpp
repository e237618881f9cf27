#include "core/recover/train_batch.h"

#include <algorithm>
#include <string>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/util/error.h"

namespace pb {

namespace {
// A label counts from the second position on (the first token predicts nothing before it).
bool supervisedAt(const TrainExample& ex, size_t t) { return t > 0 && ex.labels[t] != -100; }
} // namespace

int64_t supervisedTokens(const std::vector<TrainExample>& data, const std::vector<size_t>& which) {
    int64_t n = 0;
    for (size_t i : which)
        for (size_t t = 0; t < data[i].ids.size(); ++t) n += supervisedAt(data[i], t) ? 1 : 0;
    return n;
}

Batch makeBatch(const std::vector<TrainExample>& data, const std::vector<size_t>& which, torch::Device device,
                int64_t vocab) {
    size_t T = 0;
    for (size_t i : which) T = std::max(T, data[i].ids.size());
    const int64_t B = int64_t(which.size());
    auto ids = torch::zeros({B, int64_t(T)}, torch::kInt64);
    auto labels = torch::full({B, int64_t(T)}, -100, torch::kInt64);
    auto pi = ids.accessor<int64_t, 2>();
    auto pl = labels.accessor<int64_t, 2>();
    Batch b;
    for (int64_t r = 0; r < B; ++r) {
        const auto& ex = data[which[size_t(r)]];
        for (size_t t = 0; t < ex.ids.size(); ++t) {
            if (ex.ids[t] < 0 || ex.ids[t] >= vocab)
                throw Error("token id " + std::to_string(ex.ids[t]) + " out of range for vocabulary of " +
                            std::to_string(vocab));
            pi[r][int64_t(t)] = ex.ids[t];
            pl[r][int64_t(t)] = ex.labels[t];
            if (supervisedAt(ex, t)) ++b.supervised;
        }
        b.tokens += int64_t(ex.ids.size());
    }
    b.ids = ids.to(device);
    b.labels = labels.to(device);
    return b;
}

torch::Tensor lossSum(const LlamaModel& model, const Batch& b) {
    TrustedIds trusted;                  // makeBatch checked them
    auto logits = model.forward(b.ids);  // [B, T, V] f32
    const int64_t V = logits.size(-1);
    auto pred = logits.narrow(1, 0, logits.size(1) - 1).reshape({-1, V});
    auto tgt = b.labels.narrow(1, 1, b.labels.size(1) - 1).reshape({-1});
    namespace F = torch::nn::functional;
    return F::cross_entropy(pred, tgt, F::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kSum));
}

} // namespace pb
