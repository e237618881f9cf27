#include "ui/session/ModelSession.h"

#include <filesystem>

#include "core/data/assets.h"
#include "core/util/error.h"
#include "ui/jobs/LoadJob.h"
#include "ui/session/JobRunner.h"
#include "ui/shell/ModelPaths.h"

namespace pb::ui {

ModelSession::ModelSession(QObject* parent) : QObject(parent), jobs_(new JobRunner(this)) {
    connect(jobs_, &JobRunner::failed, this, [this](const QString& message) {
        if (loadingPath_.isEmpty()) return;  // not a load
        const QString path = loadingPath_;
        loadingPath_.clear();
        Q_EMIT loadFailed(path, message);
    });
    connect(jobs_, &JobRunner::cancelled, this, [this]() {
        if (loadingPath_.isEmpty()) return;
        const QString path = loadingPath_;
        loadingPath_.clear();
        Q_EMIT loadCancelled(path);
    });
}

void ModelSession::setLoadOptions(const pb::LoadOptions& options) {
    options_ = options;
    jobs_->setDevice(QString::fromStdString(options.device));
}

bool ModelSession::loading() const { return jobs_->busy() && !loadingPath_.isEmpty(); }

bool ModelSession::open(const QString& spec) {
    if (jobs_->busy()) return false;
    std::filesystem::path path;
    try {
        path = pb::assets::resolveModel(spec.toStdString());
    } catch (const pb::Error& e) {
        Q_EMIT loadFailed(spec, QString::fromUtf8(e.what()));
        return false;
    }
    const QString shown = QString::fromStdString(path.string());
    const pb::LoadOptions options = options_;
    auto work = [path, options](const pb::ProgressFn& progress) {
        return jobs::loadModel(path, options, progress);
    };
    auto onDone = [this](const ModelPtr& loaded) {
        loadingPath_.clear();
        model_ = loaded;
        Q_EMIT modelChanged(model_);
    };
    if (!jobs_->start(tr("Loading %1").arg(modelDisplayName(shown)), std::move(work), std::move(onDone))) return false;
    loadingPath_ = shown;
    Q_EMIT loadStarted(shown);
    return true;
}

void ModelSession::cancel() { jobs_->cancel(); }

} // namespace pb::ui
