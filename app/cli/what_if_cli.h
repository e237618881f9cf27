#pragma once
// `prunebench-cli score --without LAYER:KIND[:UNIT],...`: the GUI's live what-if from the CLI —
// the calibration loss with each listed unit taken out (core/prune/what_if), with its time.
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/prune/what_if.h"

namespace pb {
class LlamaModel;
struct Calibration;
} // namespace pb

namespace pbcli {

// "5:kv_group:1,12:head:4,3:mlp_channel:100,7:block": a UsageError naming --without on a bad entry.
std::vector<pb::UnitRef> parseUnits(const std::string& list);
int scoreWithout(const Args& args, pb::LlamaModel& model, const pb::Calibration& calib);

} // namespace pbcli
