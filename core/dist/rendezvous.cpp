#include "core/dist/rendezvous.h"

#include <cerrno>
#include <cstdlib>

#include "core/util/error.h"

namespace pb::dist {

namespace {

const char* env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
}

// The integer value of `name` in [lo, hi]; `fallback` when unset (nullopt: required).
long long integerVariable(const char* name, long long lo, long long hi, std::optional<long long> fallback,
                          const std::string& why_required) {
    const char* v = env(name);
    if (!v) {
        if (fallback) return *fallback;
        throw Error(std::string(name) + " is not set; " + why_required);
    }
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(v, &end, 10);
    if (errno != 0 || *end != '\0' || n < lo || n > hi)
        throw Error(std::string(name) + "='" + v + "' is not an integer from " + std::to_string(lo) + " to " +
                    std::to_string(hi));
    return n;
}

} // namespace

std::string Rendezvous::where() const { return master_addr + ":" + std::to_string(master_port); }

std::optional<Rendezvous> rendezvousFromEnvironment() {
    const long long size = integerVariable("WORLD_SIZE", 1, 65536, 1, "");
    if (size == 1) return std::nullopt;
    const std::string sized = "WORLD_SIZE=" + std::to_string(size) + " asks for a data-parallel run: ";
    const std::string launcher = "torchrun sets it; under Slurm export it (README: Several GPUs and several machines)";
    Rendezvous r;
    r.size = int(size);
    r.rank = int(integerVariable("RANK", 0, size - 1, std::nullopt, sized + launcher));
    r.local_rank = int(integerVariable("LOCAL_RANK", 0, size - 1, 0, ""));
    const char* addr = env("MASTER_ADDR");
    if (!addr) throw Error("MASTER_ADDR is not set; " + sized + launcher);
    r.master_addr = addr;
    r.master_port = int(integerVariable("MASTER_PORT", 1, 65535, std::nullopt, sized + launcher));
    r.timeout = std::chrono::seconds(integerVariable("PRUNEBENCH_DIST_TIMEOUT", 1, 86400, 300, ""));
    return r;
}

} // namespace pb::dist
