#pragma once
// --screenshot / --view: puts one view of the main window in a state worth showing (a plan,
// scores, a comparison, a sweep, a recovery run), with small settings so that every
// screenshot finishes in about a minute on 2 busy CPU cores, and says when the window can
// be captured. Only the launch options' screenshot path uses it (ui/shell/StartupController).
#include <QString>

#include <functional>

namespace pb::ui {

class MainWindow;

// Calls ready(ok) once `view` can be captured: at once for a view without a job, else when
// its jobs are over (a scoring job and the job it chains count as one). ok is false when a
// job did not start, failed or was cancelled.
void prepareScreenshotScene(MainWindow& window, const QString& view, const std::function<void(bool)>& ready);

} // namespace pb::ui
