#pragma once
// --harness: whose rules zero-shot scoring follows (core/evalzs/harness.h), for eval and sweep.
// A bad name is a UsageError naming the option and the allowed names.
#include "app/cli/args.h"
#include "core/evalzs/harness.h"

namespace pbcli {

OptionSpec harnessOption();                   // the option and its help text
pb::zs::Harness harnessArg(const Args& args);  // its value, lm-eval when absent

} // namespace pbcli
