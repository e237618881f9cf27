#include "core/prune/layer_reduce_worker.h"

#include <map>

#include <torch/torch.h>

namespace pb {

LayerReduceWorker::LayerReduceWorker(const DependencyGraph& graph, Aggregation aggregation, SignedReduce reduce,
                                     std::function<const void*(const TensorNode&)> key)
    : graph_(graph), aggregation_(aggregation), reduce_(reduce), key_(std::move(key)), thread_([this] { run(); }) {}

LayerReduceWorker::~LayerReduceWorker() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    ready_.notify_all();
    thread_.join();
}

void LayerReduceWorker::submit(int layer, const std::vector<std::pair<const void*, torch::Tensor>>& along) {
    Job job;
    job.layer = layer;
    std::vector<torch::Tensor> parts;
    for (const auto& [key, v] : along) {
        job.keys.push_back(key);
        job.sizes.push_back(v.numel());
        parts.push_back(v.reshape({-1}));
    }
    if (!parts.empty()) {
        torch::NoGradGuard ng;
        job.flat = torch::cat(parts).to(torch::kFloat64);  // [Σ n], queued behind the kernels that made the parts
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.push_back(std::move(job));
    }
    ready_.notify_all();
}

void LayerReduceWorker::run() {
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            ready_.wait(lock, [this] { return stop_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stop_
            job = std::move(queue_.front());
            queue_.erase(queue_.begin());
            ++busy_;
        }
        try {
            if (!error_) reduce(job);
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex_);
            error_ = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --busy_;
        }
        ready_.notify_all();
    }
}

void LayerReduceWorker::reduce(const Job& job) {
    std::map<const void*, torch::Tensor> host;  // key -> [n] float64 on the host
    if (job.flat.defined()) {
        // A blocking copy on the device's current stream: it waits for the kernels queued before
        // submit, while the backward keeps queueing the earlier layers' work behind it.
        auto flat = job.flat.to(torch::kCPU);  // [Σ n]
        int64_t offset = 0;
        for (size_t i = 0; i < job.keys.size(); ++i) {
            host[job.keys[i]] = flat.narrow(0, offset, job.sizes[i]);
            offset += job.sizes[i];
        }
    }
    const int layer = job.layer;
    const MemberScores members = memberScores(
        graph_,
        [&](const TensorNode& n) {
            auto it = host.find(key_(n));
            return it == host.end() ? torch::Tensor() : it->second;
        },
        reduce_, false, [layer](const GroupSpec& g) { return g.layer == layer; });
    GroupScores part = aggregateGroups(graph_, members, aggregation_);
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [k, v] : part.by_kind_layer) scores_.by_kind_layer[k] = std::move(v);
}

GroupScores LayerReduceWorker::finish() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return queue_.empty() && busy_ == 0; });
    if (error_) std::rethrow_exception(error_);
    return scores_;
}

} // namespace pb
