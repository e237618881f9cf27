#include "core/bench/profiler.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

#include <torch/version.h>

#if TORCH_VERSION_MAJOR >= 2
#include <torch/csrc/autograd/profiler_kineto.h>
#define PB_HAVE_KINETO_API 1
#endif

#include "core/util/atomic_write.h"
#include "core/util/error.h"

namespace pb {

bool profilerAvailable() {
#ifdef PB_HAVE_KINETO_API
    return true;
#else
    return false;
#endif
}

#ifdef PB_HAVE_KINETO_API
namespace {

namespace kp = torch::autograd::profiler;
namespace pi = torch::profiler::impl;

// Kineto's event duration: durationNs() in newer libtorch, durationUs() in older 2.x.
template <class E>
double eventMicroseconds(const E& e) {
    if constexpr (requires { e.durationNs(); }) return double(e.durationNs()) / 1e3;
    else return double(e.durationUs());
}

struct Row {
    double us = 0;
    int64_t calls = 0;
};

std::string table(const std::map<std::string, Row>& rows, double total_us, int top, const char* what) {
    std::vector<std::pair<std::string, Row>> v(rows.begin(), rows.end());
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second.us > b.second.us; });
    std::ostringstream o;
    char line[512];
    std::snprintf(line, sizeof line, "%-10s %7s %8s  %s   (%s, %.1f ms in all)\n", "ms", "share", "calls", "name", what,
                  total_us / 1e3);
    o << line;
    for (int i = 0; i < top && i < int(v.size()); ++i) {
        std::string name = v[size_t(i)].first;
        if (name.size() > 110) name = name.substr(0, 107) + "...";
        std::snprintf(line, sizeof line, "%-10.2f %6.1f%% %8lld  %s\n", v[size_t(i)].second.us / 1e3,
                      total_us > 0 ? 100.0 * v[size_t(i)].second.us / total_us : 0.0,
                      static_cast<long long>(v[size_t(i)].second.calls), name.c_str());
        o << line;
    }
    return o.str();
}

} // namespace
#endif

Profiling::Profiling(const std::string& dir) : dir_(dir) {
#ifdef PB_HAVE_KINETO_API
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error("cannot create the profile folder " + dir + ": " + ec.message());
    const pi::ProfilerConfig config(pi::ProfilerState::KINETO);
    const std::set<pi::ActivityType> activities = {pi::ActivityType::CPU, pi::ActivityType::CUDA};
    try {
        kp::prepareProfiler(config, activities);
        kp::enableProfiler(config, activities);
    } catch (const std::exception& e) {
        throw Error(std::string("the profiler could not start: ") + e.what());
    }
    running_ = true;
#else
    throw Error("--profile needs libtorch 2.x (this build has libtorch " TORCH_VERSION ")");
#endif
}

Profiling::~Profiling() {
    try {
        finish();
    } catch (...) {
    }
}

std::string Profiling::finish(int rows) {
#ifdef PB_HAVE_KINETO_API
    if (!running_) return {};
    running_ = false;
    auto result = kp::disableProfiler();
    std::map<std::string, Row> kernels, ops;
    double kernel_us = 0, op_us = 0;
    for (const auto& e : result->events()) {
        const double us = eventMicroseconds(e);
        if (e.deviceType() == c10::DeviceType::CUDA) {
            Row& r = kernels[e.name()];
            r.us += us, ++r.calls, kernel_us += us;
        } else if (e.deviceType() == c10::DeviceType::CPU) {
            Row& r = ops[e.name()];
            r.us += us, ++r.calls, op_us += us;
        }
    }
    const std::string summary = table(kernels, kernel_us, rows, "GPU kernels, memcpy and memset") + "\n" +
                                table(ops, op_us, rows, "CPU operators, nested calls counted in each");
    result->save((std::filesystem::path(dir_) / "trace.json").string());
    writeFileAtomic((std::filesystem::path(dir_) / "summary.txt").string(), summary);
    return summary;
#else
    (void)rows;
    return {};
#endif
}

} // namespace pb
