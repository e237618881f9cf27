#include "core/plan/criteria.h"

#include "core/util/error.h"

// lupdate reads the labels and explanations from this file (translations/CMakeLists.txt
// lists it; context "CriterionText"); core has no Qt, so the marker is a no-op here.
#define QT_TRANSLATE_NOOP(context, text) text

namespace pb {

const std::vector<CriterionInfo>& criteria() {
    // name, label, depth, gradients, streamed, one-pass gradients, scorer, explanation
    static const std::vector<CriterionInfo> table = {
        {Criterion::Random, "random", QT_TRANSLATE_NOOP("CriterionText", "Random"), false, false, false, false,
         Scorer::Magnitude,
         QT_TRANSLATE_NOOP("CriterionText",
             "Uniform random scores: the baseline every criterion must beat.")},
        {Criterion::L1, "l1", QT_TRANSLATE_NOOP("CriterionText", "Magnitude L1"), false, false, false, false,
         Scorer::Magnitude,
         QT_TRANSLATE_NOOP("CriterionText",
             "Sum of |W| over the unit's weights. No data needed.")},
        {Criterion::L2, "l2", QT_TRANSLATE_NOOP("CriterionText", "Magnitude L2"), false, false, false, false,
         Scorer::Magnitude,
         QT_TRANSLATE_NOOP("CriterionText",
             "Sum of W squared over the unit's weights. No data needed.")},
        {Criterion::TaylorVector, "taylor_vector", QT_TRANSLATE_NOOP("CriterionText", "Taylor vector-wise"),
         false, true, true, true,
         Scorer::Taylor,
         QT_TRANSLATE_NOOP("CriterionText",
             "|sum of g*W| over each row of the unit, added over its rows: the first-order estimate of the "
             "loss change when each of the unit's weight vectors is removed (LLM-Pruner 'vector').")},
        {Criterion::TaylorVectorSlice, "taylor_vector_slice", QT_TRANSLATE_NOOP("CriterionText", "Taylor vector-wise, per slice"),
         false, true, true, true,
         Scorer::Taylor,
         QT_TRANSLATE_NOOP("CriterionText",
             "|sum of g*W| over each weight matrix's whole slice of the unit (a head's 64 rows at once), "
             "added over the matrices: PruneBench's variant of the vector-wise estimate; on the demo it "
             "beats LLM-Pruner's per-row form.")},
        {Criterion::TaylorElement1, "taylor_element1", QT_TRANSLATE_NOOP("CriterionText", "Taylor element-wise, 1st order"),
         false, true, true, true,
         Scorer::Taylor,
         QT_TRANSLATE_NOOP("CriterionText",
             "Sum over the unit of |g*W|: each weight's first-order loss change, added up (LLM-Pruner 'element1').")},
        {Criterion::TaylorElement2, "taylor_element2", QT_TRANSLATE_NOOP("CriterionText", "Taylor element-wise, 2nd order"),
         false, true, true, false,
         Scorer::Taylor,
         QT_TRANSLATE_NOOP("CriterionText",
             "Sum over the unit of |W*F*W| with F the empirical Fisher from per-sample gradients (LLM-Pruner "
             "'element2').")},
        {Criterion::TaylorMix, "taylor_mix", QT_TRANSLATE_NOOP("CriterionText", "Taylor element-wise, 1st + 2nd order"),
         false, true, true, false,
         Scorer::Taylor,
         QT_TRANSLATE_NOOP("CriterionText",
             "Sum over the unit of |g*W - W*F*W/2|: the second-order Taylor expansion with the Fisher diagonal.")},
        {Criterion::Fusion, "fusion", QT_TRANSLATE_NOOP("CriterionText", "Adaptive fusion (PruneBench's design)"),
         false, true, true, false,
         Scorer::Fusion,
         QT_TRANSLATE_NOOP("CriterionText",
             "Per layer, the mix alpha*element + (1-alpha)*vector of two Taylor scores, alpha in 0, 0.25, ..., 1 "
             "(the ends are the inputs themselves): each layer takes the alpha whose cut, at the plan's ratio and "
             "attention unit, gives the lowest calibration loss with the other layers cut by the better input; the "
             "fused plan is then checked against both inputs' plans and falls back to the better one if it loses. "
             "After HyWIA (Liu et al.); the published rule was not available, this is PruneBench's design.")},
        {Criterion::WandaSp, "wanda_sp", QT_TRANSLATE_NOOP("CriterionText", "Wanda-sp"), false, false, true, false,
         Scorer::Activation,
         QT_TRANSLATE_NOOP("CriterionText",
             "Structured Wanda: mean |W| of an input channel of o_proj/down_proj times the L2 norm of the "
             "activations feeding it. Forward passes only.")},
        {Criterion::Flap, "flap", QT_TRANSLATE_NOOP("CriterionText", "FLAP fluctuation"), false, false, true, false,
         Scorer::Activation,
         QT_TRANSLATE_NOOP("CriterionText",
             "Variance of the activations feeding an input channel of o_proj/down_proj times the squared norm of "
             "its weight column, standardised per layer; channels with stable inputs can be removed. Forward only."),
         /*bias_compensation=*/true},
        {Criterion::BlockMagnitude, "block_magnitude", QT_TRANSLATE_NOOP("CriterionText", "Block magnitude"),
         true, false, false, false,
         Scorer::BlockMagnitude,
         QT_TRANSLATE_NOOP("CriterionText",
             "Sum of |W| over every weight of the block.")},
        {Criterion::BlockTaylor, "block_taylor", QT_TRANSLATE_NOOP("CriterionText", "Block Taylor+"),
         true, true, true, false,
         Scorer::BlockTaylor,
         QT_TRANSLATE_NOOP("CriterionText",
             "Sum of |g*W| over the block (Shortened LLaMA). With the '+' heuristic the first 4 and last 2 blocks "
             "are never removed.")},
        {Criterion::BlockPpl, "block_ppl", QT_TRANSLATE_NOOP("CriterionText", "Block PPL"), true, false, true, false,
         Scorer::BlockPpl,
         QT_TRANSLATE_NOOP("CriterionText",
             "Calibration perplexity with the block removed: the block whose removal hurts least goes first. One "
             "forward pass per block.")},
        {Criterion::BlockBi, "block_bi", QT_TRANSLATE_NOOP("CriterionText", "Block Influence"),
         true, false, true, false,
         Scorer::BlockInfluence,
         QT_TRANSLATE_NOOP("CriterionText",
             "1 - cosine similarity of the block's input and output hidden states (ShortGPT): a block that barely "
             "changes its input matters little. Forward only.")},
        {Criterion::BlockSleb, "block_sleb", QT_TRANSLATE_NOOP("CriterionText", "SLEB"), true, false, false, false,
         Scorer::BlockSleb,
         QT_TRANSLATE_NOOP("CriterionText",
             "Greedy: at each step remove the block whose removal gives the lowest calibration loss, then repeat "
             "on the shortened model (SLEB).")},
    };
    return table;
}

const std::vector<AggregationInfo>& aggregationTable() {
    static const std::vector<AggregationInfo> table = {
        {Aggregation::Sum, "sum", QT_TRANSLATE_NOOP("CriterionText", "Sum of the members' scores (LLM-Pruner's default)")},
        {Aggregation::Mean, "mean", QT_TRANSLATE_NOOP("CriterionText", "Mean of the members' scores")},
        {Aggregation::Max, "max", QT_TRANSLATE_NOOP("CriterionText", "Largest member score")},
        {Aggregation::Prod, "prod", QT_TRANSLATE_NOOP("CriterionText", "Product of the members' scores")},
        {Aggregation::Last, "last",
         QT_TRANSLATE_NOOP("CriterionText", "Score of the member executed last (o_proj / down_proj)")},
    };
    return table;
}

const std::vector<AttentionUnitInfo>& attentionUnitTable() {
    static const std::vector<AttentionUnitInfo> table = {
        {AttentionUnit::Group, "group", QT_TRANSLATE_NOOP("CriterionText", "KV groups"),
         QT_TRANSLATE_NOOP("CriterionText",
             "Whole KV groups: a key/value head with every query head that shares it (GQA stays aligned).")},
        {AttentionUnit::Head, "head", QT_TRANSLATE_NOOP("CriterionText", "Query heads"),
         QT_TRANSLATE_NOOP("CriterionText",
             "Query heads, the same number removed from every KV group; the key/value heads stay.")},
    };
    return table;
}

namespace {

template <class Row, class Id>
const Row& rowOf(const std::vector<Row>& table, Id id) {
    for (const Row& r : table)
        if (r.id == id) return r;
    throw Error("internal: an enum value without a table row");
}

std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
}

template <class Row>
std::vector<std::string> namesOf(const std::vector<Row>& table) {
    std::vector<std::string> out;
    for (const Row& r : table) out.push_back(r.name);
    return out;
}

template <class Row>
const Row* byName(const std::vector<Row>& table, const std::string& name) {
    for (const Row& r : table)
        if (r.name == name) return &r;
    return nullptr;
}

[[noreturn]] void unknown(const std::string& what, const std::string& name, const std::string& allowed) {
    throw Error("unknown " + what + " '" + name + "' (use one of: " + allowed + ")");
}

} // namespace

const CriterionInfo& criterionInfo(Criterion c) { return rowOf(criteria(), c); }
const AggregationInfo& aggregationInfo(Aggregation a) { return rowOf(aggregationTable(), a); }
const AttentionUnitInfo& attentionUnitInfo(AttentionUnit u) { return rowOf(attentionUnitTable(), u); }
const std::string& criterionName(Criterion c) { return criterionInfo(c).name; }
const std::string& aggregationName(Aggregation a) { return aggregationInfo(a).name; }
const std::string& attentionUnitName(AttentionUnit u) { return attentionUnitInfo(u).name; }

const CriterionInfo* findCriterion(const std::string& name) { return byName(criteria(), name); }

Criterion parseCriterion(const std::string& name, const std::string& what) {
    if (const CriterionInfo* c = findCriterion(name)) return c->id;
    throw Error("unknown " + what + " '" + name + "' (width: " + criterionList(false) + "; depth: " +
                criterionList(true) + ")");
}

Criterion parseCriterion(const std::string& name, bool depth, const std::string& what) {
    const CriterionInfo* c = findCriterion(name);
    if (!c || c->depth != depth) unknown(what, name, criterionList(depth));
    return c->id;
}

Aggregation parseAggregation(const std::string& name, const std::string& what) {
    if (const AggregationInfo* a = byName(aggregationTable(), name)) return a->id;
    unknown(what, name, aggregationList());
}

AttentionUnit parseAttentionUnit(const std::string& name, const std::string& what) {
    if (const AttentionUnitInfo* u = byName(attentionUnitTable(), name)) return u->id;
    unknown(what, name, attentionUnitList());
}

std::vector<std::string> criterionNames(bool depth, bool streamed) {
    std::vector<std::string> out;
    for (const auto& c : criteria())
        if (c.depth == depth && (!streamed || c.streamed)) out.push_back(c.name);
    return out;
}

std::string criterionList(bool depth, bool streamed) { return joined(criterionNames(depth, streamed)); }
std::string aggregationList() { return joined(aggregations()); }
std::string attentionUnitList() { return joined(namesOf(attentionUnitTable())); }
std::vector<std::string> aggregations() { return namesOf(aggregationTable()); }

bool scoresHiddenChannels(Criterion c) {
    const CriterionInfo& info = criterionInfo(c);
    return !info.depth && (info.scorer == Scorer::Magnitude || info.scorer == Scorer::Taylor || info.scorer == Scorer::Fusion);
}

std::string hiddenCriterionList() {
    std::vector<std::string> names;
    for (const auto& c : criteria())
        if (scoresHiddenChannels(c.id)) names.push_back(c.name);
    return joined(names);
}

} // namespace pb
