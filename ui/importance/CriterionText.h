#pragma once
// Translated teaching texts: each criterion's label and explanation (from core's
// catalogue, core/plan/criteria.h) and the dependency rule, for tooltips.
#include <QString>

#include <string>

namespace pb::ui {

QString criterionLabel(const std::string& name);
QString criterionExplanation(const std::string& name);
QString dependencyRuleText();
// Whether the marked copies still equal core's texts (tested).
bool criterionTextsMatchCore();

} // namespace pb::ui
