#pragma once
// Width vs depth at equal parameter budgets: for each criterion and each fraction of
// parameters removed, prune the model and measure perplexity. Scores are computed once
// per criterion and reused for every fraction; zero-shot tasks, when given, are scored on
// every point's model too. The data behind the GUI's curves.
#include <functional>
#include <string>
#include <vector>

#include "core/eval/perplexity.h"
#include "core/evalzs/harness.h"
#include "core/evalzs/tasks.h"
#include "core/prune/importance.h"
#include "core/report/results.h"  // SweepPoint

namespace pb {

class LlamaModel;
class Tokenizer;

struct SweepOptions {
    std::vector<Criterion> criteria;     // width and/or block criteria
    std::vector<double> fractions;       // of all parameters removed, each in (0, 1)
    int first_layer = -1, last_layer = -1;  // width layer range; -1: LLM-Pruner's (skip first 4, last 2)
    AttentionUnit attention_unit = defaults::kAttentionUnit;
    int64_t round_to = 1;
    int64_t protect_first = 0, protect_last = 0;  // depth: blocks never removed
    ScoreOptions score;
    PerplexityOptions ppl;
    // Zero-shot tasks scored at every point (and on the dense model) after perplexity: the
    // accuracy curves with intervals (SweepPoint::tasks). Empty: perplexity only.
    std::vector<zs::Task> tasks;
    const Tokenizer* tokenizer = nullptr;  // the model's; needed when there are tasks
    int64_t task_batch = 8;  // requests per forward pass
    zs::Harness harness = zs::Harness::LmEval;  // the tasks' encoding rules (core/evalzs/harness.h)
};


// The baseline (unpruned) perplexity comes first, with criterion "dense".
std::vector<SweepPoint> sweep(LlamaModel& model, const Calibration& calib, const std::vector<int32_t>& eval_ids,
                              const SweepOptions& options, const ProgressFn& progress = {},
                              const std::function<void(const SweepPoint&)>& on_point = {});

// LLM-Pruner's default width range for a model of n layers: [4, n-3] (all when n < 8).
std::pair<int, int> defaultWidthLayers(int64_t n_layers);

} // namespace pb
