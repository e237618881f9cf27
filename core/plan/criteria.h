#pragma once
// The catalogue of importance criteria, group-score aggregations and attention units:
// one table row each (core/plan/criteria.cpp) with the stable name that plans, JSON and
// the CLI use, a label and a teaching explanation (CLI --help, GUI tooltips; the GUI
// translates the English text by context "CriterionText"). Torch-free: the scorer is
// named by family here and mapped to its function by core/prune/scorers.cpp.
// Names become enums only at the edges (plan JSON, CLI arguments, GUI combos):
// parse*() throws pb::Error naming the allowed names.
#include <string>
#include <vector>

namespace pb {

enum class Criterion {
    Random,
    L1,
    L2,
    TaylorVector,
    TaylorElement1,
    TaylorElement2,
    TaylorMix,
    Fusion,
    WandaSp,
    Flap,
    TaylorVectorSlice,  // after the others: the enum's values are kept
    BlockMagnitude,
    BlockTaylor,
    BlockPpl,
    BlockBi,
    BlockSleb,
};

// What computes a criterion's scores (core/prune/scorers.cpp maps each to one function).
enum class Scorer {
    Magnitude,        // |W| or W^2 summed over a unit (random: the same shapes, uniform scores)
    Taylor,           // first- and second-order Taylor estimates from gradients
    Activation,       // channel activations feeding o_proj/down_proj (forward only)
    Fusion,           // per-layer mix of two Taylor scores
    BlockMagnitude,
    BlockTaylor,
    BlockPpl,
    BlockInfluence,
    BlockSleb,
};

struct CriterionInfo {
    Criterion id;
    std::string name;         // stable, e.g. "taylor_element1"
    std::string label;        // e.g. "Taylor element-wise, 1st order"
    bool depth = false;       // scores whole blocks (else width units)
    bool gradients = false;   // needs backward passes
    // core/stream scores it block by block without the whole model in memory
    // (StreamedModel::scoreWidth / scoreBlocks, `prunebench-cli stream`).
    bool streamed = false;
    // In memory without a weight-sized gradient buffer when all samples fit one pass
    // (core/prune/streamed_taylor.h).
    bool one_pass_gradients = false;
    Scorer scorer = Scorer::Magnitude;
    std::string explanation;
    // Plans of this criterion fold the calibration mean of the removed input channels of
    // o_proj/down_proj into their bias unless they say otherwise (PruningPlan::bias_compensation).
    bool bias_compensation = false;
};

enum class Aggregation { Sum, Mean, Max, Prod, Last };

struct AggregationInfo {
    Aggregation id;
    std::string name;         // stable, e.g. "sum"
    std::string explanation;  // GUI tooltip, CLI help
};

enum class AttentionUnit { Group, Head };

struct AttentionUnitInfo {
    AttentionUnit id;
    std::string name;         // "group" or "head"
    std::string label;
    std::string explanation;
};

// The tables, in display order.
const std::vector<CriterionInfo>& criteria();
const std::vector<AggregationInfo>& aggregationTable();
const std::vector<AttentionUnitInfo>& attentionUnitTable();

const CriterionInfo& criterionInfo(Criterion c);
const AggregationInfo& aggregationInfo(Aggregation a);
const AttentionUnitInfo& attentionUnitInfo(AttentionUnit u);
const std::string& criterionName(Criterion c);
const std::string& aggregationName(Aggregation a);
const std::string& attentionUnitName(AttentionUnit u);

const CriterionInfo* findCriterion(const std::string& name);  // nullptr when unknown
// Throw pb::Error "unknown <what> 'x' (use one of: a, b, ...)"; `what` names the field
// or option, e.g. "criterion", "option --aggregation", "plan 'attention_unit'".
Criterion parseCriterion(const std::string& name, const std::string& what = "criterion");
// Only width (depth = false) or only block criteria; the message lists those.
Criterion parseCriterion(const std::string& name, bool depth, const std::string& what);
Aggregation parseAggregation(const std::string& name, const std::string& what = "aggregation");
AttentionUnit parseAttentionUnit(const std::string& name, const std::string& what = "attention unit");

// The width (depth = false) or block criteria's names, in table order; only the streamed ones
// (core/stream scores them) when `streamed`.
std::vector<std::string> criterionNames(bool depth, bool streamed = false);
// "random, l1, l2, ..." for messages and help.
std::string criterionList(bool depth, bool streamed = false);
std::string aggregationList();    // "sum, mean, max, prod, last"
std::string attentionUnitList();  // "group, head"
std::vector<std::string> aggregations();  // names, in table order

// Whether the criterion scores the hidden (residual-stream) channels (ScoreOptions::score_hidden,
// plans with a hidden_ratio): those that score weights (magnitude, random, Taylor, fusion). The
// activation criteria (wanda_sp, flap) measure only the inputs of o_proj/down_proj; block
// criteria score blocks.
bool scoresHiddenChannels(Criterion c);
std::string hiddenCriterionList();  // "random, l1, ..." of those that do

} // namespace pb
