#pragma once
// Hidden-size pruning from the CLI (LLM-Pruner's channel strategy: the residual stream's
// channels removed from every layer at once, core/plan/plan.h hidden_ratio): the criterion check
// made before the model loads, and the hidden-channel scores as `score --hidden` prints them.
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/plan/criteria.h"

namespace pbcli {

// A UsageError naming `option` when `c` does not score hidden channels (core's rule:
// pb::scoresHiddenChannels), with the criteria that do.
void requireHiddenScores(pb::Criterion c, const std::string& option);
// "hidden channels 576 (sum ..., min ..., median ..., max ...); least important: 12 (...), ..."
void printHiddenScores(const std::vector<double>& scores);
// --hidden-ratio R in (0, 1); 0 when absent.
double hiddenRatioArg(const Args& args);
OptionSpec hiddenRatioOption();
OptionSpec hiddenCriterionOption();

} // namespace pbcli
