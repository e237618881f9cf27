#pragma once
// The ranks of a data-parallel run and the collectives PruneBench uses, behind one
// interface: a c10d process group (core/dist/c10d_world: Gloo between CPU processes, NCCL
// between GPUs) or the world of one (a single process: every collective leaves its input as
// it is). Every rank calls the same collectives in the same order with tensors of the same
// shape and dtype; results are the same on every rank.
#include <string>

#include <torch/types.h>

namespace pb::dist {

class World {
public:
    virtual ~World() = default;
    virtual int rank() const = 0;       // 0 .. size-1
    virtual int size() const = 0;       // processes in the run
    virtual int localRank() const = 0;  // rank on this machine (the GPU index with NCCL)
    virtual std::string backend() const = 0;  // "one", "gloo" or "nccl"
    bool primary() const { return rank() == 0; }  // the rank that prints results and writes files

    // In place: t (any shape, defined) becomes the sum of every rank's t.
    virtual void allReduceSum(torch::Tensor& t) = 0;
    // In place: every rank's t becomes rank `root`'s.
    virtual void broadcast(torch::Tensor& t, int root = 0) = 0;
    // Returns when every rank has called it.
    virtual void barrier() = 0;
};

// The world of one process (rank 0 of 1): collectives are no-ops.
World& one();
// `world`, or the world of one when null (the options' default).
inline World& orOne(World* world) { return world ? *world : one(); }

} // namespace pb::dist
