#pragma once
// The stable names a choice carries through the session and the combos (core's parse*
// turn them back into the enums): core's names as QStrings, for the session's state and
// every view (no view folder needed).
#include <QString>

#include "core/plan/criteria.h"

namespace pb::ui {

inline QString nameOf(pb::Criterion c) { return QString::fromStdString(pb::criterionName(c)); }
inline QString nameOf(pb::Aggregation a) { return QString::fromStdString(pb::aggregationName(a)); }

} // namespace pb::ui
