#pragma once
// Perplexity by LLM-Pruner's protocol: the whole text tokenized once, cut into
// non-overlapping windows of seq_len tokens (remainder dropped), each window an
// independent forward pass; loss over predictions 1..seq_len-1 of every window;
// ppl = exp(mean negative log-likelihood over all predicted tokens).
#include <cstdint>
#include <vector>

#include "core/dist/world.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;

struct PerplexityOptions {
    int64_t seq_len = 128;
    int64_t max_windows = 0;  // 0 = every window of the text
    int64_t batch = 8;        // windows per forward pass
    // Data parallel (core/dist): each rank scores its shard of the windows and the negative
    // log-likelihood is summed across the ranks; every rank returns the whole text's result.
    dist::World* world = nullptr;  // null: one process
};

struct PerplexityResult {
    double ppl = 0.0;
    double mean_nll = 0.0;
    int64_t tokens = 0;       // tokens fed to the model (windows * seq_len)
    int64_t predicted = 0;    // tokens scored (windows * (seq_len - 1))
    int64_t windows = 0;
    int64_t seq_len = 0;
    double seconds = 0.0;     // forward time (across ranks: until the sum, i.e. the slowest rank)
    double tokens_per_s = 0.0;
};

// Windows the protocol scores for n_ids tokens (validates the options; throws pb::Error
// when the text is shorter than one window).
int64_t perplexityWindows(size_t n_ids, const PerplexityOptions& options);
// The result from the summed negative log-likelihood of `windows` windows; throws pb::Error
// when the loss is not finite.
PerplexityResult perplexityResult(double nll_sum, int64_t windows, int64_t seq_len, double seconds);

// ids: the tokenized text. Throws pb::Error when the text is shorter than one window,
// or when the loss is not finite; pb::Cancelled when progress asks to stop.
PerplexityResult perplexity(const LlamaModel& model, const std::vector<int32_t>& ids,
                            const PerplexityOptions& options, const ProgressFn& progress = {});

} // namespace pb
