#pragma once
// The loop the forward-and-score works share (bench_ppl, bench_score): options.warmup
// untimed and options.repeat timed iterations, before_timed() right before the first
// timed one, each iteration's run() timed with the device synced on both sides.
#include <vector>

#include "core/bench/works.h"

namespace pb {

// Seconds of the timed iterations. check(result) sees every iteration's result, after its
// time is taken (so the check is not timed).
template <typename Run, typename Check>
std::vector<double> timedRuns(const torch::Device& dev, const BenchOptions& o, const BeforeTimed& before_timed, Run&& run,
                              Check&& check) {
    std::vector<double> seconds;
    for (int64_t i = 0; i < o.warmup + o.repeat; ++i) {
        if (i == o.warmup && before_timed) before_timed();
        syncDevice(dev);
        const double t0 = nowSeconds();
        const auto result = run();
        const double dt = secondsSince(dev, t0);
        check(result);
        if (i >= o.warmup) seconds.push_back(dt);
    }
    return seconds;
}

} // namespace pb
