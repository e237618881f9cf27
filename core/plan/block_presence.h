#pragma once
// Whether a model (or the model a plan would make) still computes anything in its blocks.
// A block with 0 heads and 0 MLP channels is an identity (legal: depth and sub-block plans
// make them); a model whose every block is one has no weights that gradients or activations
// could score and nothing left to prune. Torch-free.
#include <cstdint>
#include <string>

#include "core/arch/model_config.h"
#include "core/plan/plan.h"

namespace pb {

// The live blocks: those with attention or an MLP (what a plan leaves of the model's depth;
// dropped and emptied blocks are identities). The "blocks" of the plan totals and Compare.
int64_t liveBlocks(const ModelConfig& c);

// True when some block has attention or an MLP.
bool hasComputingBlock(const ModelConfig& c);

// Throws pb::Error saying plainly that `what` ("the model 'x'") has no attention and no MLP
// in any block, so it cannot be scored.
void requireScorableBlocks(const ModelConfig& c, const std::string& what);

// Throws pb::Error when `plan` would leave a model with no attention and no MLP in any block
// (it drops or empties every block that computes).
void requirePlanKeepsBlocks(const ModelConfig& model, const PruningPlan& plan);

} // namespace pb
