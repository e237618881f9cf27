#include "core/dist/sharded_loglikelihood.h"

#include "core/dist/collectives.h"
#include "core/dist/shard.h"
#include "core/util/error.h"

namespace pb::dist {

zs::LogLikelihoodFn shardedLogLikelihood(zs::LogLikelihoodFn inner, World& world) {
    if (world.size() == 1) return inner;
    return [inner = std::move(inner), &world](const std::vector<zs::Request>& reqs) {
        const Shard mine = shardOf(int64_t(reqs.size()), world);
        std::vector<double> all(reqs.size(), 0.0);
        if (mine.count() > 0) {
            const std::vector<zs::Request> part(reqs.begin() + mine.begin, reqs.begin() + mine.end);
            const std::vector<double> ll = inner(part);
            if (ll.size() != part.size()) throw Error("the log-likelihood function returned a wrong number of scores");
            for (int64_t i = 0; i < mine.count(); ++i) all[size_t(mine.begin + i)] = ll[size_t(i)];
        }
        allReduceSum(world, all);
        return all;
    };
}

} // namespace pb::dist
