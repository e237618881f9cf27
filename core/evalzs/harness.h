#pragma once
// Which evaluation harness's rules zero-shot scoring follows (issue 19 item 3). The tasks, the
// prompts and acc / acc_norm are the same in all three (formats.md §6); what differs is how a
// (context, continuation) request becomes tokens and how the tasks are averaged:
//
//  lm-eval        lm-evaluation-harness >= 0.4.9.2 (the default): trailing white space of the
//                 context moves into the continuation; whole = enc(context + continuation) and
//                 ctx = enc(context) with the tokenizer's default special tokens (a Llama
//                 tokenizer adds BOS), continuation = whole[len(ctx):]; an empty context is the
//                 prefix token (BOS, else EOS). Average: acc weighted by each task's items
//                 (aggregate_metric_list, weight_by_size).
//  lm-eval-0.4.8  lm-evaluation-harness 0.4.0-0.4.8: the same without special tokens
//                 (add_special_tokens=False: no BOS in front of the context). Average as lm-eval.
//  llm-pruner     LLM-Pruner's vendored harness (~v0.3, lm_eval/base.py BaseLM.loglikelihood):
//                 context and continuation encoded separately without special tokens, no white
//                 space moved; an empty context is [EOS]. Average: the plain mean over the tasks
//                 of the metric LLM-Pruner reports for each: acc_norm for hellaswag,
//                 arc_challenge and openbookqa, acc for everything else (boolq, piqa, winogrande,
//                 arc_easy, and the built-in pack tasks, which LLM-Pruner does not have).
// All three: model input = (ctx + cont)[-(max_length+1):][:-1], LL = Σ log p(cont tokens).
// Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "core/evalzs/tasks.h"

namespace pb::zs {

enum class Harness { LmEval, LmEval048, LlmPruner };

const std::vector<Harness>& harnesses();          // in the order above
std::string harnessName(Harness h);               // "lm-eval", "lm-eval-0.4.8", "llm-pruner"
std::string harnessNameList();                    // "lm-eval, lm-eval-0.4.8, llm-pruner"
// Throws pb::Error naming the accepted names.
Harness parseHarness(const std::string& name);
// One sentence: what the mode encodes and how it averages (--help, reports, the GUI).
std::string harnessSummary(Harness h);

// How requests are encoded.
struct EncodingRules {
    bool add_special = true;       // the tokenizer's default special tokens (BOS for Llama)
    bool separate = false;         // enc(context) + enc(continuation), not a split of enc(whole)
    bool move_whitespace = true;   // the context's trailing white space goes to the continuation
    bool eos_for_empty = false;    // an empty context is [EOS] (else BOS, falling back to EOS)
};
EncodingRules encodingRules(Harness h);

// The metric the harness's average takes for one task: "acc" or "acc_norm".
std::string averagedMetric(Harness h, const Metrics& m);

struct AveragePart {
    std::string task, metric;
    double value = 0.0;
    int64_t n = 0;
    double weight = 0.0;  // its share of the average (sums to 1)
};
struct Average {
    double value = 0.0;
    std::string rule;  // e.g. "mean of 7 tasks (acc: boolq, ...; acc_norm: hellaswag, ...)"
    std::vector<AveragePart> parts;
};
// The harness's average of the tasks' metrics. Throws pb::Error when there is no task or every
// task has n = 0.
Average harnessAverage(Harness h, const std::vector<Metrics>& tasks);

} // namespace pb::zs
