#include "app/cli/progress_line.h"

#include <unistd.h>

#include <chrono>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace pbcli {

namespace {
std::string& progressTag() {
    static std::string tag;
    return tag;
}
} // namespace

void setProgressTag(std::string tag) { progressTag() = std::move(tag); }

std::string durationText(double s) {
    char buf[64];
    if (s < 60) std::snprintf(buf, sizeof buf, "%.1f s", s);
    else if (s < 3600) std::snprintf(buf, sizeof buf, "%d min %02d s", int(s) / 60, int(s) % 60);
    else std::snprintf(buf, sizeof buf, "%d h %02d min", int(s) / 3600, (int(s) % 3600) / 60);
    return buf;
}

pb::ProgressFn progressPrinter(int step_percent, std::function<std::string(double)> prefix) {
    using Clock = std::chrono::steady_clock;
    struct State {
        Clock::time_point start = Clock::now(), printed{};
        int bucket = -1;
        std::string stage;
        bool tty = isatty(fileno(stderr)) != 0;
        bool open_line = false;  // a redrawn line without its newline yet
    };
    auto st = std::make_shared<State>();
    const int step = std::max(1, step_percent);
    return [st, step, prefix](double f, std::string_view stage_view) {
        f = std::clamp(f, 0.0, 1.0);
        const auto now = Clock::now();
        const double elapsed = std::chrono::duration<double>(now - st->start).count();
        std::string stage = (prefix ? prefix(f) : std::string()) + std::string(stage_view);
        std::string line = "[" + std::to_string(int(f * 100)) + "%]";
        while (line.size() < 6) line.insert(1, " ");
        line = progressTag() + line + " " + stage + " · " + durationText(elapsed);
        if (f > 0.01 && f < 1.0 && elapsed > 2.0) line += " · ETA " + durationText(elapsed * (1.0 - f) / f);
        const bool new_stage = stage_view != st->stage;
        const int bucket = int(f * 100) / step;
        if (st->tty && progressTag().empty()) {
            if (now - st->printed < std::chrono::milliseconds(100) && !new_stage && f < 1.0) return true;
            if (new_stage && st->open_line) std::fputc('\n', stderr);
            std::fprintf(stderr, "\r\033[K%s", line.c_str());
            st->open_line = f < 1.0;
            if (!st->open_line) std::fputc('\n', stderr);
        } else {
            const bool due = bucket != st->bucket || f >= 1.0 || (new_stage && now - st->printed > std::chrono::seconds(1));
            if (!due) return true;
            std::fprintf(stderr, "%s\n", line.c_str());
        }
        std::fflush(stderr);
        st->bucket = bucket;
        st->stage = std::string(stage_view);
        st->printed = now;
        return true;
    };
}

} // namespace pbcli
