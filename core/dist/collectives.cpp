#include "core/dist/collectives.h"

#include <map>
#include <tuple>

#include <torch/torch.h>

#include "core/util/error.h"

namespace pb::dist {

void allReduceSum(World& world, std::vector<double>& values) {
    if (world.size() == 1 || values.empty()) return;
    auto t = torch::tensor(values, torch::kFloat64);  // [n]
    world.allReduceSum(t);
    auto acc = t.accessor<double, 1>();
    for (size_t i = 0; i < values.size(); ++i) values[i] = acc[int64_t(i)];
}

double allReduceSum(World& world, double value) {
    std::vector<double> v{value};
    allReduceSum(world, v);
    return v[0];
}

namespace {

// One flat buffer [Σ numel] of the tensors idx, summed across the ranks and copied back.
void reduceBucket(World& world, const std::vector<torch::Tensor>& tensors, const std::vector<size_t>& idx) {
    if (idx.size() == 1) {
        torch::Tensor t = tensors[idx[0]];
        if (t.is_contiguous()) {
            world.allReduceSum(t);
            return;
        }
    }
    std::vector<torch::Tensor> flat;
    flat.reserve(idx.size());
    for (size_t i : idx) flat.push_back(tensors[i].reshape({-1}));
    auto buffer = torch::cat(flat);  // [Σ numel], a copy
    world.allReduceSum(buffer);
    int64_t offset = 0;
    for (size_t i : idx) {
        const torch::Tensor& t = tensors[i];
        const int64_t n = t.numel();
        torch::NoGradGuard ng;
        t.copy_(buffer.narrow(0, offset, n).view(t.sizes()));
        offset += n;
    }
}

} // namespace

void allReduceSumAll(World& world, const std::vector<torch::Tensor>& tensors) {
    if (world.size() == 1 || tensors.empty()) return;
    // (dtype, device) -> the tensors of that kind, in order.
    std::map<std::tuple<int, int, int>, std::vector<size_t>> kinds;
    for (size_t i = 0; i < tensors.size(); ++i) {
        const torch::Tensor& t = tensors[i];
        if (!t.defined()) throw Error("internal: an undefined tensor in a cross-rank sum");
        kinds[{int(t.scalar_type()), int(t.device().type()), int(t.device().index())}].push_back(i);
    }
    for (const auto& [kind, all] : kinds) {
        std::vector<size_t> bucket;
        int64_t elements = 0;
        for (size_t i : all) {
            const int64_t n = tensors[i].numel();
            if (!bucket.empty() && elements + n > kBucketElements) {
                reduceBucket(world, tensors, bucket);
                bucket.clear();
                elements = 0;
            }
            bucket.push_back(i);
            elements += n;
        }
        if (!bucket.empty()) reduceBucket(world, tensors, bucket);
    }
}

} // namespace pb::dist
