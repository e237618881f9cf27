#pragma once
// The two ways to save a plan, named for what they write (Plan editor and File › Save):
//  - Save Plan (ratios): the plan as edited, fractions per layer; prunebench-cli resolves
//    it again with its own scores.
//  - Save Resolved Plan (kept units): the plan the views hatch, with the kept head/group
//    and channel indices and the calibration it was resolved on; it replays exactly.
// Both go through the output rule (PlanDocument::saveAs with the open sources).
#include <QString>

#include <functional>

namespace pb::ui {

class Workbench;

// Writes the ratio plan now. Returns false with *message the reason.
bool saveRatioPlan(Workbench& bench, const QString& path, QString* message);

// Writes the resolved plan; when it needs scores, one scoring job runs first
// (Workbench::runResolved) and the file is written after it. `report(ok, message)` is
// called when the file was written or refused. Returns false when nothing was started,
// with *why the reason (no model is open, a job runs, the scoring job could not start, the
// plan does not fit its scores); `report` is not called then.
using SaveReport = std::function<void(bool ok, const QString& message)>;
bool saveResolvedPlan(Workbench& bench, const QString& path, const SaveReport& report, QString* why = nullptr);

} // namespace pb::ui
