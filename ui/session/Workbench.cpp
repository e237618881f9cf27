#include "ui/session/Workbench.h"

#include <QMetaObject>
#include <QPointer>
#include <QTimer>

#include <exception>

#include "ui/session/JobRunner.h"
#include "ui/plan/PlanDocument.h"

namespace pb::ui {

Workbench::Workbench(ModelSession* session, QObject* parent)
    : QObject(parent), session_(session), plan_(new PlanDocument(this)) {
    connect(session_, &ModelSession::modelChanged, this, &Workbench::setModel);
    connect(session_->jobs(), &JobRunner::failed, this, [this](const QString& message) {
        if (running_) Q_EMIT jobFailed(session_->jobs()->title(), message);
    });
    connect(session_->jobs(), &JobRunner::finished, this, [this]() { running_ = false; });
}

void Workbench::setModel(const ModelPtr& model) {
    model_ = model;
    widthCache_.clear();
    blockCache_.clear();
    comparison_.reset();
    sweepPoints_.clear();
    if (model_) plan_->setConfig(model_->config);
    // The views rebuild in later turns of the event loop (1 ms timers, so that input, paint
    // and other timers get their turn between them; queued calls would all run in one batch
    // of posted events): a new model arrives while the load job finishes and the window shows
    // it, and all of that in one go would hold the GUI thread past its 50 ms budget. A newer
    // model supersedes.
    const auto current = [this, model]() { return model_ == model; };
    QTimer::singleShot(1, this, [this, current]() { if (current()) Q_EMIT modelChanged(); });
    QTimer::singleShot(2, this, [this, current]() {
        if (!current()) return;
        Q_EMIT scoresChanged();
        Q_EMIT comparisonChanged();
        Q_EMIT sweepChanged();
    });
}

QString Workbench::cacheKey(const QString& criterion, const QString& aggregation) {
    return criterion + QLatin1Char('/') + aggregation;
}

const pb::WidthScores* Workbench::widthScores() const {
    auto it = widthCache_.constFind(cacheKey(widthCriterion_, aggregation_));
    return it == widthCache_.constEnd() ? nullptr : &it.value();
}

const pb::BlockScores* Workbench::blockScores() const { return blockScores(blockCriterion_); }

const pb::BlockScores* Workbench::blockScores(const QString& criterion) const {
    auto it = blockCache_.constFind(criterion);
    return it == blockCache_.constEnd() ? nullptr : &it.value();
}

bool Workbench::isCached(const QString& width, const QString& aggregation, const QString& block) const {
    return (width.isEmpty() || widthCache_.contains(cacheKey(width, aggregation))) &&
           (block.isEmpty() || blockCache_.contains(block));
}

std::optional<pb::PruningPlan> Workbench::resolvedPlan() const {
    if (!model_) return std::nullopt;
    const pb::PruningPlan& p = plan_->plan();
    if (p.resolved()) return p;
    const pb::WidthScores* s = widthScores();
    if (!s) return std::nullopt;
    try {
        return pb::resolvePlan(model_->config, p, *s);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

bool Workbench::selectCriteria(const QString& width, const QString& aggregation, const QString& block) {
    if (session_->jobs()->busy()) return false;
    widthCriterion_ = width;
    aggregation_ = aggregation;
    blockCriterion_ = block;
    plan_->setCriterion(width.toStdString(), aggregation.toStdString());
    Q_EMIT criteriaChanged();
    const bool needWidth = !width.isEmpty() && !widthScores();
    const bool needBlock = !block.isEmpty() && !blockScores();
    if (!needWidth && !needBlock) {
        Q_EMIT scoresChanged();  // served from the cache
        return true;
    }
    return startScoring(needWidth ? width : QString(), needBlock ? block : QString());
}

void Workbench::setWidthCriterion(const QString& width) {
    widthCriterion_ = width;
    plan_->setCriterion(width.toStdString(), aggregation_.toStdString());
    Q_EMIT criteriaChanged();
    Q_EMIT scoresChanged();
}

bool Workbench::startScoring(const QString& width, const QString& block) {
    if (!model_) return false;
    jobs::ScoreRequest r;
    r.calib = settings_.calib;
    r.width_criterion = width.toStdString();
    r.aggregation = aggregation_.toStdString();
    r.block_criterion = block.toStdString();
    const ModelPtr model = model_;
    const QString agg = aggregation_;
    auto work = [model, r](const pb::ProgressFn& progress) { return jobs::score(model, r, progress); };
    auto done = [this, model, width, block, agg](const jobs::ScoreResult& result) {
        if (model != model_) return;  // another model was opened meanwhile
        if (result.width) widthCache_.insert(cacheKey(width, agg), *result.width);
        if (result.blocks) blockCache_.insert(block, *result.blocks);
        Q_EMIT scoresChanged();
    };
    QStringList parts;
    for (const QString& c : {width, block})
        if (!c.isEmpty()) parts << c;
    const QString what = parts.join(QLatin1String(" + "));
    if (!session_->jobs()->start(tr("Scoring %1").arg(what), std::move(work), std::move(done))) return false;
    ++scoringJobs_;
    running_ = true;
    return true;
}

bool Workbench::runCompare(const QString& prompt, int64_t genTokens) {
    if (!model_ || session_->jobs()->busy()) return false;
    jobs::CompareRequest r;
    r.plan = plan_->plan();
    r.calib = settings_.calib;
    r.width_criterion = widthCriterion_.toStdString();
    r.aggregation = aggregation_.toStdString();
    r.block_criterion = blockCriterion_.isEmpty() ? std::string("block_bi") : blockCriterion_.toStdString();
    if (const pb::BlockScores* b = blockScores()) r.block_scores = *b;
    r.ppl_text = settings_.pplText;
    r.ppl_windows = settings_.pplWindows;
    r.prompt = prompt.toStdString();
    r.gen_tokens = genTokens;
    const ModelPtr model = model_;
    auto work = [model, r](const pb::ProgressFn& progress) { return jobs::compare(model, r, progress); };
    auto done = [this, model](const jobs::CompareResult& result) {
        if (model != model_) return;
        comparison_ = result;
        Q_EMIT comparisonChanged();
    };
    running_ = session_->jobs()->start(tr("Pruning and comparing"), std::move(work), std::move(done));
    return running_;
}

bool Workbench::runSweep(const QStringList& criteria, const std::vector<double>& fractions) {
    if (!model_ || session_->jobs()->busy() || criteria.isEmpty() || fractions.empty()) return false;
    jobs::SweepRequest r;
    for (const QString& c : criteria) r.criteria.push_back(c.toStdString());
    r.fractions = fractions;
    r.calib = settings_.calib;
    r.aggregation = aggregation_.toStdString();
    r.ppl_text = settings_.pplText;
    r.ppl_windows = settings_.pplWindows;
    const ModelPtr model = model_;
    sweepPoints_.clear();
    Q_EMIT sweepChanged();
    // Points are posted to this object as they are measured; JobRunner (a child of the
    // session, destroyed before the views) joins the worker first.
    QPointer<Workbench> self(this);
    auto work = [model, r, self](const pb::ProgressFn& progress) {
        return jobs::sweep(model, r, progress, [self](const jobs::SweepPointData& p) {
            if (!self) return;
            QMetaObject::invokeMethod(self.data(), [self, p]() {
                if (!self) return;
                self->sweepPoints_.push_back(p);
                Q_EMIT self->sweepPointAdded(p);
            }, Qt::QueuedConnection);
        });
    };
    auto done = [this, model](const std::vector<jobs::SweepPointData>& points) {
        if (model != model_) return;
        sweepPoints_ = points;
        Q_EMIT sweepChanged();
    };
    running_ = session_->jobs()->start(tr("Width vs depth sweep"), std::move(work), std::move(done));
    return running_;
}

void Workbench::setSweepPoints(std::vector<jobs::SweepPointData> points) {
    sweepPoints_ = std::move(points);
    Q_EMIT sweepChanged();
}

} // namespace pb::ui
