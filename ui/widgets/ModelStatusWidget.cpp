#include "ui/widgets/ModelStatusWidget.h"

#include <QHBoxLayout>
#include <QLabel>

#include "core/model/loader.h"
#include "ui/widgets/Format.h"
#include "ui/shell/ModelPaths.h"

namespace pb::ui {

ModelStatusWidget::ModelStatusWidget(QWidget* parent)
    : QWidget(parent), name_(new QLabel(this)), params_(new QLabel(this)), device_(new QLabel(this)),
      loadTime_(new QLabel(this)) {
    name_->setObjectName(QStringLiteral("statusModelName"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 8, 0);
    layout->setSpacing(18);
    for (QLabel* label : {name_, params_, device_, loadTime_}) layout->addWidget(label);
    params_->setToolTip(tr("Parameters of the open model"));
    device_->setToolTip(tr("Where the model runs"));
    loadTime_->setToolTip(tr("Time taken to load the model"));
    clear();
}

void ModelStatusWidget::setModel(const pb::LoadedModel& model, const QString& device) {
    const QString source = QString::fromStdString(model.source.string());
    name_->setText(modelDisplayName(source));
    name_->setToolTip(source);
    params_->setText(tr("%1 parameters").arg(format::compact(model.config.totalParams())));
    device_->setText(device.startsWith(QLatin1String("cuda"), Qt::CaseInsensitive) ? tr("GPU (CUDA)") : tr("CPU"));
    device_->setToolTip(device);  // "cuda:0"
    loadTime_->setText(tr("loaded in %1").arg(format::seconds(model.load_seconds)));
    for (QLabel* label : {name_, params_, device_, loadTime_}) label->show();
}

void ModelStatusWidget::clear() {
    name_->setText(tr("No model open"));
    name_->setToolTip({});
    for (QLabel* label : {params_, device_, loadTime_}) {
        label->clear();
        label->hide();
    }
}

QString ModelStatusWidget::text() const {
    QStringList parts;
    for (QLabel* label : {name_, params_, device_, loadTime_}) {
        if (!label->text().isEmpty()) parts << label->text();
    }
    return parts.join(QStringLiteral(" | "));
}

} // namespace pb::ui
