#pragma once
// The workbench's state behind the views: the plan document, importance scores cached
// per criterion + aggregation, the last comparison and sweep, and the jobs that produce
// them (run on the ModelSession's JobRunner, one at a time). Views emit intents and
// follow the signals; no view talks to another.
#include <QHash>
#include <QObject>
#include <QString>

#include <optional>
#include <vector>

#include "core/plan/scores.h"
#include "ui/session/ModelSession.h"
#include "ui/jobs/WorkbenchJobs.h"

namespace pb::ui {

class PlanDocument;

struct JobSettings {
    jobs::CalibrationSpec calib;           // demo:sotu, 10 x 128 by default
    int64_t pplWindows = 20;               // demo:moby-dick windows for perplexity
    std::string pplText = "demo:moby-dick";
};

class Workbench : public QObject {
    Q_OBJECT
public:
    explicit Workbench(ModelSession* session, QObject* parent = nullptr);

    ModelSession* session() const { return session_; }
    PlanDocument* plan() const { return plan_; }
    const ModelPtr& model() const { return model_; }
    JobSettings& settings() { return settings_; }

    // Scores ---------------------------------------------------------------
    static QString cacheKey(const QString& criterion, const QString& aggregation);
    QString widthCriterion() const { return widthCriterion_; }
    QString aggregation() const { return aggregation_; }
    QString blockCriterion() const { return blockCriterion_; }
    const pb::WidthScores* widthScores() const;  // of the current criterion + aggregation; null when not computed
    const pb::BlockScores* blockScores() const;  // of the current block criterion
    const pb::BlockScores* blockScores(const QString& criterion) const;
    bool isCached(const QString& width, const QString& aggregation, const QString& block) const;
    int scoringJobsStarted() const { return scoringJobs_; }
    // The plan resolved against the current width scores (explicit kept units), when possible.
    std::optional<pb::PruningPlan> resolvedPlan() const;

    // Selects criteria; runs a scoring job for what is not cached yet. Returns false when
    // a job is already running (nothing changes then).
    bool selectCriteria(const QString& width, const QString& aggregation, const QString& block);
    // Sets the width criterion used by Prune without scoring.
    void setWidthCriterion(const QString& width);

    // Prune + compare ---------------------------------------------------------
    bool runCompare(const QString& prompt, int64_t genTokens);
    const std::optional<jobs::CompareResult>& comparison() const { return comparison_; }

    // Sweep ---------------------------------------------------------------------
    bool runSweep(const QStringList& criteria, const std::vector<double>& fractions);
    const std::vector<jobs::SweepPointData>& sweepPoints() const { return sweepPoints_; }
    void setSweepPoints(std::vector<jobs::SweepPointData> points);  // tests, CSV import

    // A job started by a helper on the session's runner (recovery, export): its failure is
    // reported through jobFailed like the workbench's own.
    void trackJob() { running_ = true; }

public Q_SLOTS:
    void setModel(const pb::ui::ModelPtr& model);

Q_SIGNALS:
    void modelChanged();
    void criteriaChanged();
    void scoresChanged();
    void comparisonChanged();
    void sweepPointAdded(const pb::ui::jobs::SweepPointData& point);
    void sweepChanged();
    void jobFailed(const QString& title, const QString& message);

private:
    bool startScoring(const QString& width, const QString& block);

    ModelSession* session_;
    PlanDocument* plan_;
    ModelPtr model_;
    JobSettings settings_;
    QString widthCriterion_ = QStringLiteral("taylor_element1");
    QString aggregation_ = QStringLiteral("sum");
    QString blockCriterion_ = QStringLiteral("block_bi");
    QHash<QString, pb::WidthScores> widthCache_;
    QHash<QString, pb::BlockScores> blockCache_;
    std::optional<jobs::CompareResult> comparison_;
    std::vector<jobs::SweepPointData> sweepPoints_;
    int scoringJobs_ = 0;
    bool running_ = false;  // the runner's current job is one of ours (not a model load)
};

} // namespace pb::ui

Q_DECLARE_METATYPE(pb::ui::jobs::SweepPointData)
