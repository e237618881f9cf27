#pragma once
// The model the window shows, and the job that replaces it. A load that fails or is
// cancelled leaves the current model in place. The only ui file that calls pb::loadModel.
#include <QObject>
#include <QString>

#include "core/model/loader.h"
#include "ui/jobs/ModelPtr.h"

namespace pb::ui {

class JobRunner;

class ModelSession : public QObject {
    Q_OBJECT
public:
    explicit ModelSession(QObject* parent = nullptr);

    const ModelPtr& model() const { return model_; }
    // Device and dtype used for the current model (and for the next load).
    const pb::LoadOptions& loadOptions() const { return options_; }
    void setLoadOptions(const pb::LoadOptions& options);  // also the jobs' device

    JobRunner* jobs() const { return jobs_; }
    bool loading() const;
    // The path being loaded while loading() is true.
    QString loadingPath() const { return loadingPath_; }

public Q_SLOTS:
    // spec: "demo", a model folder or a .gguf file. Returns false when another job runs
    // or the spec does not resolve (loadFailed is emitted then).
    bool open(const QString& spec);
    void cancel();

Q_SIGNALS:
    void loadStarted(const QString& path);
    void modelChanged(const pb::ui::ModelPtr& model);
    void loadFailed(const QString& path, const QString& message);
    void loadCancelled(const QString& path);

private:
    JobRunner* jobs_;
    ModelPtr model_;
    pb::LoadOptions options_;
    QString loadingPath_;
};

} // namespace pb::ui
