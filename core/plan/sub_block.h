#pragma once
// Sub-block depth units (BlockPruner, Zhong et al. 2024): a block's attention alone (every head
// and KV group, o_proj and its norms) or its MLP alone (every channel), removed while the
// residual stream passes by. Beside the whole block (core/plan/depth_budget.h), the finer depth
// unit: the plan records them in PruningPlan::dropped_attention / dropped_mlp, the dependency
// graph has a group for each (GroupKind::AttentionSublayer / MlpSublayer), and the one rule of
// this file makes a plan of them: a block whose every sublayer goes is dropped whole. Torch-free.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/arch/model_config.h"
#include "core/plan/criteria.h"
#include "core/plan/plan.h"

namespace pb {

enum class SubBlockPart { Attention, Mlp };

struct SubBlockRef {
    int64_t layer = 0;
    SubBlockPart part = SubBlockPart::Attention;
    bool operator==(const SubBlockRef& o) const { return layer == o.layer && part == o.part; }
};

// The depth unit of a depth criterion: whole blocks or their sub-blocks.
enum class DepthUnit { Block, SubBlock };
const char* depthUnitName(DepthUnit u);  // "block", "sub-block"
// Throws pb::Error "unknown <what> 'x' (use one of: block, sub-block)".
DepthUnit parseDepthUnit(const std::string& name, const std::string& what = "depth unit");

const char* subBlockPartName(SubBlockPart p);  // "attn", "mlp"
std::string subBlockText(const SubBlockRef& s);  // "5:attn"
std::string subBlockListText(const std::vector<SubBlockRef>& v);  // "5:attn,7:mlp"

// "5:attn,7:mlp" (LAYER:attn|mlp, comma-separated; "attention" is read as attn). Throws pb::Error
// naming the entry for bad syntax, a layer out of range, a layer without that sublayer, or an
// entry given twice.
std::vector<SubBlockRef> parseSubBlockList(const std::string& text, const ModelConfig& model);

// Every sub-block the model has, layer by layer, attention before MLP.
std::vector<SubBlockRef> subBlocksOf(const ModelConfig& model);

// Parameters the sub-block holds (ModelConfig::attentionParams / mlpParams of its layer).
int64_t subBlockParams(const ModelConfig& model, const SubBlockRef& s);

// THE rule: the depth plan that removes `removed` (any order; each once, else pb::Error). A block
// whose every sublayer is removed (both, or the only one it has) is dropped whole
// (dropped_blocks); the others go into dropped_attention / dropped_mlp.
PruningPlan subBlockPlan(const ModelConfig& model, const std::vector<SubBlockRef>& removed);

// The sub-blocks `plan` removes: those of its lists and both of each dropped block (the ones the
// block has), layer by layer.
std::vector<SubBlockRef> removedSubBlocks(const ModelConfig& model, const PruningPlan& plan);

// Whether `plan` removes sub-block `s` (alone or with its block).
bool removesSubBlock(const PruningPlan& plan, const SubBlockRef& s);

// Of n = 0 .. order.size(): the first n sub-blocks of `order` (removal order) whose plan
// (subBlockPlan) comes closest to `fraction` of the parameters; on a tie, fewer. As depthBudget.
struct SubBlockBudget {
    int64_t units = 0;
    std::vector<SubBlockRef> removed;  // the first `units` of the order
    double removed_fraction = 0.0;
};
SubBlockBudget subBlockBudget(const ModelConfig& model, double fraction, const std::vector<SubBlockRef>& order);

// A bound on subBlockBudget(model, fraction, order).units for every order (smallest sub-blocks
// first), known before scoring: BlockPruner's greedy search length.
int64_t maxSubBlocksForParamFraction(const ModelConfig& model, double fraction);

// Scores of every sub-block (higher = more important), parallel lists.
struct SubBlockScores {
    std::optional<Criterion> criterion;
    std::vector<SubBlockRef> units;  // subBlocksOf(model)
    std::vector<double> scores;      // one per unit
    std::vector<SubBlockRef> order;  // removal order of an iterative criterion (BlockPruner), else empty
    double seconds = 0.0;
    // The score of `s`; throws pb::Error when it was not scored.
    double scoreOf(const SubBlockRef& s) const;
    nlohmann::json toJson() const;
};

// Every scored unit in removal order: `order` first, then the rest by ascending score (ties:
// layer order, attention first).
std::vector<SubBlockRef> subBlockRemovalOrder(const SubBlockScores& scores);

} // namespace pb
