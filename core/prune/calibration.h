#pragma once
// Calibration batches: N samples of L tokens drawn deterministically from a text.
#include <cstdint>
#include <string>

#include <torch/types.h>

namespace pb {

class Tokenizer;

struct Calibration {
    torch::Tensor ids;  // [N, L] int64 on the CPU
    int64_t samples() const { return ids.size(0); }
    int64_t length() const { return ids.size(1); }
};

// Tokenizes `text` once and takes `samples` windows of `seq_len` tokens at seeded
// random offsets. Throws pb::Error when the text is too short.
Calibration makeCalibration(const Tokenizer& tokenizer, const std::string& text, int64_t samples, int64_t seq_len,
                            uint64_t seed = 0);

// Mean next-token cross-entropy of logits [B, L, V] (float32) for the ids [B, L] that produced
// them (on the logits' device): position t predicts id t+1. A float32 scalar.
torch::Tensor nextTokenLoss(const torch::Tensor& logits, const torch::Tensor& ids);

// Mean next-token cross-entropy of the model on a batch [B, L] (float32 scalar).
class LlamaModel;
torch::Tensor calibrationLoss(const LlamaModel& model, const torch::Tensor& ids, const std::vector<bool>* skip = nullptr);

} // namespace pb
