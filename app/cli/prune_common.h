#pragma once
// Pieces shared by the score, prune and sweep commands.
#include "app/cli/args.h"
#include "core/model/loader.h"
#include "core/plan/plan.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/util/progress.h"

namespace pbcli {

pb::Calibration calibrationFromArgs(const Args& args, const pb::LoadedModel& model);
pb::Calibration calibrationFromArgs(const Args& args, const pb::Tokenizer& tokenizer);
pb::ScoreOptions scoreOptionsFromArgs(const Args& args);
// Progress lines on stderr: one per 5%, or a new stage after 2 s without a line. With
// several iterative steps (read through `steps` at each call, so the caller may change it
// once the plan is known) each line says which: "[ 35%] step 7 of 20: scoring layer 4".
pb::ProgressFn stepProgress(const int& steps);
// "A-B" -> {A, B}; throws UsageError.
std::pair<int, int> parseLayerRange(const std::string& s, int64_t n_layers);
std::vector<std::string> splitList(const std::string& s);
// --bias-compensation on|off into plan.bias_compensation (absent: the criterion's default,
// on for flap); UsageError for another value.
void biasCompensationArg(const Args& args, pb::PruningPlan& plan);
OptionSpec biasCompensationOption();
// Comma-separated numbers, each finite and in `range` (UsageError naming the option otherwise).
std::vector<double> parseNumbers(const std::string& s, const std::string& option, const NumberRange& range);

} // namespace pbcli
