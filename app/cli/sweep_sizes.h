#pragma once
// `prunebench-cli sweep --models A,B,...`: the width-vs-depth table across model sizes
// (core/prune/size_sweep.h), one model loaded at a time; --json prints one object with a
// section per model, --report writes the Markdown table and the overlay chart.
#include <vector>

#include "app/cli/args.h"

namespace pbcli {

// The options only --models takes (recovery, zero-shot, speed).
std::vector<OptionSpec> sweepSizesOptions();
// Refuses those options without --models (UsageError naming the option).
void refuseSizesOptions(const Args& args);
int runSweepSizes(const Args& args);

} // namespace pbcli
