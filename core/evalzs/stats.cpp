#include "core/evalzs/stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pb::zs {

Interval wilsonInterval(int64_t k, int64_t n, double z) {
    if (n <= 0) return {0.0, 1.0};
    k = std::clamp<int64_t>(k, 0, n);
    const double nn = double(n), p = double(k) / nn, z2 = z * z;
    const double denom = 1.0 + z2 / nn;
    const double centre = (p + z2 / (2.0 * nn)) / denom;
    const double half = z * std::sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / denom;
    Interval r{std::max(0.0, centre - half), std::min(1.0, centre + half)};
    if (k == 0) r.lo = 0.0;  // exact at the edges (rounding would leave 1e-17)
    if (k == n) r.hi = 1.0;
    return r;
}

int64_t correctCount(const TaskMetrics& m, bool norm) {
    const std::vector<uint8_t>& items = norm && m.has_acc_norm ? m.correct_norm : m.correct;
    if (!items.empty() && int64_t(items.size()) == m.n) {
        int64_t k = 0;
        for (uint8_t v : items) k += v ? 1 : 0;
        return k;
    }
    const double acc = norm ? m.acc_norm : m.acc;
    return std::isfinite(acc) ? std::llround(acc * double(m.n)) : 0;
}

Interval accInterval(const TaskMetrics& m, bool norm) { return wilsonInterval(correctCount(m, norm), m.n); }

double mcnemarExactP(int64_t b, int64_t c) {
    const int64_t n = b + c;
    if (n <= 0) return 1.0;
    const int64_t k = std::min(b, c);
    if (n <= 62) {  // exact: Σ_{i<=k} C(n, i) in integers (C(62, 31) < 2^59), then / 2^(n-1)
        uint64_t binom = 1, sum = 0;
        for (int64_t i = 0; i <= k; ++i) {
            sum += binom;
            binom = binom * uint64_t(n - i) / uint64_t(i + 1);  // C(n, i+1), exact (divides evenly)
        }
        return std::min(1.0, std::ldexp(double(sum), int(1 - n)));
    }
    // P(X <= k), X ~ Bin(n, 1/2), summed from the largest term down in log space.
    const double lg_n = std::lgamma(double(n) + 1.0), ln2 = std::log(2.0);
    double sum = 0.0;
    for (int64_t i = k; i >= 0; --i) {
        const double term = std::exp(lg_n - std::lgamma(double(i) + 1.0) - std::lgamma(double(n - i) + 1.0) - double(n) * ln2);
        sum += term;
        if (term < sum * 1e-17) break;
    }
    return std::min(1.0, 2.0 * sum);
}

PairedTest pairedTest(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    PairedTest t;
    if (a.empty() || b.empty()) {
        t.why = "no per-item answers";
        return t;
    }
    if (a.size() != b.size()) {
        t.why = "different item counts (" + std::to_string(a.size()) + " and " + std::to_string(b.size()) + ")";
        return t;
    }
    t.valid = true;
    t.n = int64_t(a.size());
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] && b[i]) ++t.both;
        else if (a[i]) ++t.only_first;
        else if (b[i]) ++t.only_second;
        else ++t.neither;
    }
    t.diff = double(t.only_second - t.only_first) / double(t.n);
    t.p = mcnemarExactP(t.only_first, t.only_second);
    t.significant = t.p < kAlpha;
    return t;
}

PairedTest pairedTest(const TaskMetrics& a, const TaskMetrics& b, bool norm) {
    if (a.task != b.task) {
        PairedTest t;
        t.why = "different tasks (" + a.task + ", " + b.task + ")";
        return t;
    }
    const bool use_norm = norm && a.has_acc_norm && b.has_acc_norm;
    return pairedTest(use_norm ? a.correct_norm : a.correct, use_norm ? b.correct_norm : b.correct);
}

std::string accText(const TaskMetrics& m, bool norm) {
    const Interval ci = accInterval(m, norm);
    const double acc = norm ? m.acc_norm : m.acc;
    char b[96];
    std::snprintf(b, sizeof b, "%.1f%% [%.1f, %.1f] n %lld", 100.0 * acc, 100.0 * ci.lo, 100.0 * ci.hi, (long long)m.n);
    return b;
}

std::string pairedText(const PairedTest& t) {
    if (!t.valid) return "not paired: " + t.why;
    char b[128];
    std::snprintf(b, sizeof b, "%+.1f points, p = %.3g (McNemar %lld/%lld, %s)", 100.0 * t.diff, t.p,
                  (long long)t.only_first, (long long)t.only_second, t.significant ? "significant" : "not significant");
    return b;
}

} // namespace pb::zs
