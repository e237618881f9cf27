#include "ui/plan/PlanFiles.h"

#include <QCoreApplication>
#include <QDir>

#include "ui/export/OutputSources.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/Workbench.h"

namespace pb::ui {

bool saveRatioPlan(Workbench& bench, const QString& path, QString* message) {
    QString error;
    if (!bench.plan()->save(path, &error, openSources(bench.model(), bench.settings().calib.text))) {
        if (message) *message = error;
        return false;
    }
    if (message) *message = QCoreApplication::translate("PlanFiles", "Plan (ratios) saved to %1.").arg(QDir::toNativeSeparators(path));
    return true;
}

bool saveResolvedPlan(Workbench& bench, const QString& path, const SaveReport& report, QString* why) {
    Workbench* b = &bench;
    return bench.runResolved([b, path, report](const pb::PruningPlan& plan) {
        QString error;
        const bool ok = PlanDocument::saveAs(plan, path, &error, openSources(b->model(), b->settings().calib.text));
        if (report)
            report(ok, ok ? QCoreApplication::translate("PlanFiles", "Resolved plan (kept units) saved to %1.").arg(QDir::toNativeSeparators(path))
                          : error);
        return true;
    }, false, false, why);
}

} // namespace pb::ui
