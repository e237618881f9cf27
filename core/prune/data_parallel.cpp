#include "core/prune/data_parallel.h"

#include "core/dist/collectives.h"
#include "core/prune/activation_scores.h"
#include "core/prune/group_reduce.h"
#include "core/prune/taylor_terms.h"
#include "core/util/error.h"

namespace pb {

void requireSamplesPerRank(const Calibration& calib, const dist::World& world) {
    if (calib.ids.defined() && calib.samples() < world.size())
        throw Error("data-parallel scoring gives each rank at least one calibration sample: " +
                    std::to_string(calib.samples()) + " samples for " + std::to_string(world.size()) +
                    " ranks (raise --samples)");
}

void sumOverRanks(dist::World& world, MemberScores& members) {
    std::vector<torch::Tensor> terms;  // [units] float64 each, in graph order (the same on every rank)
    for (const auto& group : members.per_group)
        for (const auto& t : group)
            if (t.defined()) terms.push_back(t);
    dist::allReduceSumAll(world, terms);
}

void sumOverRanks(dist::World& world, std::map<std::string, TaylorMixMoments>& moments) {
    std::vector<torch::Tensor> parts;  // by tensor name: the same order on every rank
    for (auto& [name, m] : moments) {
        if (m.grad_sum.defined()) parts.push_back(m.grad_sum);
        if (m.fisher.defined()) parts.push_back(m.fisher);
    }
    dist::allReduceSumAll(world, parts);
}

void sumOverRanks(dist::World& world, std::vector<BlockMoments>& layers, double& tokens) {
    std::vector<torch::Tensor> parts;  // [C] float64 each
    for (auto& l : layers)
        for (ChannelMoments* c : {&l.attn, &l.mlp})
            for (torch::Tensor* t : {&c->sum, &c->sq})
                if (t->defined()) parts.push_back(*t);
    dist::allReduceSumAll(world, parts);
    tokens = dist::allReduceSum(world, tokens);
}

} // namespace pb
