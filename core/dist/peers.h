#pragma once
// Point-to-point transfers and subgroups of a c10d World (core/dist/c10d_world), for the
// pipeline (core/dist/pipeline): a stage's activations [micro_batch, T, H] go to the next
// stage and their gradients come back through ProcessGroup::send/recv, and the replicas of one
// stage sum among themselves in a process group of their own. The world of one has no peers.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>

#include "core/dist/world.h"

namespace pb::dist {

class Peers {
public:
    virtual ~Peers() = default;
    // Starts sending t (contiguous, any dtype) to rank dst; the returned function waits until it
    // is sent (t must stay untouched until then; the function keeps it alive).
    virtual std::function<void()> isend(const torch::Tensor& t, int dst, int tag) = 0;
    // Receives into t (allocated with the sender's shape and dtype) from rank src.
    virtual void recv(torch::Tensor& t, int src, int tag) = 0;
    // A process group of `members` (ranks of this world, in order; this rank among them),
    // meeting under `name` in the run's store. Only the members call it, each with the same
    // name and members.
    virtual std::unique_ptr<World> subgroup(const std::string& name, const std::vector<int>& members) = 0;
};

// `world`'s peers, or null for the world of one (and a World that is not a process group).
Peers* peersOf(World& world);

} // namespace pb::dist
