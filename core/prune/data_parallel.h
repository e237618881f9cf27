#pragma once
// Calibration scoring across ranks (data parallel, core/dist): each rank runs its shard of
// the calibration samples, and what the scorers accumulate over samples is summed across
// the ranks before any score is formed from it, so every rank ends with the scores one
// process computes on all the samples (up to the order of floating-point sums).
#include <map>
#include <string>
#include <vector>

#include "core/dist/world.h"
#include "core/prune/calibration.h"

namespace pb {

struct MemberScores;
struct TaylorMixMoments;
struct BlockMoments;

// Throws pb::Error when some rank would get no calibration sample (its accumulators would
// not match the others').
void requireSamplesPerRank(const Calibration& calib, const dist::World& world);

// In place, the sums over the ranks.
void sumOverRanks(dist::World& world, MemberScores& members);                           // taylor_element2
void sumOverRanks(dist::World& world, std::map<std::string, TaylorMixMoments>& moments);  // taylor_mix
void sumOverRanks(dist::World& world, std::vector<BlockMoments>& layers, double& tokens);  // wanda_sp, flap

} // namespace pb
