#pragma once
// The greedy budget search (issue 18, core/plan/budget_search.h): from a plan that meets the
// parameter budget, moves of units between two layers in range — MLP channels (a step of them)
// or one attention unit, taken from one layer and given back to another of the same size, so
// the parameter count stays the same — kept when they lower the calibration loss. The units a
// layer loses are its least important by the criterion's scores (resolvePlan, local ranking);
// the loss is measured with them masked (core/prune/masking), from the moved layers' blocks on
// (pb::WhatIfCache of the current plan's masked model), so a step costs part of a forward pass.
// Each round estimates every layer's loss change for one step more and one step less, tries the
// pairs the estimates rank best, and refreshes the estimates (or halves the MLP step) when none
// lowers the loss. The result never has a higher calibration loss than the start. Torch-free header.
#include <cstdint>
#include <vector>

#include "core/plan/budget_search.h"
#include "core/plan/scores.h"
#include "core/util/progress.h"

namespace pb {

class LlamaModel;
struct Calibration;

struct GreedyBudgetOptions {
    int64_t mlp_step = 0;      // MLP channels per move (0: an eighth of the layer's, a multiple of round_to)
    int64_t min_mlp_step = 0;  // the step is halved down to this (0: a quarter of mlp_step)
    bool attention_moves = true;
    int max_moves = 24;        // moves kept at most
    int tries = 4;             // pairs tried per round before the estimates are refreshed
    int64_t batch = 4;         // calibration samples per pass
};

struct BudgetMove {
    bool attention = false;   // one attention unit, else mlp_step channels
    int64_t from = 0, to = 0; // the layer losing the units, the layer getting them back
    int64_t units = 0;
    double loss = 0;          // the calibration loss after the move
};

struct GreedyBudgetResult {
    PruningPlan plan;         // ratio form (planOf): the start's budget, the moves' cuts
    double start_loss = 0, loss = 0;
    std::vector<BudgetMove> moves;
    int evaluations = 0;      // losses measured
    double seconds = 0;
};

// `start`: a ratio plan of the budget's layers (local ranking); `scores`: the criterion's width
// scores of this model. The model's weights are as before when it returns (or throws).
GreedyBudgetResult greedyBudgetSearch(LlamaModel& model, const Calibration& calib, const WidthScores& scores,
                                      const PruningPlan& start, const Budget& budget,
                                      const GreedyBudgetOptions& options = {}, const ProgressFn& progress = {});

// The calibration loss of the model pruned by a ratio plan, measured with the units resolvePlan
// removes masked (the greedy search's measure; equal to the pruned model's loss, bias
// compensation aside).
double maskedPlanLoss(LlamaModel& model, const Calibration& calib, const WidthScores& scores,
                      const PruningPlan& plan, int64_t batch = 4);

} // namespace pb
