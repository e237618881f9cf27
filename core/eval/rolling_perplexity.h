#pragma once
// lm-evaluation-harness's document-level perplexity (its `wikitext` task; formats.md §6.1):
// each document is the request string wikitext_detokenizer(page) (core/data/wikitext_documents.h),
// encoded without special tokens and scored by loglikelihood_rolling: lm-eval's
// get_rolling_token_windows(tokens, prefix_token, max_length, context_len=1) with
// make_disjoint_window. The first window predicts tokens[0 : L] from [prefix] + tokens[: L-1]
// (prefix = BOS, else EOS); each later window predicts the next L tokens from the one token
// before them; the last, shorter window of p tokens is conditioned on the L - p + 1 tokens
// before it (so every model input is L tokens long). Every token is predicted exactly once.
//   word_perplexity = exp(-ΣLL / Σwords), byte_perplexity = exp(-ΣLL / Σbytes),
//   bits_per_byte = -ΣLL / Σbytes / ln 2, with words and bytes of the ORIGINAL pages.
// Not comparable with LLM-Pruner's token-level perplexity (core/eval/perplexity.h).
// No torch in this header.
#include <cstdint>
#include <string>
#include <vector>

#include "core/util/progress.h"

namespace pb {

class LlamaModel;
class Tokenizer;

struct RollingWindow {
    std::vector<int32_t> context, continuation;  // the model reads (context + continuation)[:-1]
};
// lm-eval's windows of `tokens` (max_length >= 1). Empty tokens: no window.
std::vector<RollingWindow> rollingWindows(const std::vector<int32_t>& tokens, int32_t prefix, int64_t max_length);

struct RollingOptions {
    int64_t max_length = 0;  // tokens a window reads; 0 = the model's max_position (2048 when unknown)
};

struct RollingResult {
    double word_perplexity = 0, byte_perplexity = 0, bits_per_byte = 0;
    double loglikelihood = 0;  // Σ over documents
    int64_t documents = 0, words = 0, bytes = 0, tokens = 0, windows = 0;
    int64_t max_length = 0;
    double seconds = 0;
};

// pages: the original articles. Throws pb::Error for no page, a page that encodes to nothing, or a
// non-finite log-likelihood; pb::Cancelled when progress asks to stop.
RollingResult rollingPerplexity(const LlamaModel& model, const Tokenizer& tokenizer, const std::vector<std::string>& pages,
                                const RollingOptions& options = {}, const ProgressFn& progress = {});

} // namespace pb
