#include "ui/session/Workbench.h"

#include <QMetaObject>
#include <QPointer>
#include <QTimer>

#include <array>
#include <exception>
#include <utility>

#include "core/plan/criteria.h"
#include "core/plan/depth_budget.h"
#include "ui/importance/CriterionText.h"
#include "ui/session/JobRunner.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/TextStats.h"
#include "ui/widgets/Format.h"

namespace pb::ui {

Workbench::Workbench(ModelSession* session, QObject* parent)
    : QObject(parent), session_(session), plan_(new PlanDocument(this)), textStats_(new TextStats(this)) {
    connect(session_, &ModelSession::modelChanged, this, &Workbench::setModel);
    connect(session_->jobs(), &JobRunner::failed, this, [this](const QString& message) {
        if (running_) Q_EMIT jobFailed(session_->jobs()->title(), message);
    });
    // A plan action waiting for its scores runs once the scoring job is out (started from
    // here it begins right after this job's finished).
    connect(session_->jobs(), &JobRunner::finished, this, [this]() {
        running_ = false;
        const PlanAction next = std::exchange(pending_, {});
        if (!std::exchange(pendingReady_, false) || !next) return;
        QString why;
        const auto plan = resolvedPlan(&why);
        if (!plan) Q_EMIT jobFailed(tr("Resolving the plan"), why);
        else if (!next(*plan))  // its window was closed, or another job started first
            Q_EMIT jobFailed(tr("Starting after scoring"),
                             session_->jobs()->busy()
                                 ? tr("The scores are ready, but another job is running: start the action again when it has finished.")
                                 : tr("The scores are ready, but the action could not start (its window was closed?): start it again."));
    });
}

void Workbench::setModel(const ModelPtr& model) {
    model_ = model;
    widthCache_.clear();
    blockCache_.clear();
    pending_ = {};
    pendingReady_ = false;
    shown_ = chosen();
    comparison_.reset();
    comparedOn_.reset();
    sweepPoints_.clear();
    latency_.clear();  // the device or dtype may have changed with the model
    textStats_->setTokenizer(model_ ? model_->tokenizer : nullptr);
    if (model_) plan_->setConfig(model_->config);
    // The views rebuild in later turns of the event loop, one signal a turn (1 ms timers apart,
    // so that input, paint and other timers get their turn between them; queued calls would all
    // run in one batch of posted events): a new model arrives while the load job finishes and
    // the window shows it, and all of that in one go held the GUI thread for 70-80 ms on a busy
    // 2-core machine (perf: the charts' relayouts, the graph, the compare view), past its 50 ms
    // budget. A newer model supersedes.
    const auto current = [this, model]() { return model_ == model; };
    const std::array<void (Workbench::*)(), 7> signals = {
        &Workbench::modelChanged,  &Workbench::scoresChanged, &Workbench::planStateChanged, &Workbench::comparisonChanged,
        &Workbench::sweepChanged, &Workbench::textsChanged,  &Workbench::latencyChanged};
    for (size_t i = 0; i < signals.size(); ++i)
        QTimer::singleShot(int(i) + 1, this, [this, current, signal = signals[i]]() {
            if (current()) Q_EMIT (this->*signal)();
        });
}

QString Workbench::calibrationKey(const jobs::CalibrationSpec& c) {
    return QStringLiteral("%1|%2x%3|%4").arg(QString::fromStdString(c.text)).arg(c.samples).arg(c.seq_len).arg(c.seed);
}

QString Workbench::cacheKey(const jobs::CalibrationSpec& calib, const QString& criterion, const QString& aggregation) {
    return calibrationKey(calib) + QLatin1Char('/') + criterion + QLatin1Char('/') + aggregation;
}

Workbench::ScoreChoice Workbench::chosen() const {
    return {chosenWidth_, chosenAggregation_, chosenBlock_, settings_.calib};
}

namespace {
bool sameScores(const Workbench::ScoreChoice& a, const Workbench::ScoreChoice& b) {
    return a.width == b.width && a.aggregation == b.aggregation && a.block == b.block &&
           Workbench::calibrationKey(a.calib) == Workbench::calibrationKey(b.calib);
}
} // namespace

const pb::WidthScores* Workbench::widthScores() const {
    if (shown_.width.isEmpty()) return nullptr;
    auto it = widthCache_.constFind(cacheKey(shown_.calib, shown_.width, shown_.aggregation));
    return it == widthCache_.constEnd() ? nullptr : &it.value();
}

const pb::BlockScores* Workbench::blockScores() const { return blockScores(shown_.block); }

const pb::BlockScores* Workbench::blockScores(const QString& criterion) const {
    if (criterion.isEmpty()) return nullptr;
    auto it = blockCache_.constFind(cacheKey(shown_.calib, criterion, QString()));
    return it == blockCache_.constEnd() ? nullptr : &it.value();
}

bool Workbench::isCached(const QString& width, const QString& aggregation, const QString& block) const {
    return isCachedOn(settings_.calib, width, aggregation, block);
}

bool Workbench::isCachedOn(const jobs::CalibrationSpec& calib, const QString& width, const QString& aggregation,
                           const QString& block) const {
    return (width.isEmpty() || widthCache_.contains(cacheKey(calib, width, aggregation))) &&
           (block.isEmpty() || blockCache_.contains(cacheKey(calib, block, QString())));
}

const pb::WidthScores* Workbench::cachedWidthScores(const QString& criterion) const {
    auto it = widthCache_.constFind(cacheKey(settings_.calib, criterion, chosenAggregation_));
    return it == widthCache_.constEnd() ? nullptr : &it.value();
}

const pb::BlockScores* Workbench::cachedBlockScores(const QString& criterion) const {
    auto it = blockCache_.constFind(cacheKey(settings_.calib, criterion, QString()));
    return it == blockCache_.constEnd() ? nullptr : &it.value();
}

bool Workbench::scoreIntoCache(const QStringList& names, bool depth) {
    if (!model_ || session_->jobs()->busy()) return false;
    std::vector<jobs::ScoreRequest> requests;
    QStringList labels;
    for (const QString& n : names) {
        if (depth ? cachedBlockScores(n) != nullptr : cachedWidthScores(n) != nullptr) continue;
        jobs::ScoreRequest r;
        r.calib = settings_.calib;
        r.aggregation = chosenAggregation_.toStdString();
        (depth ? r.block_criterion : r.width_criterion) = n.toStdString();
        r.fusion_plan = fusionPlan();
        requests.push_back(r);
        labels << criterionLabel(n.toStdString());
    }
    if (requests.empty()) return false;
    const ModelPtr model = model_;
    auto work = [model, requests](const pb::ProgressFn& progress) {
        std::vector<jobs::ScoreResult> out;
        const double n = static_cast<double>(requests.size());
        for (size_t i = 0; i < requests.size(); ++i) {
            const double base = static_cast<double>(i) / n;
            out.push_back(jobs::score(model, requests[i], [&](double f, std::string_view stage) {
                return progress ? progress(base + f / n, stage) : true;
            }));
        }
        return out;
    };
    auto done = [this, model, requests](const std::vector<jobs::ScoreResult>& results) {
        if (model != model_) return;
        for (size_t i = 0; i < results.size(); ++i) {
            const jobs::ScoreRequest& r = requests[i];
            if (results[i].width)
                widthCache_.insert(cacheKey(r.calib, QString::fromStdString(r.width_criterion), QString::fromStdString(r.aggregation)),
                                   *results[i].width);
            if (results[i].blocks) blockCache_.insert(cacheKey(r.calib, QString::fromStdString(r.block_criterion), QString()), *results[i].blocks);
        }
        showIfCached();
        Q_EMIT scoresChanged();
        Q_EMIT planStateChanged();
    };
    if (!session_->jobs()->start(tr("Scoring %1").arg(labels.join(tr(" and "))), std::move(work), std::move(done))) return false;
    ++scoringJobs_;
    running_ = true;
    return true;
}

std::optional<pb::PruningPlan> Workbench::fusionPlan() const {
    const pb::PruningPlan& p = plan_->plan();
    for (const pb::LayerPlan& l : p.layers)
        if (l.attention_ratio > 0 || l.mlp_ratio > 0 || l.attention_keep || l.mlp_keep) return p;
    return std::nullopt;
}

std::optional<pb::PruningPlan> Workbench::resolvedPlan(QString* why) const {
    if (!model_) {
        if (why) *why = tr("No model is open.");
        return std::nullopt;
    }
    const pb::PruningPlan& p = plan_->plan();
    if (p.resolved()) return p;
    const pb::WidthScores* s = widthScores();
    if (!s) {
        if (why) *why = tr("The plan's ratios need width scores: press Score on the Importance tab.");
        return std::nullopt;
    }
    try {
        pb::PruningPlan r = pb::resolvePlan(model_->config, p, *s);
        // The kept units replay exactly; the plan records the calibration they come from.
        r.iterative_steps = 1;
        r.calibration = shown_.calib.text;
        r.samples = shown_.calib.samples;
        r.seq_len = shown_.calib.seq_len;
        return r;
    } catch (const std::exception& e) {
        if (why) *why = QString::fromUtf8(e.what());
        return std::nullopt;
    }
}

Workbench::PlanState Workbench::planState() const {
    if (!model_ || plan_->plan().resolved()) return PlanState::Ready;
    if (!widthScores()) return PlanState::NeedsScores;
    if (shown_.width != chosenWidth_ || shown_.aggregation != chosenAggregation_ ||
        calibrationKey(shown_.calib) != calibrationKey(settings_.calib))
        return PlanState::Stale;
    return PlanState::Ready;
}

void Workbench::showIfCached() {
    const ScoreChoice c = chosen();
    if (sameScores(c, shown_) || !isCached(c.width, c.aggregation, c.block)) return;
    shown_ = c;
    Q_EMIT scoresChanged();
}

bool Workbench::selectCriteria(const QString& width, const QString& aggregation, const QString& block) {
    if (session_->jobs()->busy()) return false;
    chosenWidth_ = width;
    chosenAggregation_ = aggregation;
    chosenBlock_ = block;
    plan_->setCriterion(width.toStdString(), aggregation.toStdString());
    Q_EMIT criteriaChanged();
    const bool needWidth = !width.isEmpty() && !isCached(width, aggregation, QString());
    const bool needBlock = !block.isEmpty() && !isCached(QString(), aggregation, block);
    if (!needWidth && !needBlock) {
        shown_ = chosen();
        Q_EMIT scoresChanged();  // served from the cache
        Q_EMIT planStateChanged();
        return true;
    }
    Q_EMIT planStateChanged();
    return startScoring(needWidth ? width : QString(), needBlock ? block : QString());
}

void Workbench::chooseCriteria(const QString& width, const QString& aggregation, const QString& block) {
    chosenWidth_ = width;
    chosenAggregation_ = aggregation;
    chosenBlock_ = block;
    plan_->setCriterion(width.toStdString(), aggregation.toStdString());
    Q_EMIT criteriaChanged();
    showIfCached();
    Q_EMIT planStateChanged();
}

void Workbench::setWidthCriterion(const QString& width) { chooseCriteria(width, chosenAggregation_, chosenBlock_); }

void Workbench::setCalibrationSize(int64_t samples, int64_t seqLen) {
    if (settings_.calib.samples == samples && settings_.calib.seq_len == seqLen) return;
    settings_.calib.samples = samples;
    settings_.calib.seq_len = seqLen;
    showIfCached();
    Q_EMIT planStateChanged();
}

QString Workbench::streamedSentence(const std::vector<jobs::ScoreResult::Streamed>& streamed) {
    QStringList parts;
    for (const auto& s : streamed) {
        const QString name = criterionLabel(s.criterion);
        if (s.asked || s.free_bytes < 0)
            parts << tr("%1 was scored block by block from the model file.").arg(name);
        else
            parts << tr("%1 was scored block by block from the model file: in memory it needs about %2 beside the "
                        "weights, and %3 are free on %4.")
                         .arg(name, format::gib(double(s.need_bytes)), format::gib(double(s.free_bytes)),
                              QString::fromStdString(s.device));
    }
    return parts.join(QLatin1Char(' '));
}

bool Workbench::startScoring(const QString& width, const QString& block, PlanAction then) {
    if (!model_) return false;
    const ScoreChoice choice = chosen();
    jobs::ScoreRequest r;
    r.calib = choice.calib;
    r.width_criterion = width.toStdString();
    r.aggregation = choice.aggregation.toStdString();
    r.block_criterion = block.toStdString();
    r.fusion_plan = fusionPlan();
    const ModelPtr model = model_;
    auto work = [model, r](const pb::ProgressFn& progress) { return jobs::score(model, r, progress); };
    auto done = [this, model, width, block, choice](const jobs::ScoreResult& result) {
        if (model != model_) return;  // another model was opened meanwhile
        if (result.width) widthCache_.insert(cacheKey(choice.calib, width, choice.aggregation), *result.width);
        if (result.blocks) blockCache_.insert(cacheKey(choice.calib, block, QString()), *result.blocks);
        // Shown only while still chosen: a choice picked while the job ran stays (shown at
        // once when cached, else the plan is marked stale); these scores wait in the cache.
        if (sameScores(chosen(), choice)) shown_ = showable(choice);
        pendingReady_ = static_cast<bool>(pending_);
        if (!result.streamed.empty()) Q_EMIT statusMessage(streamedSentence(result.streamed));
        Q_EMIT scoresChanged();
        Q_EMIT planStateChanged();
    };
    QStringList parts;
    for (const QString& c : {width, block})  // the criteria's names as the combos show them
        if (!c.isEmpty()) parts << criterionLabel(c.toStdString());
    const QString what = parts.join(tr(" and "));
    if (!session_->jobs()->start(tr("Scoring %1").arg(what), std::move(work), std::move(done))) return false;
    ++scoringJobs_;
    running_ = true;
    pending_ = std::move(then);
    pendingReady_ = false;
    return true;
}

Workbench::ScoreChoice Workbench::showable(const ScoreChoice& c) const {
    ScoreChoice s = c;  // the parts of `c` the cache holds (the others show nothing)
    if (!isCachedOn(c.calib, c.width, c.aggregation, QString())) s.width.clear();
    if (!isCachedOn(c.calib, QString(), QString(), c.block)) s.block.clear();
    return s;
}

bool Workbench::runResolved(const PlanAction& action, bool needWidth, bool needBlock, QString* why) {
    const auto refuse = [why](const QString& reason) {
        if (why) *why = reason;
        return false;
    };
    if (!model_) return refuse(tr("No model is open."));
    if (session_->jobs()->busy()) return refuse(tr("Another job is running; try again when it has finished."));
    if (!action) return refuse(tr("Nothing to run."));
    needWidth = needWidth || !plan_->plan().resolved();
    // A needed criterion left empty takes the default, chosen as any choice is (the combos,
    // the plan note and the plan's criterion follow).
    if ((needWidth && chosenWidth_.isEmpty()) || (needBlock && chosenBlock_.isEmpty()))
        chooseCriteria(needWidth && chosenWidth_.isEmpty() ? nameOf(pb::defaults::kWidthCriterion) : chosenWidth_,
                       chosenAggregation_,
                       needBlock && chosenBlock_.isEmpty() ? nameOf(pb::defaults::kBlockCriterion) : chosenBlock_);
    const ScoreChoice c = chosen();
    // Score only what the action needs and the cache lacks (a block criterion such as
    // block_ppl is slow; Save needs no block scores).
    const bool widthMissing = needWidth && !isCached(c.width, c.aggregation, QString());
    const bool blockMissing = needBlock && !isCached(QString(), QString(), c.block);
    if (widthMissing || blockMissing) {
        if (startScoring(widthMissing ? c.width : QString(), blockMissing ? c.block : QString(), action)) return true;
        return refuse(tr("The scoring job could not start."));
    }
    // Acting on the chosen scores means showing them (the views hatch what is acted on).
    const bool sameCalib = calibrationKey(shown_.calib) == calibrationKey(c.calib);
    const bool widthShown = shown_.width == c.width && shown_.aggregation == c.aggregation && sameCalib;
    const bool blockShown = shown_.block == c.block && sameCalib;
    if ((needWidth && !widthShown) || (needBlock && !blockShown)) {
        shown_ = showable(c);
        Q_EMIT scoresChanged();
        Q_EMIT planStateChanged();
    }
    QString reason;
    const auto plan = resolvedPlan(&reason);
    if (!plan) {
        if (!why) Q_EMIT jobFailed(tr("Resolving the plan"), reason);
        return refuse(reason);
    }
    if (!action(*plan)) return refuse(tr("The action could not start."));
    return true;
}

bool Workbench::runCompare(const QString& prompt, int64_t genTokens) {
    // Compare needs width scores (a depth-only plan's width twin) and, when the plan drops
    // no blocks, block scores (its depth twin): both from the cache.
    const bool needBlock = plan_->plan().dropped_blocks.empty();
    return runResolved([this, prompt, genTokens](const pb::PruningPlan& plan) { return startCompare(plan, prompt, genTokens); },
                       true, needBlock);
}

bool Workbench::startCompare(const pb::PruningPlan& plan, const QString& prompt, int64_t genTokens) {
    if (!model_ || session_->jobs()->busy()) return false;
    jobs::CompareRequest r;
    r.plan = plan;
    r.calib = shown_.calib;
    try {  // the shown scores' names, as core's enums
        if (!shown_.width.isEmpty()) r.width_criterion = pb::parseCriterion(shown_.width.toStdString());
        r.aggregation = pb::parseAggregation(shown_.aggregation.toStdString());
        if (!shown_.block.isEmpty()) r.block_criterion = pb::parseCriterion(shown_.block.toStdString());
    } catch (const std::exception& e) {
        Q_EMIT jobFailed(tr("Pruning and comparing"), QString::fromUtf8(e.what()));
        return false;
    }
    if (const pb::BlockScores* b = blockScores()) r.block_scores = *b;
    if (const pb::WidthScores* w = widthScores()) r.width_scores = *w;
    r.ppl_text = settings_.pplText;
    r.ppl_windows = settings_.pplWindows;
    r.prompt = prompt.toStdString();
    r.gen_tokens = genTokens;
    const ModelPtr model = model_;
    auto work = [model, r](const pb::ProgressFn& progress) { return jobs::compare(model, r, progress); };
    ComparedOn on{r.ppl_text, r.ppl_windows, pb::defaults::kPplSeqLen, r.prompt};
    auto done = [this, model, on](const jobs::CompareResult& result) {
        if (model != model_) return;
        comparison_ = result;
        comparedOn_ = on;
        const std::vector<pb::LatencyShape> shapes = comparisonShapes();
        const pb::CompareVariant* variants[] = {&result.original, &result.width, &result.depth};
        size_t k = 0;
        for (const pb::CompareVariant* v : variants) {  // comparisonShapes() lists the built variants in this order
            if (!v->ok) continue;
            if (k < shapes.size()) remember(shapes[k], v->latency, false);
            ++k;
        }
        Q_EMIT comparisonChanged();
        Q_EMIT latencyChanged();
    };
    running_ = session_->jobs()->start(tr("Pruning and comparing"), std::move(work), std::move(done));
    return running_;
}

bool Workbench::runSweep(const QStringList& criteria, const std::vector<double>& fractions, const QStringList& tasks,
                         int task_items, int recover_steps) {
    if (!model_ || session_->jobs()->busy() || criteria.isEmpty() || fractions.empty()) return false;
    jobs::SweepRequest r;
    for (const QString& c : criteria) r.criteria.push_back(c.toStdString());
    for (const QString& t : tasks) r.tasks.push_back(t.toStdString());
    r.task_items = task_items;
    r.harness = settings_.harness;
    r.fractions = fractions;
    r.calib = settings_.calib;
    r.aggregation = chosenAggregation_.toStdString();
    r.ppl_text = settings_.pplText;
    r.ppl_windows = settings_.pplWindows;
    r.recover_steps = recover_steps;
    r.recovery_text = settings_.calib.text;  // recovery trains on the calibration text (as the Recovery tab)
    const ModelPtr model = model_;
    sweepPoints_.clear();
    sweepRecovered_.clear();
    sweepRecoverSteps_ = int(r.recover_steps);
    Q_EMIT sweepChanged();
    Q_EMIT sweepRecoveredChanged();
    // Points and rows are posted to this object as they are measured; JobRunner (a child of the
    // session, destroyed before the views) joins the worker first.
    QPointer<Workbench> self(this);
    auto work = [model, r, self](const pb::ProgressFn& progress) {
        return jobs::sweep(
            model, r, progress,
            [self](const jobs::SweepPointData& p) {
                if (!self) return;
                QMetaObject::invokeMethod(self.data(), [self, p]() {
                    if (!self) return;
                    self->sweepPoints_.push_back(p);
                    Q_EMIT self->sweepPointAdded(p);
                }, Qt::QueuedConnection);
            },
            [self](const jobs::SweepRow& row) {
                if (!self) return;
                QMetaObject::invokeMethod(self.data(), [self, row]() {
                    if (!self) return;
                    self->sweepRecovered_.push_back(row);
                    Q_EMIT self->sweepRecoveredChanged();
                }, Qt::QueuedConnection);
            });
    };
    auto done = [this, model](const jobs::SweepResult& result) {
        if (model != model_) return;
        sweepPoints_ = result.points;
        sweepRecovered_ = result.recovered;
        Q_EMIT sweepChanged();
        Q_EMIT sweepRecoveredChanged();
    };
    running_ = session_->jobs()->start(tr("Width vs depth sweep"), std::move(work), std::move(done));
    return running_;
}

void Workbench::setCalibrationText(const std::string& spec) {
    if (spec.empty() || spec == settings_.calib.text) return;
    settings_.calib.text = spec;
    showIfCached();  // scores of this text already computed show at once
    Q_EMIT planStateChanged();
    Q_EMIT textsChanged();
}

void Workbench::setEvaluationText(const std::string& spec) {
    if (spec.empty() || spec == settings_.pplText) return;
    settings_.pplText = spec;
    Q_EMIT textsChanged();
}

pb::LatencyOptions Workbench::latencyOptions(bool curves) const {
    pb::LatencyOptions o;
    o.device = session_->loadOptions().device;
    o.dtype = session_->loadOptions().dtype;
    if (curves) {
        o.contexts = pb::defaultLatencyContexts();
        o.batches = pb::defaultLatencyBatches();
    }
    return o;
}

namespace {
QString percentText(double f) { return QString::number(100.0 * f, 'f', 1) + QLatin1Char('%'); }
} // namespace

std::vector<pb::LatencyShape> Workbench::latencyShapes() const {
    std::vector<pb::LatencyShape> out;
    if (!model_) return out;
    const pb::ModelConfig& c = model_->config;
    out.push_back({tr("original").toStdString(), c, "original"});
    const PlanTotals t = plan_->totals();
    const pb::PruningPlan& p = plan_->plan();
    if (!t.valid || t.removedFraction <= 0) return out;
    pb::PruningPlan widthPart = p;
    widthPart.dropped_blocks.clear();
    const bool width = !widthPart.empty(), depth = !p.dropped_blocks.empty();
    try {
        const QString kind = width && depth ? tr("width + depth") : width ? tr("width") : tr("depth");
        out.push_back({tr("plan: %1 %2").arg(kind, percentText(t.removedFraction)).toStdString(), pb::prunedConfig(c, p),
                       width && depth ? "" : width ? "width" : "depth"});
        if (width && !depth) {  // its depth twin, counted as the plan totals count it (from the end)
            std::vector<int64_t> order;
            for (int64_t b = c.numLayers() - 2; b >= 0; --b) order.push_back(b);
            const pb::DepthBudget d = pb::depthBudget(c, t.removedFraction, order);
            if (d.blocks > 0)
                out.push_back({tr("depth %1 (twin)").arg(percentText(d.removed_fraction)).toStdString(),
                               pb::prunedConfig(c, pb::depthPlan(c, d.dropped)), "depth"});
        } else if (depth && !width) {  // its width twin over LLM-Pruner's layers
            const int n = int(c.numLayers());
            const int first = n >= 8 ? 4 : 0, last = n >= 8 ? n - 3 : n - 1;
            const double r = pb::widthRatioForParamFraction(c, t.removedFraction, first, last, pb::AttentionUnit::Group, 1);
            const pb::PruningPlan w = pb::uniformWidthPlan(c, r, r, first, last, pb::AttentionUnit::Group);
            out.push_back({tr("width %1 (twin)").arg(percentText(pb::removedParamFraction(c, w))).toStdString(),
                           pb::prunedConfig(c, w), "width"});
        }
    } catch (const std::exception&) {
        // A twin that cannot be built (width unreachable) is left out.
    }
    return out;
}

std::vector<pb::LatencyShape> Workbench::comparisonShapes() const {
    std::vector<pb::LatencyShape> out;
    if (!model_ || !comparison_) return out;
    const pb::ModelConfig& c = model_->config;
    if (comparison_->original.ok) out.push_back({tr("original").toStdString(), c, "original"});
    try {
        if (comparison_->width.ok)
            out.push_back({tr("width-pruned").toStdString(), pb::prunedConfig(c, comparison_->width.plan), "width"});
        if (comparison_->depth.ok)
            out.push_back({tr("depth-pruned").toStdString(), pb::prunedConfig(c, comparison_->depth.plan), "depth"});
    } catch (const std::exception&) {
    }
    return out;
}

QString Workbench::latencyKey(const pb::LatencyShape& shape, bool curves) const {
    const pb::LatencyOptions o = latencyOptions(curves);
    return QStringLiteral("%1|%2|%3|%4")
        .arg(QString::fromStdString(jobs::latencyShapeKey(shape.config)), QString::fromStdString(o.device),
             QString::fromStdString(o.dtype))
        .arg(curves ? 1 : 0);
}

void Workbench::remember(const pb::LatencyShape& shape, const pb::LatencyProfile& profile, bool curves) {
    if (profile.measured()) latency_.insert(latencyKey(shape, curves), profile);
}

std::vector<pb::LatencyProfile> Workbench::latencyProfiles(const std::vector<pb::LatencyShape>& shapes, bool curves) const {
    std::vector<pb::LatencyProfile> out;
    const pb::LatencyOptions o = latencyOptions(curves);
    for (const pb::LatencyShape& shape : shapes) {
        auto it = latency_.constFind(latencyKey(shape, true));  // curves hold the headline too
        if (it == latency_.constEnd() && !curves) it = latency_.constFind(latencyKey(shape, false));
        pb::LatencyProfile p = it != latency_.constEnd() ? it.value() : jobs::cachedLatency(shape, o);
        p.label = shape.label;
        p.kind = shape.kind;
        out.push_back(std::move(p));
    }
    return out;
}

bool Workbench::measureLatency(const std::vector<pb::LatencyShape>& shapes, bool curves, bool again) {
    if (!model_ || shapes.empty() || session_->jobs()->busy()) return false;
    pb::LatencyOptions o = latencyOptions(curves);
    o.use_cache = !again;
    const ModelPtr model = model_;
    auto work = [shapes, o](const pb::ProgressFn& progress) { return jobs::measureLatency(shapes, o, progress); };
    auto done = [this, model, shapes, curves](const std::vector<pb::LatencyProfile>& profiles) {
        if (model != model_) return;
        for (size_t i = 0; i < profiles.size() && i < shapes.size(); ++i) {
            remember(shapes[i], profiles[i], curves);
            if (curves) remember(shapes[i], profiles[i], false);
        }
        QStringList failed;
        for (const pb::LatencyProfile& p : profiles)
            if (!p.error.empty()) failed << QStringLiteral("%1: %2").arg(QString::fromStdString(p.label), QString::fromStdString(p.error));
        if (!failed.isEmpty()) Q_EMIT jobFailed(tr("Measuring latency"), failed.join(QStringLiteral("; ")));
        Q_EMIT latencyChanged();
    };
    running_ = session_->jobs()->start(curves ? tr("Measuring latency curves") : tr("Measuring latency"), std::move(work),
                                       std::move(done));
    return running_;
}

void Workbench::setSweepPoints(std::vector<jobs::SweepPointData> points) {
    sweepPoints_ = std::move(points);
    const bool hadRecovered = !sweepRecovered_.empty();
    sweepRecovered_.clear();  // rows after LoRA belong to the points they were measured from
    sweepRecoverSteps_ = 0;
    Q_EMIT sweepChanged();
    if (hadRecovered) Q_EMIT sweepRecoveredChanged();
}

void Workbench::setSweepRecovered(std::vector<jobs::SweepRow> rows, int steps) {
    sweepRecovered_ = std::move(rows);
    sweepRecoverSteps_ = steps;
    Q_EMIT sweepRecoveredChanged();
}

} // namespace pb::ui
