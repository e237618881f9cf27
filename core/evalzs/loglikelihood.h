#pragma once
// Log-likelihood of (context, continuation) requests with a LlamaModel, batched, as
// lm-evaluation-harness's HFLM.loglikelihood computes it (formats.md §6), by the rules of the
// chosen harness (core/evalzs/harness.h; default lm-eval >= 0.4.9.2):
//  - lm-eval: trailing whitespace of the context moves to the front of the continuation;
//    whole = enc(context + continuation), ctx = enc(context), continuation tokens =
//    whole[len(ctx):]; an empty context uses the prefix token (BOS, else EOS);
//    lm-eval-0.4.8 the same without special tokens; llm-pruner: enc(context) + enc(continuation)
//    without special tokens, nothing moved, an empty context is [EOS];
//  - model input = (ctx + cont)[-(max_length+1):][:-1]; LL = Σ log p(cont tokens).
// Requests are sorted by length (longest first), padded on the right (causal attention
// never sees the pads) and only continuation positions are scored.
// Requests whose contexts encode to the same tokens (the choices of one multiple-choice item)
// share one forward pass of the context: its keys and values are cached and each choice's
// continuation runs on a copy (share_context; the same log-likelihoods up to float rounding,
// 2-4x fewer tokens for the task pack). A context that must be truncated goes the plain way.
// No torch in this header.
#include <cstdint>
#include <vector>

#include "core/evalzs/harness.h"
#include "core/evalzs/tasks.h"

namespace pb {
class LlamaModel;
class Tokenizer;
}

namespace pb::zs {

struct LogLikelihoodOptions {
    int64_t batch = 8;        // requests per forward pass
    int64_t max_length = 0;   // 0 = the model's max_position (2048 when unknown)
    Harness harness = Harness::LmEval;  // encoding rules (harness.h)
    bool share_context = true;  // one pass per shared context (KV cache), see above
};

struct EncodedRequest {
    std::vector<int32_t> context, continuation;
};

EncodedRequest encodeRequest(const Tokenizer& tok, const Request& r, Harness harness = Harness::LmEval);

// The returned function keeps references to model and tokenizer.
LogLikelihoodFn modelLogLikelihood(const LlamaModel& model, const Tokenizer& tok, const LogLikelihoodOptions& o = {});

} // namespace pb::zs
