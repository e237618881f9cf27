#include "app/cli/distributed.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "app/cli/progress_line.h"
#include "core/dist/c10d_world.h"
#include "core/dist/rendezvous.h"
#include "core/model/devices.h"

namespace pbcli {

namespace {

std::optional<pb::dist::Rendezvous> rendezvous;  // set by prepareDistributed when WORLD_SIZE > 1
std::unique_ptr<pb::dist::World> joined;

bool hasFlag(const std::vector<std::string>& argv, const std::string& flag) {
    for (const auto& a : argv)
        if (a == flag) return true;
    return false;
}

// "--device cuda" / "--device=cuda" -> cuda:N; an explicit index is left alone.
void deviceOfRank(std::vector<std::string>& argv, int local_rank) {
    const std::string gpu = "cuda:" + std::to_string(local_rank);
    for (size_t i = 0; i < argv.size(); ++i) {
        if (argv[i] == "--device" && i + 1 < argv.size() && argv[i + 1] == "cuda") argv[i + 1] = gpu;
        else if (argv[i] == "--device=cuda") argv[i] = "--device=" + gpu;
    }
}

} // namespace

OptionSpec distributedOption() {
    return {"distributed", false,
            "data parallel across the processes torchrun or Slurm starts (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, "
            "MASTER_PORT; Gloo on the CPU, NCCL on GPUs): each rank takes a share of the work, rank 0 prints and "
            "writes; on by itself when WORLD_SIZE > 1"};
}

void prepareDistributed(const std::string& command, const std::vector<OptionSpec>& options,
                        std::vector<std::string>& argv) {
    rendezvous = pb::dist::rendezvousFromEnvironment();
    if (!rendezvous) return;
    bool supported = false;
    for (const auto& o : options) supported |= o.name == "distributed";
    if (!supported)
        throw UsageError("WORLD_SIZE=" + std::to_string(rendezvous->size) + " asks for a data-parallel run, and '" +
                         command + "' runs as one process (data parallel: score, prune, ppl, eval, recover); start it "
                         "without torchrun/srun, or unset WORLD_SIZE");
    if (!hasFlag(argv, "--distributed")) argv.push_back("--distributed");
    deviceOfRank(argv, rendezvous->local_rank);
}

pb::dist::World& worldFor(const Args& args) {
    if (joined) return *joined;
    if (!args.has("distributed")) return pb::dist::one();
    if (!rendezvous) {
        static bool said = false;
        if (!said) std::fprintf(stderr, "--distributed: WORLD_SIZE is unset or 1, running as one process\n");
        said = true;
        return pb::dist::one();
    }
    const pb::dist::Rendezvous& r = *rendezvous;
    const torch::Device device = pb::parseDevice(args.get("device", "cpu"));
    std::fprintf(stderr, "rank %d of %d: meeting the others at %s (%s)\n", r.rank, r.size, r.where().c_str(),
                 pb::dist::backendFor(device).c_str());
    const auto t0 = std::chrono::steady_clock::now();
    joined = pb::dist::joinProcessGroup(r, device);
    std::fprintf(stderr, "rank %d of %d: joined in %.2f s\n", r.rank, r.size,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    setProgressTag("rank " + std::to_string(r.rank) + "/" + std::to_string(r.size) + " ");
    if (!joined->primary()) {  // results (text or JSON) are rank 0's
        std::fflush(stdout);
        const int null_fd = open("/dev/null", O_WRONLY);
        if (null_fd >= 0) {
            dup2(null_fd, STDOUT_FILENO);
            close(null_fd);
        }
    }
    return *joined;
}

void leaveWorld() { joined.reset(); }

} // namespace pbcli
