#include "app/cli/enum_args.h"

#include <cstdio>

#include "core/plan/defaults.h"

namespace pbcli {

namespace {

[[noreturn]] void refuse(const std::string& option, const std::string& value, const std::string& allowed) {
    throw UsageError("option '--" + option + "' is '" + value + "', use one of: " + allowed);
}

} // namespace

pb::Criterion criterionArg(const Args& args, pb::Criterion def, std::optional<bool> depth, bool streamed,
                           const std::string& option) {
    if (!args.has(option)) return def;
    const std::string v = args.get(option);
    const pb::CriterionInfo* c = pb::findCriterion(v);
    const bool fits = c && (!depth || c->depth == *depth) && (!streamed || c->streamed);
    if (fits) return c->id;
    std::string allowed;
    for (const bool d : {false, true})
        if (!depth || *depth == d) allowed += (allowed.empty() ? "" : "; ") + pb::criterionList(d, streamed) + (d ? " (depth)" : " (width)");
    if (c && streamed && !c->streamed)
        throw UsageError("criterion '" + v + "' is not streamed (use one of: " + allowed + ")");
    refuse(option, v, allowed);
}

pb::Criterion criterionNamed(const std::string& value, const std::string& option) {
    if (const pb::CriterionInfo* c = pb::findCriterion(value)) return c->id;
    refuse(option, value, pb::criterionList(false) + " (width); " + pb::criterionList(true) + " (depth)");
}

pb::Aggregation aggregationArg(const Args& args) {
    if (!args.has("aggregation")) return pb::defaults::kAggregation;
    const std::string v = args.get("aggregation");
    try {
        return pb::parseAggregation(v);
    } catch (const std::exception&) {
        refuse("aggregation", v, pb::aggregationList());
    }
}

pb::AttentionUnit attentionUnitArg(const Args& args) {
    if (!args.has("attention-unit")) return pb::defaults::kAttentionUnit;
    const std::string v = args.get("attention-unit");
    try {
        return pb::parseAttentionUnit(v);
    } catch (const std::exception&) {
        refuse("attention-unit", v, pb::attentionUnitList());
    }
}

std::string criterionHelp(bool streamed) {
    std::string s = "width: " + pb::criterionList(false, streamed) + "; depth: " + pb::criterionList(true, streamed);
    if (!streamed) s += " (default " + pb::criterionName(pb::defaults::kWidthCriterion) + ")";
    return s;
}

std::string aggregationHelp() {
    std::string s;
    for (const pb::AggregationInfo& a : pb::aggregationTable())
        s += (s.empty() ? "" : ", ") + a.name + (a.id == pb::defaults::kAggregation ? " (default)" : "");
    return "how member scores combine into a group score: " + s;
}

std::string attentionUnitHelp() {
    std::string s;
    for (const pb::AttentionUnitInfo& u : pb::attentionUnitTable())
        s += (s.empty() ? "" : " or ") + u.name + (u.id == pb::defaults::kAttentionUnit ? " (default)" : "") + " (" +
             u.label + ")";
    return s;
}

std::string criteriaTable() {
    std::string s;
    for (const pb::CriterionInfo& c : pb::criteria()) {
        const bool weights_only = c.scorer == pb::Scorer::Magnitude || c.scorer == pb::Scorer::BlockMagnitude;
        const char* cost = c.gradients ? "gradients" : weights_only ? "weights" : "forward";
        char line[160];
        std::snprintf(line, sizeof line, "  %-16s %-5s %-9s %-8s %s\n", c.name.c_str(), c.depth ? "depth" : "width", cost,
                      c.streamed ? "streamed" : "", c.label.c_str());
        s += line;
    }
    return s;
}

} // namespace pbcli
