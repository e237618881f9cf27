#include "ui/importance/CriterionText.h"

#include <QCoreApplication>

namespace pb::ui {

namespace {
// Core's English text through the translation of context "CriterionText" (the .ts entries
// lupdate extracts from core/plan/criteria.cpp); without one, the English text.
QString translated(const std::string& english) {
    return QCoreApplication::translate("CriterionText", english.c_str());
}
} // namespace

QString criterionLabel(const std::string& name) {
    const pb::CriterionInfo* c = pb::findCriterion(name);
    return c ? translated(c->label) : QString::fromStdString(name);
}

QString criterionExplanation(const std::string& name) {
    const pb::CriterionInfo* c = pb::findCriterion(name);
    return c ? translated(c->explanation) : QString();
}

QString aggregationExplanation(pb::Aggregation a) { return translated(pb::aggregationInfo(a).explanation); }
QString attentionUnitLabel(pb::AttentionUnit u) { return translated(pb::attentionUnitInfo(u).label); }
QString attentionUnitExplanation(pb::AttentionUnit u) { return translated(pb::attentionUnitInfo(u).explanation); }

QString dependencyRuleText() {
    return QCoreApplication::translate(
        "CriterionText",
        "<b>The dependency rule</b><br>A unit is removed with everything that reads or writes it. A query head: its "
        "rows of q_proj and its columns of o_proj. A KV group: the rows of k_proj and v_proj and of every query head "
        "that shares it in q_proj, and those heads' columns of o_proj. An MLP channel: a row of gate_proj and "
        "up_proj and a column of down_proj. Depth pruning removes a whole block, so nothing else changes shape.");
}

} // namespace pb::ui
