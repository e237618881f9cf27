#include "ui/charts/ChartsView.h"

#include "ui/charts/ChartCard.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QSignalBlocker>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMap>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "core/plan/criteria.h"
#include "core/plan/defaults.h"
#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartExport.h"
#include "ui/charts/ChartStyle.h"
#include "ui/charts/LatencyChart.h"
#include "ui/charts/OverlayChart.h"
#include "ui/charts/ZeroShotCurveChart.h"
#include "ui/importance/CriterionCombo.h"
#include "ui/importance/CriterionText.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/JobRunner.h"
#include "ui/session/TextStats.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {
// Width criteria in blues/greens/purple, depth criteria in warm colours (the theme's series
// colours); markers differ too.
QColor widthColor(int i) {
    const auto& s = themeColors().series;
    const QColor colors[] = {s[0], s[2], s[3]};
    return colors[i % 3];
}
QColor depthColor(int i) {
    const auto& s = themeColors().series;
    const QColor colors[] = {s[1], s[4], s[6]};
    return colors[i % 3];
}

QString label(const std::string& criterion) {
    if (criterion == "dense") return QObject::tr("dense (unpruned)");
    return criterionLabel(criterion);
}
} // namespace

ChartsView::ChartsView(Workbench* bench, QWidget* parent)
    : QWidget(parent), bench_(bench), width_(new CriterionCombo(false, this)), depth_(new CriterionCombo(true, this)),
      fractions_(new QLineEdit(QStringLiteral("0.1, 0.2, 0.3"), this)), log_(new QCheckBox(tr("Log scale"), this)),
      run_(new QPushButton(tr("Run sweep"), this)), zeroShot_(new QCheckBox(tr("Zero-shot"), this)),
      loraSteps_(new QSpinBox(this)),
      curves_(new ZeroShotCurveChart(this)), hint_(new QLabel(this)), ppl_(new QChartView(this)),
      sensitivity_(new QChartView(this)), overlay_(new OverlayChart(bench, this)),
      pplEmpty_(new ChartEmptyState(ppl_)), sensitivityEmpty_(new ChartEmptyState(sensitivity_)),
      latency_(new LatencyChart(this, true)) {
    setObjectName(QStringLiteral("chartsView"));
    width_->setCriterion(QStringLiteral("l2"));
    depth_->setCriterion(nameOf(pb::defaults::kBlockCriterion));
    fractions_->setToolTip(tr("Fractions of all parameters removed, comma-separated, each in (0, 1)"));
    log_->setToolTip(tr("Logarithmic perplexity axis (pruned models can be orders of magnitude worse)"));
    run_->setObjectName(QStringLiteral("primaryButton"));
    run_->setToolTip(tr("Prune with each criterion at each fraction and measure perplexity (pb::sweep)"));
    hint_->setObjectName(QStringLiteral("sectionHint"));
    hint_->setWordWrap(true);
    for (QChartView* v : {ppl_, sensitivity_}) {
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumHeight(220);
    }
    auto* exportPpl = new QPushButton(tr("Export…"), this);
    auto* exportSens = new QPushButton(tr("Export…"), this);
    auto* exportOverlay = new QPushButton(tr("Export…"), this);
    exportPpl->setToolTip(tr("Save the chart as PNG and SVG and its data as CSV"));
    exportSens->setToolTip(exportPpl->toolTip());
    exportOverlay->setToolTip(exportPpl->toolTip());
    exportPpl->setObjectName(QStringLiteral("exportSweepChart"));
    exportSens->setObjectName(QStringLiteral("exportSensitivityChart"));
    exportOverlay->setObjectName(QStringLiteral("exportOverlayChart"));

    auto* bar = new QHBoxLayout;
    bar->setSpacing(8);
    bar->addWidget(new QLabel(tr("Width"), this));
    bar->addWidget(width_);
    bar->addWidget(new QLabel(tr("Depth"), this));
    bar->addWidget(depth_);
    bar->addWidget(new QLabel(tr("Fractions"), this));
    bar->addWidget(fractions_);
    bar->addWidget(log_);
    zeroShot_->setObjectName(QStringLiteral("sweepZeroShot"));
    zeroShot_->setToolTip(tr("Also score the built-in zero-shot tasks (%1, %2 items each) at every point: accuracy "
                             "curves with 95% intervals; slower")
                              .arg(zeroShotTasks().join(QStringLiteral(", ")))
                              .arg(zeroShotItems()));
    bar->addWidget(zeroShot_);
    loraSteps_->setObjectName(QStringLiteral("sweepLoraSteps"));
    loraSteps_->setRange(0, 1000);
    loraSteps_->setSingleStep(10);
    loraSteps_->setValue(0);
    loraSteps_->setSpecialValueText(tr("no LoRA"));
    loraSteps_->setSuffix(tr(" LoRA steps"));
    loraSteps_->setAccessibleName(tr("LoRA steps after the sweep"));
    loraSteps_->setToolTip(tr("Then recover every point (and the dense model) with this many LoRA steps on the calibration "
                              "text and score the tasks again: accuracy before and after LoRA, paired on the same items"));
    loraSteps_->setEnabled(false);
    bar->addWidget(loraSteps_);
    bar->addStretch(1);
    bar->addWidget(run_);

    auto* charts = new QHBoxLayout;
    charts->setSpacing(12);
    auto* exportCurves = new QPushButton(tr("Export…"), this);
    exportCurves->setToolTip(exportPpl->toolTip());
    exportCurves->setObjectName(QStringLiteral("exportZeroShotCurves"));
    charts->addWidget(chartCard(this, ppl_, exportPpl, pplEmpty_), 3);
    charts->addWidget(chartCard(this, curves_, exportCurves, curves_->emptyState()), 3);
    charts->addWidget(chartCard(this, sensitivity_, exportSens, sensitivityEmpty_), 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    layout->addLayout(bar);
    layout->addWidget(hint_);
    layout->addLayout(charts, 1);
    auto* bottom = new QHBoxLayout;  // relative perplexity by model, and the plan's measured latency
    bottom->setSpacing(12);
    bottom->addWidget(chartCard(this, overlay_, exportOverlay, overlay_->emptyState()), 1);
    bottom->addWidget(latency_, 1);
    layout->addLayout(bottom, 1);

    connect(run_, &QPushButton::clicked, this, &ChartsView::runSweep);
    connect(log_, &QCheckBox::toggled, this, [this] {
        logChosen_ = true;  // the user's choice wins (the automatic one does not emit toggled)
        rebuildPpl();
    });
    connect(bench_, &Workbench::sweepChanged, this, &ChartsView::rebuildPpl);
    connect(bench_, &Workbench::sweepPointAdded, this, &ChartsView::rebuildPpl);
    connect(bench_, &Workbench::sweepChanged, this, [this]() { curves_->setPoints(bench_->sweepPoints()); });
    connect(bench_, &Workbench::sweepPointAdded, this, [this]() { curves_->setPoints(bench_->sweepPoints()); });
    connect(bench_, &Workbench::sweepRecoveredChanged, this, [this]() {
        curves_->setRecovered(bench_->sweepRecovered(), bench_->sweepRecoverSteps());
        rebuildPpl();
    });
    connect(zeroShot_, &QCheckBox::toggled, loraSteps_, &QSpinBox::setEnabled);
    connect(exportCurves, &QPushButton::clicked, this,
            [this]() { exportChart(curves_->chartView(), curves_->csv(), QStringLiteral("zero-shot-vs-removed")); });
    connect(bench_, &Workbench::scoresChanged, this, &ChartsView::rebuildSensitivity);
    connect(bench_, &Workbench::modelChanged, this, &ChartsView::rebuildSensitivity);
    connect(exportPpl, &QPushButton::clicked, this, [this]() { exportChart(ppl_, sweepCsv(), QStringLiteral("width-vs-depth")); });
    connect(exportOverlay, &QPushButton::clicked, this,
            [this]() { exportChart(overlay_->chartView(), overlay_->csv(), QStringLiteral("relative-ppl-by-model")); });
    connect(overlay_, &OverlayChart::message, hint_, &QLabel::setText);
    connect(exportSens, &QPushButton::clicked, this,
            [this]() { exportChart(sensitivity_, sensitivityCsv(), QStringLiteral("block-sensitivity")); });
    connect(bench_->session()->jobs(), &JobRunner::started, this, [this]() { run_->setEnabled(false); });
    connect(bench_->session()->jobs(), &JobRunner::finished, this, [this]() { run_->setEnabled(true); });
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, [this]() {
        rebuildPpl();
        rebuildSensitivity();
    });
    // Measured latency of the plan's shapes (core/bench/latency.h through the workbench).
    connect(latency_, &LatencyChart::measureRequested, this, [this]() { bench_->measureLatency(bench_->latencyShapes(), true); });
    connect(latency_, &LatencyChart::message, hint_, &QLabel::setText);
    // A new model, new measurements or a plan edit redraw the latency curves in a later turn, once
    // for a run of them (the chart's relayout costs 10-20 ms on a busy 2-core machine: a model's
    // arrival gave two, each plan edit one, inside the GUI thread's 50 ms budget of other work).
    auto* latencyRefresh = new QTimer(this);
    latencyRefresh->setSingleShot(true);
    latencyRefresh->setInterval(0);
    connect(latencyRefresh, &QTimer::timeout, this, &ChartsView::rebuildLatency);
    const auto refreshLatency = [latencyRefresh]() { latencyRefresh->start(); };
    connect(bench_, &Workbench::latencyChanged, latencyRefresh, refreshLatency);
    connect(bench_, &Workbench::modelChanged, latencyRefresh, refreshLatency);
    connect(bench_->plan(), &PlanDocument::planChanged, latencyRefresh, refreshLatency);
    connect(bench_->session()->jobs(), &JobRunner::started, this, [this]() { latency_->measureButton()->setEnabled(false); });
    connect(bench_->session()->jobs(), &JobRunner::finished, this, [this]() { latency_->measureButton()->setEnabled(true); });
    rebuildPpl();
    rebuildSensitivity();
    rebuildLatency();
}

void ChartsView::rebuildLatency() {
    const std::vector<pb::LatencyShape> shapes = bench_->latencyShapes();
    latency_->setProfiles(bench_->latencyProfiles(shapes, true),
                          shapes.size() > 1 ? tr("The original (grey, dashed), the plan, and its twin of the other kind removing "
                                                 "about the same parameters (width blue, depth orange).")
                                            : QString(),
                          bench_->model() ? QString() : tr("Open a model to measure its latency."));
}

std::vector<double> ChartsView::fractions() const {
    std::vector<double> out;
    for (const QString& part : fractions_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double f = part.trimmed().toDouble(&ok);
        if (ok && f > 0 && f < 1) out.push_back(f);
    }
    return out;
}

void ChartsView::setCriteria(const QString& width, const QString& depth) {
    width_->setCriterion(width);
    depth_->setCriterion(depth);
}

QStringList ChartsView::zeroShotTasks() {
    return {QStringLiteral("capitals"), QStringLiteral("sentiment"), QStringLiteral("cloze")};
}

int ChartsView::zeroShotItems() { return 100; }

bool ChartsView::runSweep() {
    if (zeroShot_->isChecked())
        return bench_->runSweep({width_->criterion(), depth_->criterion()}, fractions(), zeroShotTasks(), zeroShotItems(),
                                loraSteps_->value());
    return bench_->runSweep({width_->criterion(), depth_->criterion()}, fractions());
}

void ChartsView::rebuildPpl() {
    QChart* chart = makeStyledChart(
        tr("Perplexity on %1 vs parameters removed").arg(TextStats::displayName(bench_->settings().pplText)));
    const auto& points = bench_->sweepPoints();
    QMap<QString, std::vector<const pb::SweepPoint*>> byCriterion;
    double dense = 0, lo = 1e300, hi = 0, maxX = 0.05;
    for (const auto& p : points) {
        if (!p.error.empty() || !(p.ppl > 0) || !std::isfinite(p.ppl)) continue;
        if (p.criterion == "dense") dense = p.ppl;
        byCriterion[QString::fromStdString(p.criterion)].push_back(&p);
        lo = std::min(lo, p.ppl);
        hi = std::max(hi, p.ppl);
        maxX = std::max(maxX, p.removed_fraction * 100);
    }
    int wi = 0, di = 0;
    QAbstractAxis* x = nullptr;
    QAbstractAxis* y = nullptr;
    auto* xv = new QValueAxis;
    xv->setTitleText(tr("parameters removed (%)"));
    const double xmax = std::ceil(maxX / 10.0) * 10.0;
    xv->setRange(0, xmax);
    xv->setTickCount(int(xmax / 5.0) + 1);  // a tick every 5 %
    xv->setLabelFormat(QStringLiteral("%.0f"));
    x = xv;
    if (!logChosen_ && hi > 100 * lo && !log_->isChecked()) {  // orders of magnitude apart: log, until the user says
        const QSignalBlocker quiet(log_);
        log_->setChecked(true);
    }
    if (log_->isChecked() && hi > 0) {
        auto* yl = new QLogValueAxis;
        yl->setBase(10);
        yl->setLabelFormat(QStringLiteral("%.3g"));
        if (lo < hi) yl->setRange(lo * 0.8, hi * 1.25);
        y = yl;
    } else {
        auto* yv = new QValueAxis;
        yv->setLabelFormat(QStringLiteral("%.3g"));
        yv->setRange(0, hi > 0 ? hi * 1.1 : 10);
        yv->applyNiceNumbers();
        y = yv;
    }
    y->setTitleText(tr("perplexity"));  // short: the plot is low, a long title is elided
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto it = byCriterion.begin(); it != byCriterion.end(); ++it) {
        if (it.key() == QLatin1String("dense")) continue;
        const bool depth = it.value().front()->depth;
        const QColor color = depth ? depthColor(di++) : widthColor(wi++);
        auto* line = new QLineSeries;
        auto* dots = new QScatterSeries;
        const QString name = (depth ? tr("depth · %1") : tr("width · %1")).arg(label(it.key().toStdString()));
        line->setName(name);
        styleKindSeries(line, dots, color, depth, 9);
        if (dense > 0) line->append(0, dense), dots->append(0, dense);
        auto sorted = it.value();
        std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->removed_fraction < b->removed_fraction; });
        for (const auto* p : sorted) {
            line->append(p->removed_fraction * 100, p->ppl);
            dots->append(p->removed_fraction * 100, p->ppl);
        }
        addCurve(chart, line, dots, x, y);
    }
    themeChart(chart);
    QChart* old = ppl_->chart();
    ppl_->setChart(chart);
    delete old;
    const bool drawn = std::any_of(byCriterion.keyBegin(), byCriterion.keyEnd(), [](const QString& c) { return c != QLatin1String("dense"); });
    pplEmpty_->setMessage(drawn ? QString()
                          : points.empty() ? tr("Run a sweep to plot perplexity against parameters removed, width and depth "
                                                "pruning on the same axes.")
                                           : tr("No pruned model measured yet: the curves appear here point by point as the "
                                                "sweep runs."));
    // Budgets a criterion could not reach (e.g. width with a single KV group) are said, not dropped silently.
    QStringList missed;
    int measured = 0;
    for (const auto& p : points) {
        if (p.error.empty()) {
            ++measured;
            continue;
        }
        missed << tr("%1 at %2 %: %3")
                      .arg(label(p.criterion), QString::number(p.target * 100, 'f', 0), QString::fromStdString(p.error));
    }
    QString hint = points.empty() ? tr("Run a sweep to compare width and depth pruning at equal parameter budgets. "
                                       "Width: dots and solid lines; depth: squares and dashed lines.")
                                  : tr("%n point(s). Dense perplexity %1. Width: dots, solid; depth: squares, dashed.", nullptr,
                                       measured)
                                        .arg(dense, 0, 'f', 2);
    if (!missed.isEmpty()) hint += QLatin1Char(' ') + tr("Not measured: %1.").arg(missed.join(QStringLiteral("; ")));
    // After LoRA (the zero-shot chart's hollow markers): how far recovery moved perplexity.
    double change = 0;
    int recovered = 0;
    for (const auto& r : bench_->sweepRecovered()) {
        if (!r.error.empty() || !std::isfinite(r.ppl_recovered) || !(r.point.ppl > 0)) continue;
        change += r.ppl_recovered / r.point.ppl - 1.0;
        ++recovered;
    }
    if (recovered > 0)
        hint += QLatin1Char(' ') + tr("After %1 LoRA steps: perplexity %2 % on average over %n model(s) (hollow markers in "
                                      "the zero-shot chart).", nullptr, recovered)
                                       .arg(bench_->sweepRecoverSteps())
                                       .arg(QString::asprintf("%+.1f", 100.0 * change / recovered));
    hint_->setText(hint);
}

void ChartsView::rebuildSensitivity() {
    const pb::BlockScores* s = bench_->blockScores();
    const bool any = s && !s->scores.empty();
    QChart* chart = makeStyledChart(
        any ? tr("Per-block sensitivity (higher = keep) · %1").arg(label(s->criterion ? pb::criterionName(*s->criterion) : std::string()))
            : tr("Per-block sensitivity (higher = keep)"));
    if (any) {
        auto* set = new QBarSet(tr("score"));
        set->setColor(themeColors().barFill);
        set->setBorderColor(themeColors().barBorder);
        double hi = 0;
        for (size_t i = 0; i < s->scores.size(); ++i) {
            *set << s->scores[i];
            hi = std::max(hi, s->scores[i]);
        }
        auto* series = new QBarSeries;
        series->append(set);
        series->setBarWidth(0.8);
        chart->addSeries(series);
        // A value axis with a label every 5 blocks: 30 category labels do not fit and get elided.
        auto* x = new QValueAxis;
        x->setRange(-0.5, double(s->scores.size()) - 0.5);
        x->setTickType(QValueAxis::TicksDynamic);
        x->setTickAnchor(0);
        x->setTickInterval(s->scores.size() > 12 ? 5 : 1);
        x->setLabelFormat(QStringLiteral("%d"));
        x->setGridLineVisible(false);
        x->setTitleText(tr("block"));
        const double lo = *std::min_element(s->scores.begin(), s->scores.end());
        QAbstractAxis* y = nullptr;
        if (lo > 0 && hi / lo > 100) {  // e.g. Block PPL: removing block 0 is catastrophic
            auto* yl = new QLogValueAxis;
            yl->setLabelFormat(QStringLiteral("%.3g"));
            yl->setRange(lo * 0.8, hi * 1.25);
            y = yl;
        } else {
            auto* yv = new QValueAxis;
            yv->setLabelFormat(QStringLiteral("%.3g"));
            yv->setRange(std::min(0.0, lo), hi * 1.1);
            yv->applyNiceNumbers();
            y = yv;
        }
        y->setTitleText(tr("importance"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
        chart->legend()->hide();
    }
    themeChart(chart);
    QChart* old = sensitivity_->chart();
    sensitivity_->setChart(chart);
    delete old;
    sensitivityEmpty_->setMessage(any ? QString()
                                  : bench_->model() ? tr("Press Score on the Importance tab to chart how much each block "
                                                         "matters (by its depth criterion).")
                                                    : tr("Open a model, then press Score on the Importance tab to chart how "
                                                         "much each block matters."));
}

QString ChartsView::sweepCsv() const {
    QString out = QStringLiteral("criterion,kind,target,removed_fraction,params,ppl,error\n");
    for (const auto& p : bench_->sweepPoints())
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,\"%7\"\n")
                   .arg(QString::fromStdString(p.criterion), p.criterion == "dense" ? QStringLiteral("dense") : p.depth ? QStringLiteral("depth") : QStringLiteral("width"))
                   .arg(p.target)
                   .arg(p.removed_fraction, 0, 'g', 8)
                   .arg(p.params)
                   .arg(p.ppl, 0, 'g', 10)
                   .arg(QString::fromStdString(p.error).replace(QLatin1Char('"'), QLatin1String("'")));
    return out;
}

QString ChartsView::sensitivityCsv() const {
    QString out = QStringLiteral("block,criterion,score\n");
    if (const pb::BlockScores* s = bench_->blockScores())
        for (size_t i = 0; i < s->scores.size(); ++i)
            out += QStringLiteral("%1,%2,%3\n").arg(i).arg(QString::fromStdString(s->criterion ? pb::criterionName(*s->criterion) : std::string())).arg(s->scores[i], 0, 'g', 10);
    return out;
}

void ChartsView::exportChart(QChartView* view, const QString& csv, const QString& base) {
    const QString message = exportChartInteractive(this, view, csv, base);
    if (!message.isEmpty()) hint_->setText(message);
}

} // namespace pb::ui
