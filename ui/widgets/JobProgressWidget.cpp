#include "ui/widgets/JobProgressWidget.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QToolButton>

#include <algorithm>
#include <cmath>

#include "ui/widgets/ElidedLabel.h"
#include "ui/session/JobRunner.h"

namespace pb::ui {

namespace {
constexpr int kSteps = 1000;
}

JobProgressWidget::JobProgressWidget(QWidget* parent)
    : QWidget(parent), stage_(new ElidedLabel(this)), bar_(new QProgressBar(this)), cancel_(new QToolButton(this)) {
    stage_->setElideMode(Qt::ElideRight);
    stage_->setMinimumWidth(200);
    bar_->setRange(0, kSteps);
    bar_->setTextVisible(false);
    bar_->setAccessibleName(tr("Job progress"));
    stage_->setAccessibleName(tr("Job stage"));
    bar_->setFixedWidth(160);
    bar_->setFixedHeight(10);
    cancel_->setText(tr("Cancel"));
    cancel_->setToolTip(tr("Stop this job; the open model stays as it is"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 4, 0);
    layout->setSpacing(8);
    layout->addWidget(stage_, 1);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);
    hide();
}

QString JobProgressWidget::remainingText(qint64 elapsedMs, double fraction) {
    if (fraction < 0.03 || fraction >= 1.0 || elapsedMs < 1500) return {};
    const double left = elapsedMs / 1000.0 * (1.0 - fraction) / fraction;
    if (left < 60) return tr("about %1 s left").arg(std::max(1L, std::lround(left)));
    return tr("about %1 min left").arg(std::lround(left / 60.0));
}

void JobProgressWidget::follow(JobRunner* runner) {
    connect(cancel_, &QToolButton::clicked, runner, &JobRunner::cancel);
    connect(runner, &JobRunner::started, this, [this](const QString& title) {
        stage_->setText(title);
        clock_.start();
        bar_->setValue(0);
        cancel_->setEnabled(true);
        show();
    });
    connect(runner, &JobRunner::progressed, this, [this, runner](double fraction, const QString& stage) {
        bar_->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * kSteps)));
        QString text = stage.isEmpty() ? runner->title() : tr("%1 — %2").arg(runner->title(), stage);
        const QString eta = remainingText(clock_.elapsed(), fraction);
        if (!eta.isEmpty()) text += tr(" · %1").arg(eta);
        stage_->setText(text);
    });
    connect(cancel_, &QToolButton::clicked, this, [this]() {
        cancel_->setEnabled(false);
        stage_->setText(tr("Cancelling…"));
    });
    connect(runner, &JobRunner::finished, this, &QWidget::hide);
}

} // namespace pb::ui
