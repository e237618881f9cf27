#pragma once
// The workbench's state behind the views: the plan document, importance scores cached
// per calibration + criterion + aggregation, the last comparison and sweep, and the jobs
// that produce them (run on the ModelSession's JobRunner, one at a time). Views emit
// intents and follow the signals; no view talks to another.
//
// One resolved plan: the views hatch resolvedPlan() (the plan resolved against the scores
// they show), and Compare, Save (model and plan) and Recovery take that same plan through
// runResolved(); no job scores again. When the plan's ratios need scores the cache lacks,
// or the chosen calibration/criterion differs from the scores shown (planState() Stale),
// runResolved() scores once through the cache first: the views then show the new scores
// and hatching, and the action takes the plan they show.
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

#include "core/plan/defaults.h"
#include "core/plan/scores.h"
#include "ui/session/EnumNames.h"
#include "ui/session/ModelSession.h"
#include "ui/jobs/WorkbenchJobs.h"

namespace pb::ui {

class PlanDocument;

struct JobSettings {
    // The chosen calibration: demo:sotu, 10 x 128 by default. Its text is also LoRA
    // recovery's training text (RecoverySession follows it).
    jobs::CalibrationSpec calib;
    int64_t pplWindows = pb::defaults::kGuiPplWindows;  // windows of pplText for perplexity
    std::string pplText = pb::defaults::kPplText;       // the evaluation text
    pb::zs::Harness harness = pb::zs::Harness::LmEval;  // zero-shot rules (File › Zero-shot Harness)
};

class TextStats;

class Workbench : public QObject {
    Q_OBJECT
public:
    explicit Workbench(ModelSession* session, QObject* parent = nullptr);

    ModelSession* session() const { return session_; }
    PlanDocument* plan() const { return plan_; }
    const ModelPtr& model() const { return model_; }
    JobSettings& settings() { return settings_; }
    const JobSettings& settings() const { return settings_; }

    // Scores ---------------------------------------------------------------
    // The identity of a set of scores: criteria and the calibration they were computed on.
    struct ScoreChoice {
        QString width, aggregation, block;
        jobs::CalibrationSpec calib;
    };
    // Cache keys name the calibration (text, samples, seq_len, seed) and the criterion, so a
    // changed calibration never serves old scores.
    static QString calibrationKey(const jobs::CalibrationSpec& calib);
    static QString cacheKey(const jobs::CalibrationSpec& calib, const QString& criterion, const QString& aggregation);
    // The scores the views show (what resolvedPlan() is resolved against).
    QString widthCriterion() const { return shown_.width; }
    QString aggregation() const { return shown_.aggregation; }
    QString blockCriterion() const { return shown_.block; }
    const jobs::CalibrationSpec& scoredCalibration() const { return shown_.calib; }
    // What the controls chose (criteria; the calibration is settings().calib).
    ScoreChoice chosen() const;
    const pb::WidthScores* widthScores() const;  // shown; null when not computed
    const pb::BlockScores* blockScores() const;  // shown
    const pb::BlockScores* blockScores(const QString& criterion) const;  // on the shown calibration
    // Scores of these criteria on the chosen calibration are in the cache.
    bool isCached(const QString& width, const QString& aggregation, const QString& block) const;
    // Criteria disagreement (ui/importance/DisagreementView): scores of one criterion on the
    // chosen calibration (width: with the chosen aggregation) when cached, else null.
    const pb::WidthScores* cachedWidthScores(const QString& criterion) const;
    const pb::BlockScores* cachedBlockScores(const QString& criterion) const;
    // Scores those of `names` (width criteria, or block criteria when `depth`) that the cache
    // lacks, in one job, one after the other, without changing the chosen criteria; emits
    // scoresChanged when they are in. False when no model is open, a job runs or nothing is
    // missing.
    bool scoreIntoCache(const QStringList& names, bool depth);
    int scoringJobsStarted() const { return scoringJobs_; }
    // The plan resolved against the shown width scores (explicit kept units), when possible;
    // it records the scores' criterion, aggregation and calibration.
    // Null with *why set (a sentence) when the plan needs scores or does not fit them.
    std::optional<pb::PruningPlan> resolvedPlan(QString* why = nullptr) const;

    // Whether the plan the views show is the one the current choices make.
    enum class PlanState {
        Ready,        // resolved (or needs no scores) with the chosen criteria and calibration
        NeedsScores,  // the plan has ratios and no width scores are shown yet
        Stale,        // resolved with scores of another criterion, aggregation or calibration
    };
    PlanState planState() const;

    // Selects criteria; runs a scoring job for what is not cached yet. Returns false when
    // a job is already running (nothing changes then).
    bool selectCriteria(const QString& width, const QString& aggregation, const QString& block);
    // Chooses criteria without scoring: shown at once when cached, else the plan is stale
    // (or needs scores) until scored.
    void chooseCriteria(const QString& width, const QString& aggregation, const QString& block);
    // Sets the width criterion used by Prune without scoring (chooseCriteria for width).
    void setWidthCriterion(const QString& width);
    // Chooses the calibration's size (samples x tokens); cached scores of it are shown at once.
    void setCalibrationSize(int64_t samples, int64_t seqLen);

    // Runs `action` with the plan the views show, resolved with the chosen scores. When
    // that needs scores the cache lacks (width scores for a plan with ratios or when
    // `needWidth`; block scores when `needBlock`), one scoring job fills the cache first,
    // the views show its scores, and `action` runs when it has succeeded (not when it
    // failed or was cancelled). `action` starts its own job;
    // it returns false when it could not (after a scoring job that is reported through
    // jobFailed, so that the action never vanishes silently). Returns false when no model
    // is open, a job runs, scoring could not start, the plan does not fit its scores or
    // `action` returned false; the reason (a sentence) goes to *why when given, else the
    // plan's own failure through jobFailed.
    using PlanAction = std::function<bool(const pb::PruningPlan& resolved)>;
    bool runResolved(const PlanAction& action, bool needWidth = false, bool needBlock = false, QString* why = nullptr);

    // Prune + compare ---------------------------------------------------------
    // Compares the resolved plan (scored once first when needed) with its width/depth twin;
    // passes the cached width and block scores so that the job scores nothing.
    bool runCompare(const QString& prompt, int64_t genTokens);
    const std::optional<jobs::CompareResult>& comparison() const { return comparison_; }
    // What the last comparison was measured on (its request, not the current settings).
    struct ComparedOn {
        std::string pplText;
        int64_t pplWindows = 0, seqLen = 0;
        std::string prompt;
    };
    const std::optional<ComparedOn>& comparedOn() const { return comparedOn_; }

    // Sweep ---------------------------------------------------------------------
    // tasks: built-in zero-shot tasks scored at every point (task_items each; none: perplexity only).
    // recover_steps > 0 (with tasks): then every point recovered with that many LoRA steps on the
    // calibration text and measured again (before vs after LoRA).
    bool runSweep(const QStringList& criteria, const std::vector<double>& fractions, const QStringList& tasks = {},
                  int task_items = 0, int recover_steps = 0);
    const std::vector<jobs::SweepPointData>& sweepPoints() const { return sweepPoints_; }
    void setSweepPoints(std::vector<jobs::SweepPointData> points);  // tests, CSV import (clears the rows after LoRA)
    // The last sweep's points after LoRA (dense first; empty: the sweep recovered none) and its steps.
    const std::vector<jobs::SweepRow>& sweepRecovered() const { return sweepRecovered_; }
    int sweepRecoverSteps() const { return sweepRecoverSteps_; }
    void setSweepRecovered(std::vector<jobs::SweepRow> rows, int steps);  // tests

    // Texts ----------------------------------------------------------------------
    // Any text (core/data/assets.h: demo:NAME, a file, a folder of .txt files) for calibration
    // (and recovery) and for evaluation (perplexity); File > Calibration Text / Evaluation Text
    // choose them (remembered by the window). Scores of another calibration stay cached.
    void setCalibrationText(const std::string& spec);
    void setEvaluationText(const std::string& spec);
    // Token counts of the texts with the open model's tokenizer (counted off the GUI thread).
    TextStats* textStats() const { return textStats_; }

    // Latency (core/bench/latency.h) --------------------------------------------
    // On the session's device and dtype; `curves`: prefill over 128..1024 tokens and decode
    // over batch 1..8, else the headline point only (prefill of 128 tokens, decode at batch 1).
    pb::LatencyOptions latencyOptions(bool curves) const;
    // The Plan and Charts tabs' shapes: the original, the plan's shape, and the plan of the
    // other kind removing about the same parameters (a width-only plan's depth twin, a
    // depth-only plan's width twin); the original alone when the plan removes nothing.
    std::vector<pb::LatencyShape> latencyShapes() const;
    // The last comparison's original, width-pruned and depth-pruned shapes (empty: none).
    std::vector<pb::LatencyShape> comparisonShapes() const;
    // What is known for these shapes: measured by this session's jobs, else read from the
    // cache (nothing is measured here; quick, for the views). Not measured: measured() false.
    std::vector<pb::LatencyProfile> latencyProfiles(const std::vector<pb::LatencyShape>& shapes, bool curves) const;
    // Measures the shapes on the job runner (points cached measure nothing; `again`: every
    // point measured anew). False when no model is open or a job runs.
    bool measureLatency(const std::vector<pb::LatencyShape>& shapes, bool curves, bool again = false);

    // A job started by a helper on the session's runner (recovery, export): its failure is
    // reported through jobFailed like the workbench's own.
    void trackJob() { running_ = true; }

    // The status line's sentence for criteria scored from the file (jobs::score streamed them).
    static QString streamedSentence(const std::vector<jobs::ScoreResult::Streamed>& streamed);

public Q_SLOTS:
    void setModel(const pb::ui::ModelPtr& model);

Q_SIGNALS:
    void modelChanged();
    void criteriaChanged();
    void scoresChanged();
    void planStateChanged();  // chosen criteria or calibration changed (see planState())
    void comparisonChanged();
    void sweepPointAdded(const pb::ui::jobs::SweepPointData& point);
    void sweepChanged();
    void sweepRecoveredChanged();  // a point's after-LoRA row arrived, or the rows were replaced
    void jobFailed(const QString& title, const QString& message);
    // A sentence for the status line about how a job ran (scores streamed from the file).
    void statusMessage(const QString& text);
    void textsChanged();    // the calibration or evaluation text was chosen
    void latencyChanged();  // a latency job delivered (or the device changed)

private:
    // The plan fusion chooses its mix for: the Plan tab's, when it cuts any width (else core's default cut).
    std::optional<pb::PruningPlan> fusionPlan() const;
    bool startScoring(const QString& width, const QString& block, PlanAction then = {});
    bool startCompare(const pb::PruningPlan& plan, const QString& prompt, int64_t genTokens);
    void showIfCached();
    bool isCachedOn(const jobs::CalibrationSpec& calib, const QString& width, const QString& aggregation,
                    const QString& block) const;
    ScoreChoice showable(const ScoreChoice& choice) const;
    QString latencyKey(const pb::LatencyShape& shape, bool curves) const;
    void remember(const pb::LatencyShape& shape, const pb::LatencyProfile& profile, bool curves);

    ModelSession* session_;
    PlanDocument* plan_;
    ModelPtr model_;
    JobSettings settings_;
    ScoreChoice shown_{nameOf(pb::defaults::kWidthCriterion), nameOf(pb::defaults::kAggregation),
                       nameOf(pb::defaults::kBlockCriterion), {}};
    QString chosenWidth_ = shown_.width, chosenAggregation_ = shown_.aggregation, chosenBlock_ = shown_.block;
    QHash<QString, pb::WidthScores> widthCache_;
    QHash<QString, pb::BlockScores> blockCache_;
    std::optional<jobs::CompareResult> comparison_;
    std::optional<ComparedOn> comparedOn_;  // set with comparison_
    std::vector<jobs::SweepPointData> sweepPoints_;
    std::vector<jobs::SweepRow> sweepRecovered_;
    int sweepRecoverSteps_ = 0;
    TextStats* textStats_;
    // Profiles measured by this session's jobs: shape key|device|dtype|curves.
    QHash<QString, pb::LatencyProfile> latency_;
    int scoringJobs_ = 0;
    bool running_ = false;  // the runner's current job is one of ours (not a model load)
    PlanAction pending_;         // runs after the scoring job now running, when it succeeded
    bool pendingReady_ = false;  // that scoring job delivered its scores
};

} // namespace pb::ui

Q_DECLARE_METATYPE(pb::ui::jobs::SweepPointData)
