#include "ui/charts/ChartEmptyState.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLabel>
#include <QLegend>

#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

ChartEmptyState::ChartEmptyState(QChartView* view) : QObject(view), view_(view), label_(new QLabel(view)) {
    label_->setObjectName(QStringLiteral("chartEmptyState"));
    label_->setAlignment(Qt::AlignCenter);
    label_->setWordWrap(true);
    label_->setAttribute(Qt::WA_TransparentForMouseEvents);
    QFont f = label_->font();
    f.setPointSizeF(f.pointSizeF() * 1.08);
    label_->setFont(f);
    label_->hide();
    view_->installEventFilter(this);
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, &ChartEmptyState::restyle);
    restyle();
}

void ChartEmptyState::setMessage(const QString& message) {
    const bool was = empty_;
    empty_ = !message.isEmpty();
    label_->setText(message);
    label_->setAccessibleName(message);
    apply();
    if (was != empty_) Q_EMIT emptyChanged(empty_);
}

QString ChartEmptyState::message() const { return empty_ ? label_->text() : QString(); }

void ChartEmptyState::apply() {
    if (QChart* chart = view_->chart()) {
        for (QAbstractAxis* axis : chart->axes()) axis->setVisible(!empty_);
        chart->legend()->setVisible(!empty_);
    }
    label_->setVisible(empty_);
    if (empty_) {
        place();
        label_->raise();
    }
}

void ChartEmptyState::place() {
    // Below the chart's title, clear of the card's edges.
    const int side = std::min(48, view_->width() / 10);
    label_->setGeometry(view_->rect().adjusted(side, 40, -side, -16));
}

void ChartEmptyState::restyle() {
    label_->setStyleSheet(QStringLiteral("QLabel#chartEmptyState { color: %1; background: transparent; }")
                              .arg(themeColors().secondary.name()));
}

bool ChartEmptyState::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_ && (event->type() == QEvent::Resize || event->type() == QEvent::Show) && empty_) place();
    return QObject::eventFilter(watched, event);
}

} // namespace pb::ui
