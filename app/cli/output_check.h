#pragma once
// The output rule (core/util/output_path.h) for the command line: the run's sources
// gathered from the options, and every output option checked against them before any
// work starts (and again by each writer).
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/util/output_path.h"

namespace pb { struct PruningPlan; }

namespace pbcli {

// The options that name a path the command writes, and what each is called in messages.
struct OutputOption {
    const char* name;
    const char* what;
};
const std::vector<OutputOption>& outputOptions();

// --model (or bench's --tokenizer), --plan, and the texts (--calib, --text, --data,
// --ppl-text, eval's NAME=FILE tasks), as given on the command line.
std::vector<pb::SourcePath> runSources(const Args& args);

// Throws pb::Error (exit 1) when an output option present breaks the rule. A no-op when
// the command has no output option set.
void checkOutputsEarly(const Args& args);

// The plan file, through the rule, then written atomically.
void savePlanChecked(const pb::PruningPlan& plan, const std::string& path, const std::vector<pb::SourcePath>& sources);

} // namespace pbcli
