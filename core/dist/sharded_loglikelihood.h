#pragma once
// Zero-shot evaluation across ranks: each call's requests are split among the ranks
// (dist::shardOf), each rank scores its share with `inner`, and the log-likelihoods are
// gathered by one sum (every other rank contributes zeros at a request's place), so every
// rank returns all of them and the metrics equal one process's.
#include "core/dist/world.h"
#include "core/evalzs/tasks.h"

namespace pb::dist {

// `world` must outlive the returned function.
zs::LogLikelihoodFn shardedLogLikelihood(zs::LogLikelihoodFn inner, World& world);

} // namespace pb::dist
