#pragma once
// Plan edits by unit (the Plan tab's toggles): remove or keep a span of KV groups, query heads
// or MLP channels of one layer, a block's attention or MLP alone (core/plan/sub_block.h), or a
// whole block. A layer given by a ratio becomes explicit
// (its kept indices) from all of its units; its ratio follows the kept count so that the
// table shows what is removed. Torch-free.
#include <cstdint>

#include "core/arch/model_config.h"
#include "core/graph/dependency_graph.h"
#include "core/plan/plan.h"
#include "core/plan/sub_block.h"

namespace pb {

// Units first..first+count-1 of `kind` in `layer` removed (removed = true) or kept. AttentionGroup
// needs the plan's attention unit 'group', QueryHead 'head'; a Block is dropped or restored
// (count 1), an AttentionSublayer / MlpSublayer removed or restored alone (count 1). Throws pb::Error for a layer or span out of range or a kind the plan cannot hold.
// The result is not validated: an edit that breaks the plan (a layer emptied, query heads
// uneven across KV groups) is the caller's to show (PruningPlan::validate says why).
PruningPlan withUnitsRemoved(const ModelConfig& model, const PruningPlan& plan, int64_t layer, GroupKind kind,
                             int64_t first, int64_t count, bool removed);

// The sublayer `part` of each of `layers` removed (or kept again) by sub_block.h's rule: a block
// whose every sublayer is removed is dropped whole, keeping one part of a dropped block keeps the
// block with its other part removed, and a removed sublayer loses its width cut. Layers out of
// range or without the part are skipped; *changed (when given) gets the layers that changed.
PruningPlan withSubBlocks(const ModelConfig& model, const PruningPlan& plan, const std::vector<int64_t>& layers,
                          SubBlockPart part, bool removed, std::vector<int64_t>* changed = nullptr);

// Whether every unit of the span is removed by explicit indices (or its block is dropped; a
// sub-block: removed alone or with its block). A layer given by a ratio alone removes no unit
// that is known yet: false.
bool unitsRemoved(const ModelConfig& model, const PruningPlan& plan, int64_t layer, GroupKind kind, int64_t first,
                  int64_t count);

// How many units of `kind` a layer has (KV groups, query heads, MLP channels; 1 for a block,
// 1 for its attention or MLP when the layer has one).
int64_t unitCount(const ModelConfig& model, int64_t layer, GroupKind kind);

} // namespace pb
