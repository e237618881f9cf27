#pragma once
// --distributed for the data-parallel commands (score, prune, ppl, eval, recover): the ranks
// torchrun or Slurm starts (core/dist/rendezvous) join one process group before the work; rank
// 0 alone prints results (the other ranks' stdout goes to /dev/null) and writes files; progress
// lines name the rank. Without the variables, or WORLD_SIZE=1, a world of one.
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "core/dist/world.h"

namespace pbcli {

OptionSpec distributedOption();

// Before the options are parsed (main): with WORLD_SIZE > 1, a command without --distributed
// is refused (UsageError) instead of running once per rank; one with it gets --distributed
// added, and "--device cuda" becomes "cuda:LOCAL_RANK" (one GPU per rank).
void prepareDistributed(const std::string& command, const std::vector<OptionSpec>& options,
                        std::vector<std::string>& argv);

// The run's world: joined on the first call when --distributed is set and WORLD_SIZE > 1,
// the world of one otherwise. Throws pb::Error when the rendezvous fails.
pb::dist::World& worldFor(const Args& args);

// Leaves the process group (main, after the command): before the process's static objects go.
void leaveWorld();

} // namespace pbcli
