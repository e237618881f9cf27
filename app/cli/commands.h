#pragma once
// The subcommands of prunebench-cli. Each lives in its own file and registers here.
#include <functional>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/model/loader.h"

namespace pbcli {

struct Command {
    std::string name;
    std::string summary;
    std::vector<OptionSpec> options;
    std::function<int(const Args&)> run;  // returns the exit code; throws on error
};

Command infoCommand();
Command tokenizeCommand();
Command pplCommand();
Command generateCommand();
Command scoreCommand();
Command pruneCommand();
Command sweepCommand();
Command compareCommand();
Command recoverCommand();
Command evalCommand();
Command exportCommand();
Command benchCommand();
Command latencyCommand();
Command streamCommand();

// Shared helpers.
std::vector<OptionSpec> modelOptions();  // --model --device --dtype --json
// Loads --model with --device/--dtype, printing progress on stderr.
pb::LoadedModel loadFromArgs(const Args& args);
// --calib FILE --samples N --seq-len L --seed S
std::vector<OptionSpec> calibrationOptions();
// Scoring knobs shared by score/prune/sweep: --criterion --aggregation --batch --attention-unit ...
std::vector<OptionSpec> scoringOptions();
// Writes one JSON document (already serialized) to stdout followed by a newline.
void printJson(const std::string& json);

} // namespace pbcli
