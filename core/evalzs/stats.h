#pragma once
// The statistics every zero-shot accuracy is reported with (torch-free):
//  - the 95% Wilson score interval of a proportion k/n (Wilson 1927), which stays inside
//    [0, 1] and is honest at small n and at 0 or 100 %: centre (p + z²/2n) / (1 + z²/n),
//    half-width z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n), z = 1.959964 (the 97.5 % normal quantile);
//  - the exact McNemar test of two sets of answers on the same items (paired): of the n_01
//    items only the first got right and the n_10 only the second, under "no difference" each
//    discordant item is a fair coin, so the two-sided p = min(1, 2·P(X <= min(n_01, n_10))) with
//    X ~ Binomial(n_01 + n_10, 1/2); p = 1 when there are no discordant items.
// A difference is called significant at p < 0.05.
#include <cstdint>
#include <string>
#include <vector>

#include "core/report/results.h"  // TaskMetrics

namespace pb::zs {

inline constexpr double kZ95 = 1.959963984540054;
inline constexpr double kAlpha = 0.05;

struct Interval {
    double lo = 0.0, hi = 0.0;
};

// k successes of n (0 <= k <= n); n = 0 gives [0, 1].
Interval wilsonInterval(int64_t k, int64_t n, double z = kZ95);
// The interval of a task's acc (or acc_norm): from its per-item answers when it has them,
// else from round(acc · n).
Interval accInterval(const TaskMetrics& m, bool norm = false);
int64_t correctCount(const TaskMetrics& m, bool norm = false);

// Two-sided exact McNemar p-value for b and c discordant pairs.
double mcnemarExactP(int64_t b, int64_t c);

struct PairedTest {
    bool valid = false;      // false: the two runs do not hold per-item answers on the same n items
    std::string why;         // when not valid
    int64_t n = 0;
    int64_t both = 0, only_first = 0, only_second = 0, neither = 0;
    double diff = 0.0;       // accuracy of the second minus the first
    double p = 1.0;
    bool significant = false;  // p < kAlpha
};

// The second run against the first on the same items (per-item answers, in the same order).
PairedTest pairedTest(const std::vector<uint8_t>& first, const std::vector<uint8_t>& second);
// The same for two runs of one task (acc, or acc_norm with norm).
PairedTest pairedTest(const TaskMetrics& first, const TaskMetrics& second, bool norm = false);

// "45.0% [38.3, 51.9] n 200": the accuracy in percent, its 95% interval, n.
std::string accText(const TaskMetrics& m, bool norm = false);
// "+6.5 points, p = 0.012 (McNemar, significant)" / "... not significant"; "not paired: why".
std::string pairedText(const PairedTest& t);

} // namespace pb::zs
