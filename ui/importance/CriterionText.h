#pragma once
// Translated teaching texts of core's catalogue (core/plan/criteria.h): each criterion's
// label and explanation, each aggregation's and attention unit's, and the dependency rule,
// for combos and tooltips. The English text is core's, written once there; lupdate reads it
// from core/plan/criteria.cpp (context "CriterionText") and this file translates it.
#include <QString>

#include <string>

#include "core/plan/criteria.h"
#include "ui/session/EnumNames.h"  // nameOf: the stable name a combo carries

namespace pb::ui {

QString criterionLabel(const std::string& name);        // unknown names are shown as they are
QString criterionExplanation(const std::string& name);  // empty for an unknown name
QString aggregationExplanation(pb::Aggregation a);
QString attentionUnitLabel(pb::AttentionUnit u);
QString attentionUnitExplanation(pb::AttentionUnit u);
QString dependencyRuleText();

} // namespace pb::ui
