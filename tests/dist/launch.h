#pragma once
// Starts prunebench-cli as the ranks of one data-parallel run on this machine, the way
// torchrun does: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR=127.0.0.1 and a free MASTER_PORT in
// each child's environment; stdout and stderr of each rank kept apart; every rank killed when
// the time limit passes.
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace pbtest {

struct RankRun {
    int exit_code = -1;      // 128+N when killed by signal N
    bool timed_out = false;
    std::string out, err;
};

struct WorldRun {
    std::vector<RankRun> ranks;
    double seconds = 0;      // wall time from the first start to the last exit
    bool ok() const;         // every rank exited 0 in time
    std::string describe() const;  // each rank's exit code and the end of its stderr
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then closed).
int freePort();

// n == 1: one plain process, without the variables (the reference). n > 1: n ranks.
// `env` is added to every child's environment.
WorldRun launch(int n, const std::vector<std::string>& args, std::chrono::seconds limit,
                const std::map<std::string, std::string>& env = {});

// Only the given ranks of a world of `size` (to test a rank whose peers never come).
WorldRun launchRanks(const std::vector<int>& ranks, int size, const std::vector<std::string>& args,
                     std::chrono::seconds limit, const std::map<std::string, std::string>& env = {});

} // namespace pbtest
