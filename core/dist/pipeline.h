#pragma once
// A model split across ranks (pipeline parallel, GPipe's schedule), over c10d send/recv: each
// rank holds one stage's blocks (core/dist/stage_model); a micro-batch's activations
// [rows, T, H] go from stage to stage, and with backward their gradients come back in reverse.
// Sends are asynchronous, so stage s works on micro-batch m while stage s+1 works on m-1: with
// M micro-batches in flight the S stages overlap (idle fraction (S-1)/(M+S-1)). With more ranks
// than stages the ranks are stages x replicas (core/dist/stage_plan: PipelineLayout); each
// replica runs its own share of the data through its own pipeline, and the ranks holding the
// same stage sum among themselves in a process group of their own (replicaGroup()).
#include <functional>
#include <memory>
#include <vector>

#include <torch/types.h>

#include "core/dist/stage_plan.h"
#include "core/dist/world.h"

namespace pb::dist {

class Peers;

class Pipeline {
public:
    // Every rank of `world` calls it (the replica groups are made here). Throws pb::Error when
    // the world is not stages x replicas, or a pipeline of several stages has no peers.
    Pipeline(World& world, StagePlan plan);
    ~Pipeline();

    World& world() const { return world_; }
    const StagePlan& plan() const { return plan_; }
    const PipelineLayout& layout() const { return layout_; }
    int stage() const { return stage_; }
    int replica() const { return replica_; }
    bool first() const { return stage_ == 0; }
    bool last() const { return stage_ == layout_.stages - 1; }
    StageRange blocks() const { return plan_.stages[size_t(stage_)]; }
    // The ranks holding this stage in every replica (the world of one with a single replica).
    World& replicaGroup() const;

    struct Shape {
        int64_t rows = 0, tokens = 0;  // a micro-batch's activations are [rows, tokens, hidden]
    };
    struct Stage {
        int64_t hidden = 0;
        torch::ScalarType dtype = torch::kFloat32;
        torch::Device device = torch::kCPU;
        // First stage: micro-batch m's input activations [rows, T, H] (the embeddings).
        std::function<torch::Tensor(size_t m)> input;
        // This stage's blocks on x [rows, T, H] -> [rows, T, H].
        std::function<torch::Tensor(size_t m, const torch::Tensor& x)> blocks;
        // Last stage: on the last block's output, a scalar to differentiate (backward) or an
        // undefined tensor (forward only: the callback keeps what it needs).
        std::function<torch::Tensor(size_t m, const torch::Tensor& y)> head;
    };
    // Runs micro-batches `shapes` (the same list on every stage of this replica) through the
    // stages: all forwards, then with `backward` all backwards in reverse order (each stage's
    // parameters accumulate their .grad). Returns when this stage's part is done.
    void run(const std::vector<Shape>& shapes, const Stage& stage, bool backward);

private:
    int prevRank() const { return layout_.rankOf(stage_ - 1, replica_); }
    int nextRank() const { return layout_.rankOf(stage_ + 1, replica_); }

    World& world_;
    StagePlan plan_;
    PipelineLayout layout_;
    int stage_ = 0, replica_ = 0;
    Peers* peers_ = nullptr;
    std::unique_ptr<World> replica_group_;
};

// Micro-batches of at most `rows` items of [begin, end), in order: [first, count) pairs.
std::vector<std::pair<int64_t, int64_t>> microBatches(int64_t begin, int64_t end, int64_t rows);

} // namespace pb::dist
