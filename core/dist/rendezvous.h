#pragma once
// Where the ranks of a run meet, read from the environment torchrun sets (and a Slurm script
// exports): RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT. WORLD_SIZE unset or 1 is
// a world of one. PRUNEBENCH_DIST_TIMEOUT (seconds, default 300) bounds the wait for the
// other ranks at the rendezvous.
#include <chrono>
#include <optional>
#include <string>

namespace pb::dist {

struct Rendezvous {
    int rank = 0, size = 1, local_rank = 0;
    std::string master_addr;  // rank 0's host: it serves the TCP store there
    int master_port = 0;
    std::chrono::seconds timeout{300};
    std::string where() const;  // "MASTER_ADDR:MASTER_PORT"
};

// nullopt when WORLD_SIZE is unset or 1; throws pb::Error naming the variable when one is
// missing or out of range (RANK outside [0, WORLD_SIZE), a port outside 1..65535 ...).
std::optional<Rendezvous> rendezvousFromEnvironment();

} // namespace pb::dist
