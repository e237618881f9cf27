#include "ui/recovery/LossChart.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartStyle.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {


LossChart::LossChart(QWidget* parent) : QChartView(parent), empty_(new ChartEmptyState(this)) {
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    clear();
    // Redrawn in the new theme's colours with the same samples.
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, [this]() {
        const std::vector<jobs::LossSample> samples = samples_;
        setHistory(samples, planned_);
    });
}

void LossChart::clear(int64_t plannedSteps) {
    samples_.clear();
    planned_ = plannedSteps;
    QChart* chart = makeStyledChart(tr("LoRA recovery loss"));
    const QColor kTrain = themeColors().series[0], kVal = themeColors().series[1];
    train_ = new QLineSeries;
    train_->setName(tr("training loss"));
    train_->setPen(QPen(kTrain, 2.0));
    val_ = new QLineSeries;
    val_->setName(tr("validation loss"));
    QPen dashed(kVal, 2.0);
    dashed.setStyle(Qt::DashLine);
    val_->setPen(dashed);
    valDots_ = new QScatterSeries;
    valDots_->setColor(kVal);
    valDots_->setBorderColor(themeColors().card);
    valDots_->setMarkerSize(9);
    x_ = new QValueAxis;
    x_->setTitleText(tr("optimizer step"));
    x_->setLabelFormat(QStringLiteral("%d"));
    y_ = new QValueAxis;
    y_->setTitleText(tr("cross-entropy loss"));
    y_->setLabelFormat(QStringLiteral("%.2f"));
    chart->addAxis(x_, Qt::AlignBottom);
    chart->addAxis(y_, Qt::AlignLeft);
    for (QXYSeries* s : {static_cast<QXYSeries*>(train_), static_cast<QXYSeries*>(val_), static_cast<QXYSeries*>(valDots_)}) {
        chart->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y_);
    }
    for (QLegendMarker* m : chart->legend()->markers(valDots_)) m->setVisible(false);
    themeChart(chart);
    QChart* old = this->chart();
    setChart(chart);
    delete old;
    fitAxes();
    emptyMessage_ = tr("Press Recover to train LoRA on the plan's pruned model; the loss appears here step by step.");
    empty_->setMessage(emptyMessage_);
}

void LossChart::setEmptyMessage(const QString& message) {
    emptyMessage_ = message;
    if (samples_.empty()) empty_->setMessage(message);
}

void LossChart::addSample(const jobs::LossSample& s) {
    samples_.push_back(s);
    if (std::isfinite(s.train_loss)) train_->append(double(s.step), s.train_loss);
    if (std::isfinite(s.val_loss)) {
        val_->append(double(s.step), s.val_loss);
        valDots_->append(double(s.step), s.val_loss);
    }
    fitAxes();
    if (empty_->isEmpty()) empty_->setMessage({});
}

void LossChart::setHistory(const std::vector<jobs::LossSample>& history, int64_t plannedSteps) {
    clear(plannedSteps);
    for (const auto& s : history) addSample(s);
}

int LossChart::trainPoints() const { return int(train_->count()); }
int LossChart::validationPoints() const { return int(val_->count()); }

void LossChart::fitAxes() {
    int64_t last = std::max<int64_t>(planned_, 1);
    double lo = 1e300, hi = -1e300;
    for (const auto& s : samples_) {
        last = std::max(last, s.step);
        for (double v : {s.train_loss, s.val_loss})
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    x_->setRange(0, double(last));
    x_->setTickType(QValueAxis::TicksDynamic);
    x_->setTickAnchor(0);
    x_->setTickInterval(std::max<double>(1.0, std::ceil(double(last) / 8.0)));
    if (lo > hi) {
        y_->setRange(0, 5);
    } else {
        const double pad = std::max(0.05, (hi - lo) * 0.1);
        y_->setRange(std::max(0.0, lo - pad), hi + pad);
        y_->applyNiceNumbers();
    }
}

QString LossChart::csv() const {
    auto num = [](double v) { return std::isfinite(v) ? QString::number(v, 'g', 8) : QString(); };
    QString out = QStringLiteral("step,train_loss,val_loss\n");
    for (const auto& s : samples_) out += QStringLiteral("%1,%2,%3\n").arg(s.step).arg(num(s.train_loss), num(s.val_loss));
    return out;
}

} // namespace pb::ui
