#pragma once
// Pieces shared by the score, prune and sweep commands.
#include "app/cli/args.h"
#include "core/model/loader.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"

namespace pbcli {

pb::Calibration calibrationFromArgs(const Args& args, const pb::LoadedModel& model);
pb::Calibration calibrationFromArgs(const Args& args, const pb::Tokenizer& tokenizer);
pb::ScoreOptions scoreOptionsFromArgs(const Args& args);
// "A-B" -> {A, B}; throws UsageError.
std::pair<int, int> parseLayerRange(const std::string& s, int64_t n_layers);
std::vector<std::string> splitList(const std::string& s);
std::vector<double> parseNumbers(const std::string& s, const std::string& option);

} // namespace pbcli
