#pragma once
// The recovery state behind the Recovery tab: the last LoRA run's loss history (growing
// live while a run is on) and zero-shot accuracy before and after it. Starts the job on
// the session's JobRunner with the workbench's model and its resolved plan (the one the
// views hatch; Workbench::runResolved scores once first when the plan needs it).
#include <QObject>

#include <optional>
#include <string>
#include <vector>

#include "ui/jobs/RecoveryJobs.h"

namespace pb::ui {

class Workbench;

class RecoverySession : public QObject {
    Q_OBJECT
public:
    explicit RecoverySession(Workbench* bench, QObject* parent = nullptr);

    Workbench* bench() const { return bench_; }
    // steps, rank, alpha, lr, items: the panel's values; the rest comes from the workbench.
    jobs::RecoveryRequest& request() { return request_; }
    const jobs::RecoveryRequest& request() const { return request_; }
    const std::vector<jobs::LossSample>& losses() const { return losses_; }
    const std::optional<jobs::RecoveryResult>& result() const { return result_; }

    // Returns false when a job runs or no model is loaded. When the plan needs scores, a
    // scoring job runs first and recovery follows it.
    bool run();
    // Tests and CSV import: show a finished run without training.
    void setResult(const jobs::RecoveryResult& result);

Q_SIGNALS:
    void runStarted();
    void lossAdded(const pb::ui::jobs::LossSample& sample);
    void resultChanged();

private:
    bool start(const pb::PruningPlan& plan);
    void addLoss(const jobs::LossSample& sample);

    Workbench* bench_;
    jobs::RecoveryRequest request_;
    std::vector<jobs::LossSample> losses_;
    std::optional<jobs::RecoveryResult> result_;
    std::string followed_;  // the calibration text request_.data follows
};

} // namespace pb::ui
