#pragma once
// Plan edits by unit (the Plan tab's toggles): remove or keep a span of KV groups, query heads
// or MLP channels of one layer, or a whole block. A layer given by a ratio becomes explicit
// (its kept indices) from all of its units; its ratio follows the kept count so that the
// table shows what is removed. Torch-free.
#include <cstdint>

#include "core/arch/model_config.h"
#include "core/graph/dependency_graph.h"
#include "core/plan/plan.h"

namespace pb {

// Units first..first+count-1 of `kind` in `layer` removed (removed = true) or kept. AttentionGroup
// needs the plan's attention unit 'group', QueryHead 'head'; a Block is dropped or restored
// (count 1). Throws pb::Error for a layer or span out of range or a kind the plan cannot hold.
// The result is not validated: an edit that breaks the plan (a layer emptied, query heads
// uneven across KV groups) is the caller's to show (PruningPlan::validate says why).
PruningPlan withUnitsRemoved(const ModelConfig& model, const PruningPlan& plan, int64_t layer, GroupKind kind,
                             int64_t first, int64_t count, bool removed);

// Whether every unit of the span is removed by explicit indices (or its block is dropped). A
// layer given by a ratio alone removes no unit that is known yet: false.
bool unitsRemoved(const ModelConfig& model, const PruningPlan& plan, int64_t layer, GroupKind kind, int64_t first,
                  int64_t count);

// How many units of `kind` a layer has (KV groups, query heads, MLP channels; 1 for a block).
int64_t unitCount(const ModelConfig& model, int64_t layer, GroupKind kind);

} // namespace pb
