#include "ui/shell/SampleModelMenu.h"

#include "core/data/sample_models.h"

namespace pb::ui {

SampleModelMenu::SampleModelMenu(QWidget* parent) : QMenu(tr("Open Sa&mple Model"), parent) {
    setToolTipsVisible(true);
    connect(this, &QMenu::aboutToShow, this, &SampleModelMenu::rebuild);
    rebuild();
}

void SampleModelMenu::rebuild() {
    clear();
    for (const pb::assets::SampleModel& model : pb::assets::sampleModels()) {
        const QString label = QString::fromStdString(model.label);
        const QString megabytes = QString::number((model.bytes + 500000) / 1000000);
        QAction* action = addAction(tr("%1 — %2 MB").arg(label, megabytes));
        action->setData(QString::fromStdString(model.spec));
        const QString path = QString::fromStdString(pb::assets::sampleModelPath(model).string());
        if (pb::assets::sampleModelPresent(model)) {
            const QString tip = tr("Open %1 (%2, %3)").arg(label, QString::fromStdString(model.family), path);
            action->setToolTip(tip);
            action->setStatusTip(tip);
            connect(action, &QAction::triggered, this, [this, path]() { Q_EMIT openRequested(path); });
        } else {
            const QString tip = tr("Not fetched yet: run %1 in the PruneBench folder, then open it here")
                                    .arg(QString::fromStdString(model.fetchCommand));
            action->setEnabled(false);
            action->setToolTip(tip);
            action->setStatusTip(tip);
        }
    }
}

} // namespace pb::ui
