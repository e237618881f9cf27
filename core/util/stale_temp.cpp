// Stale temporaries of dead writers (see stale_temp.h).
#include "core/util/stale_temp.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <system_error>

#include <sys/types.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace pb {

fs::path tempPathFor(const fs::path& target) { return target.string() + ".tmp-" + std::to_string(::getpid()); }

int removeStaleTemporaries(const fs::path& target) {
    const fs::path name = target.filename();
    if (name.empty()) return 0;
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string prefix = name.string() + ".tmp-";
    int removed = 0;
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const std::string n = it->path().filename().string();
        if (n.size() <= prefix.size() || n.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string digits = n.substr(prefix.size());
        if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
        const long pid = std::strtol(digits.c_str(), nullptr, 10);
        if (pid <= 0 || pid == static_cast<long>(::getpid())) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive (or not ours to judge)
        std::error_code rm;
        if (fs::remove_all(it->path(), rm) > 0 && !rm) ++removed;
    }
    return removed;
}

} // namespace pb
