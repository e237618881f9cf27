#pragma once
// Width vs depth at equal parameter budgets: for each criterion and each fraction of
// parameters removed, prune the model and measure perplexity. Scores are computed once
// per criterion and reused for every fraction. The data behind the GUI's curves.
#include <functional>
#include <string>
#include <vector>

#include "core/eval/perplexity.h"
#include "core/prune/importance.h"

namespace pb {

class LlamaModel;

struct SweepOptions {
    std::vector<std::string> criteria;   // width and/or block criteria
    std::vector<double> fractions;       // of all parameters removed, each in (0, 1)
    int first_layer = -1, last_layer = -1;  // width layer range; -1: LLM-Pruner's (skip first 4, last 2)
    std::string attention_unit = "group";
    int64_t round_to = 1;
    int64_t protect_first = 0, protect_last = 0;  // depth: blocks never removed
    ScoreOptions score;
    PerplexityOptions ppl;
};

struct SweepPoint {
    std::string criterion;
    bool depth = false;
    double target = 0.0;            // requested fraction of parameters removed
    double removed_fraction = 0.0;  // achieved
    int64_t params = 0;
    double ppl = 0.0;
    double score_seconds = 0.0;     // scoring time of this criterion (shared by its points)
    double eval_seconds = 0.0;
    std::vector<int64_t> dropped_blocks;
    std::string error;              // non-empty when this point could not be built
};

// The baseline (unpruned) perplexity comes first, with criterion "dense".
std::vector<SweepPoint> sweep(LlamaModel& model, const Calibration& calib, const std::vector<int32_t>& eval_ids,
                              const SweepOptions& options, const ProgressFn& progress = {},
                              const std::function<void(const SweepPoint&)>& on_point = {});

// LLM-Pruner's default width range for a model of n layers: [4, n-3] (all when n < 8).
std::pair<int, int> defaultWidthLayers(int64_t n_layers);

} // namespace pb
