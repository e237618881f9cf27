#pragma once
// The group reductions of streamed Taylor scoring (core/prune/streamed_taylor) overlapped with
// its backward pass. The backward reaches the layers last to first; as soon as it has reduced
// every projection of a layer on the device, that layer's vectors are handed over here and a
// worker thread copies them to the host and reduces the layer's groups (the float64 loops of
// core/prune/group_reduce) while the backward of the earlier layers still runs. After the
// backward only the first layer is left, where reducing everything at the end left the GPU
// idle for the whole reduction (~8 ms a scoring pass of the 7B shape, docs/measurements/
// issue15_speed.md). The numbers are those of reducing at the end: the same casts, the same loops.
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "core/graph/dependency_graph.h"
#include "core/plan/criteria.h"
#include "core/prune/group_reduce.h"

namespace pb {

class LayerReduceWorker {
public:
    // key: the storage a node's tensor has in the model (what submit's vectors are keyed by),
    // nullptr for a node without one. Starts the thread.
    LayerReduceWorker(const DependencyGraph& graph, Aggregation aggregation, SignedReduce reduce,
                      std::function<const void*(const TensorNode&)> key);
    ~LayerReduceWorker();  // stops the thread (work not yet done is dropped)
    LayerReduceWorker(const LayerReduceWorker&) = delete;
    LayerReduceWorker& operator=(const LayerReduceWorker&) = delete;

    // Layer `layer`'s reduced vectors (float32 or float64, any device; [units along] each),
    // keyed by their tensor's storage. Enqueues the cast and the concatenation on the caller's
    // stream (so they follow the kernels that made the vectors) and returns.
    void submit(int layer, const std::vector<std::pair<const void*, torch::Tensor>>& along);
    // Waits for every submitted layer; rethrows the worker's error. The scores of the groups
    // of every submitted layer.
    GroupScores finish();

private:
    struct Job {
        int layer = 0;
        std::vector<const void*> keys;
        std::vector<int64_t> sizes;
        torch::Tensor flat;  // [Σ n] float64, on the vectors' device
    };
    void run();
    void reduce(const Job& job);

    const DependencyGraph& graph_;
    Aggregation aggregation_;
    SignedReduce reduce_;
    std::function<const void*(const TensorNode&)> key_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<Job> queue_;
    size_t busy_ = 0;  // jobs taken and not yet done
    bool stop_ = false;
    std::exception_ptr error_;
    GroupScores scores_;
    std::thread thread_;
};

} // namespace pb
