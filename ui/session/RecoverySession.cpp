#include "ui/session/RecoverySession.h"

#include "ui/session/JobRunner.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/Workbench.h"

namespace pb::ui {

RecoverySession::RecoverySession(Workbench* bench, QObject* parent) : QObject(parent), bench_(bench) {
    // LoRA trains on the calibration text (File > Calibration Text): followed when it changes.
    followed_ = bench_->settings().calib.text;
    request_.data = followed_;
    connect(bench_, &Workbench::textsChanged, this, [this]() {
        if (bench_->settings().calib.text == followed_) return;
        followed_ = bench_->settings().calib.text;
        request_.data = followed_;
    });
    connect(bench_, &Workbench::modelChanged, this, [this]() {
        losses_.clear();
        result_.reset();
        Q_EMIT resultChanged();
    });
}

bool RecoverySession::run() {
    if (!bench_->model() || bench_->session()->jobs()->busy()) return false;
    // The plan the views show, resolved (scored once first through the workbench's cache
    // when it needs scores); the job cuts it as it is.
    return bench_->runResolved([this](const pb::PruningPlan& plan) { return start(plan); });
}

bool RecoverySession::start(const pb::PruningPlan& plan) {
    JobRunner* jobs = bench_->session()->jobs();
    const ModelPtr model = bench_->model();
    if (!model || jobs->busy()) return false;
    jobs::RecoveryRequest r = request_;
    r.plan = plan;
    r.harness = bench_->settings().harness;
    auto live = [this, model, r](const pb::ProgressFn& progress, const JobRunner::Post& post) {
        return jobs::recover(model, r, progress, [this, post](const jobs::LossSample& s) {
            post([this, s]() { addLoss(s); });
        });
    };
    auto done = [this, model](const jobs::RecoveryResult& result) {
        if (model != bench_->model()) return;
        result_ = result;
        losses_ = result.history;
        Q_EMIT resultChanged();
    };
    if (!jobs->startStreaming(tr("LoRA recovery"), std::move(live), std::move(done))) return false;
    bench_->trackJob();
    losses_.clear();
    result_.reset();
    Q_EMIT runStarted();
    Q_EMIT resultChanged();
    return true;
}

void RecoverySession::addLoss(const jobs::LossSample& sample) {
    losses_.push_back(sample);
    Q_EMIT lossAdded(sample);
}

void RecoverySession::setResult(const jobs::RecoveryResult& result) {
    result_ = result;
    losses_ = result.history;
    Q_EMIT resultChanged();
}

} // namespace pb::ui
