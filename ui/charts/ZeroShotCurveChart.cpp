#include "ui/charts/ZeroShotCurveChart.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMap>
#include <QScatterSeries>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/evalzs/stats.h"
#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartStyle.h"
#include "ui/importance/CriterionText.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {

const pb::TaskMetrics* findTask(const std::vector<pb::TaskMetrics>& tasks, const std::string& task) {
    for (const auto& t : tasks)
        if (t.task == task) return &t;
    return nullptr;
}
const pb::TaskMetrics* findTask(const pb::SweepPoint& p, const std::string& task) { return findTask(p.tasks, task); }

// After-LoRA markers sit this far (percentage points) right of their point so that both
// whiskers show; the CSV and drawn() keep the true x.
constexpr double kDodge = 0.6;

void hideLegend(QChart* chart, QAbstractSeries* s) {
    for (QLegendMarker* m : chart->legend()->markers(s)) m->setVisible(false);
}

} // namespace

ZeroShotCurveChart::ZeroShotCurveChart(QWidget* parent)
    : QWidget(parent), task_(new QComboBox(this)), view_(new QChartView(this)), empty_(new ChartEmptyState(view_)) {
    setObjectName(QStringLiteral("zeroShotCurves"));
    task_->setObjectName(QStringLiteral("zeroShotTask"));
    task_->setToolTip(tr("The zero-shot task whose accuracy is drawn"));
    task_->setAccessibleName(tr("Zero-shot task"));
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(220);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(task_);
    layout->addWidget(view_, 1);
    connect(task_, &QComboBox::currentIndexChanged, this, [this]() { rebuild(); });
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, [this]() { rebuild(); });
    rebuild();
}

void ZeroShotCurveChart::setPoints(const std::vector<pb::SweepPoint>& points) {
    points_ = points;
    const QString chosen = task_->currentText();
    QStringList tasks;
    for (const auto& p : points_)
        for (const auto& t : p.tasks)
            if (!tasks.contains(QString::fromStdString(t.task))) tasks << QString::fromStdString(t.task);
    {
        const QSignalBlocker quiet(task_);
        task_->clear();
        task_->addItems(tasks);
        if (tasks.contains(chosen)) task_->setCurrentText(chosen);
    }
    task_->setEnabled(!tasks.isEmpty());
    rebuild();
}

void ZeroShotCurveChart::setRecovered(const std::vector<pb::SizeRow>& rows, int steps) {
    recovered_ = rows;
    steps_ = steps;
    rebuild();
}

void ZeroShotCurveChart::rebuild() {
    const std::string task = task_->currentText().toStdString();
    const bool after = !recovered_.empty();
    QChart* chart = makeStyledChart(task.empty() ? tr("Zero-shot accuracy vs parameters removed")
                                    : after      ? tr("Zero-shot · %1 · hollow: after %2 LoRA steps")
                                                       .arg(QString::fromStdString(task))
                                                       .arg(steps_)
                                                 : tr("Zero-shot accuracy · %1 (whiskers: 95% intervals)")
                                                       .arg(QString::fromStdString(task)));
    drawn_.clear();
    whiskers_ = 0;
    const pb::TaskMetrics* dense = nullptr;
    QMap<QString, std::vector<const pb::SweepPoint*>> byCriterion;
    double maxX = 5;
    int choices = 0;
    for (const auto& p : points_) {
        const pb::TaskMetrics* t = task.empty() || !p.error.empty() ? nullptr : findTask(p, task);
        if (!t) continue;
        choices = std::max(choices, t->choices);
        if (p.criterion == "dense") dense = t;
        else byCriterion[QString::fromStdString(p.criterion)].push_back(&p);
        maxX = std::max(maxX, p.removed_fraction * 100);
    }
    const bool any = dense || !byCriterion.isEmpty();
    if (any) {
        auto* x = new QValueAxis;
        x->setTitleText(tr("parameters removed (%)"));
        const double xmax = std::ceil((maxX + 2.0) / 5.0) * 5.0;  // the last whisker off the frame
        x->setRange(0, xmax);
        x->setTickCount(int(xmax / 5.0) + 1);
        x->setLabelFormat(QStringLiteral("%.0f"));
        auto* y = new QValueAxis;
        y->setRange(0, 100);
        y->setTickCount(6);
        y->setLabelFormat(QStringLiteral("%d"));
        y->setTitleText(tr("accuracy (%)"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        const ThemeColors& c = themeColors();
        auto attach = [&](QAbstractSeries* s) {
            chart->addSeries(s);
            s->attachAxis(x);
            s->attachAxis(y);
        };
        if (dense) {
            const pb::zs::Interval ci = pb::zs::accInterval(*dense);
            auto* upper = new QLineSeries;
            auto* lower = new QLineSeries;
            upper->append(0, 100 * ci.hi), upper->append(xmax, 100 * ci.hi);
            lower->append(0, 100 * ci.lo), lower->append(xmax, 100 * ci.lo);
            auto* band = new QAreaSeries(upper, lower);
            QColor fill = c.secondary;
            fill.setAlphaF(0.15);
            band->setBrush(fill);
            band->setPen(Qt::NoPen);
            attach(band);
            hideLegend(chart, band);
            auto* line = new QLineSeries;
            line->setName(tr("dense %1 %").arg(100 * dense->acc, 0, 'f', 1));
            line->setPen(QPen(c.secondary, 1.6, Qt::DashLine));
            line->append(0, 100 * dense->acc), line->append(xmax, 100 * dense->acc);
            attach(line);
        }
        const pb::TaskMetrics* denseAfter = nullptr;
        for (const pb::SizeRow& r : recovered_)
            if (r.point.criterion == "dense" && r.error.empty()) denseAfter = findTask(r.tasks_recovered, task);
        if (denseAfter) {
            auto* line = new QLineSeries;
            line->setName(tr("dense + LoRA %1 %").arg(100 * denseAfter->acc, 0, 'f', 1));
            line->setPen(QPen(c.secondary, 1.4, Qt::DashDotLine));
            line->append(0, 100 * denseAfter->acc), line->append(xmax, 100 * denseAfter->acc);
            attach(line);
        }
        if (choices > 0) {
            auto* chance = new QLineSeries;
            chance->setName(tr("chance %1 %").arg(100 / choices));
            chance->setPen(QPen(c.error, 1.2, Qt::DotLine));
            chance->append(0, 100.0 / choices), chance->append(xmax, 100.0 / choices);
            attach(chance);
        }
        // The criterion's points after LoRA: hollow markers, a thinner line, dodged right; named for
        // export and accessibility, not in the legend.
        auto drawAfter = [&](const QString& criterion, bool depth, const QColor& color) {
            std::vector<std::pair<double, const pb::TaskMetrics*>> pts;
            for (const pb::SizeRow& r : recovered_) {
                if (!r.error.empty() || r.point.criterion != criterion.toStdString()) continue;
                if (const pb::TaskMetrics* t = findTask(r.tasks_recovered, task)) pts.emplace_back(100 * r.point.removed_fraction, t);
            }
            if (pts.empty()) return;
            std::sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            auto* line = new QLineSeries;
            auto* dots = new QScatterSeries;
            line->setName((depth ? tr("depth · %1 after LoRA") : tr("width · %1 after LoRA")).arg(criterionLabel(criterion.toStdString())));
            styleKindSeries(line, dots, color, depth, 9);
            QPen pen = line->pen();
            pen.setWidthF(1.4);
            line->setPen(pen);
            dots->setColor(c.card);  // hollow
            dots->setBorderColor(color);
            for (const auto& [px, t] : pts) {
                const pb::zs::Interval ci = pb::zs::accInterval(*t);
                const double py = 100 * t->acc;
                line->append(px + kDodge, py);
                dots->append(px + kDodge, py);
                auto* whisker = new QLineSeries;
                QPen wp(color, 1.2, Qt::DotLine);
                whisker->setPen(wp);
                whisker->append(px + kDodge, 100 * ci.lo), whisker->append(px + kDodge, 100 * ci.hi);
                attach(whisker);
                hideLegend(chart, whisker);
                ++whiskers_;
                drawn_.push_back({criterion, depth, true, px, py, 100 * ci.lo, 100 * ci.hi});
            }
            addCurve(chart, line, dots, x, y);
            hideLegend(chart, line);  // the title says hollow = after LoRA: the legend keeps one entry a curve
        };
        int wi = 0, di = 0;
        for (auto it = byCriterion.begin(); it != byCriterion.end(); ++it) {
            auto sorted = it.value();
            std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->removed_fraction < b->removed_fraction; });
            const bool depth = sorted.front()->depth;
            const auto& s = c.series;
            const QColor color = depth ? (std::array<QColor, 3>{s[1], s[4], s[6]})[size_t(di++ % 3)]
                                       : (std::array<QColor, 3>{s[0], s[2], s[3]})[size_t(wi++ % 3)];
            auto* line = new QLineSeries;
            auto* dots = new QScatterSeries;
            line->setName((depth ? tr("depth · %1") : tr("width · %1")).arg(criterionLabel(it.key().toStdString())));
            styleKindSeries(line, dots, color, depth, 9);
            for (const pb::SweepPoint* p : sorted) {
                const pb::TaskMetrics* t = findTask(*p, task);
                const pb::zs::Interval ci = pb::zs::accInterval(*t);
                const double px = 100 * p->removed_fraction, py = 100 * t->acc;
                line->append(px, py);
                dots->append(px, py);
                auto* whisker = new QLineSeries;
                whisker->setPen(QPen(color, 1.4));
                whisker->append(px, 100 * ci.lo), whisker->append(px, 100 * ci.hi);
                attach(whisker);
                hideLegend(chart, whisker);
                ++whiskers_;
                drawn_.push_back({it.key(), depth, false, px, py, 100 * ci.lo, 100 * ci.hi});
            }
            addCurve(chart, line, dots, x, y);
            drawAfter(it.key(), depth, color);
        }
    }
    // Up to six entries share a third of the tab's width: a smaller legend font keeps them unelided.
    QFont legendFont = chart->legend()->font();
    legendFont.setPointSizeF(std::max(7.0, legendFont.pointSizeF() - 1.5));
    chart->legend()->setFont(legendFont);
    themeChart(chart);
    QChart* old = view_->chart();
    view_->setChart(chart);
    delete old;
    empty_->setMessage(any ? QString()
                       : points_.empty() ? tr("Tick Zero-shot and run a sweep: accuracy on the built-in tasks at every "
                                              "point, width and depth with their 95% intervals, appears here.")
                                         : tr("This sweep scored no zero-shot task (tick Zero-shot before Run sweep)."));
}

QString ZeroShotCurveChart::csv() const {
    QString out = QStringLiteral(
        "criterion,kind,removed_fraction,task,n,acc,ci95_lo,ci95_hi,mcnemar_p_vs_dense,lora_steps,mcnemar_p_vs_before_lora\n");
    const pb::SweepPoint* dense = nullptr;
    for (const auto& d : points_)
        if (d.criterion == "dense" && d.error.empty()) dense = &d;
    auto pValue = [](const pb::TaskMetrics* a, const pb::TaskMetrics& b) {
        if (!a) return QString();
        const pb::zs::PairedTest test = pb::zs::pairedTest(*a, b);
        return test.valid ? QString::number(test.p, 'g', 6) : QString();
    };
    auto row = [&](const pb::SweepPoint& p, const pb::TaskMetrics& t, int steps, const QString& vsDense, const QString& vsBefore) {
        const pb::zs::Interval ci = pb::zs::accInterval(t);
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11\n")
                   .arg(QString::fromStdString(p.criterion), QString::fromStdString(p.kind()))
                   .arg(p.removed_fraction, 0, 'g', 6)
                   .arg(QString::fromStdString(t.task))
                   .arg(t.n)
                   .arg(t.acc, 0, 'g', 6)
                   .arg(ci.lo, 0, 'g', 6)
                   .arg(ci.hi, 0, 'g', 6)
                   .arg(vsDense)
                   .arg(steps)
                   .arg(vsBefore);
    };
    for (const auto& p : points_) {
        if (!p.error.empty()) continue;
        for (const auto& t : p.tasks)
            row(p, t, 0, p.criterion != "dense" && dense ? pValue(findTask(*dense, t.task), t) : QString(), QString());
    }
    // After LoRA: paired with the dense model before LoRA and with the same point before LoRA.
    for (const pb::SizeRow& r : recovered_) {
        if (!r.error.empty()) continue;
        for (const auto& t : r.tasks_recovered)
            row(r.point, t, steps_, r.point.criterion != "dense" && dense ? pValue(findTask(*dense, t.task), t) : QString(),
                pValue(findTask(r.tasks, t.task), t));
    }
    return out;
}

} // namespace pb::ui
