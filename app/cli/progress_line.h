#pragma once
// The one progress printer of prunebench-cli (stderr): "[ 42%] stage · 12.3 s · ETA 17 s".
// On a terminal one line is redrawn in place (a new line when the stage's name changes);
// otherwise a plain line each `step_percent` and at each new stage (at most one a second),
// for logs. `prefix` is put before the stage ("perplexity: ...", "step 2 of 3: ...").
#include <functional>
#include <string>

#include "core/util/progress.h"

namespace pbcli {

pb::ProgressFn progressPrinter(int step_percent = 10, std::function<std::string(double)> prefix = {});

// A tag before every line ("rank 1/4 "), set when a run joins its ranks (app/cli/distributed);
// the lines are then plain ones, not redrawn: the ranks share the terminal.
void setProgressTag(std::string tag);

// "12.3 s", "4 min 05 s", "1 h 02 min".
std::string durationText(double seconds);

} // namespace pbcli
