#include "ui/charts/OverlayChart.h"

#include <QChart>
#include <QChartView>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QLogValueAxis>
#include <QPixmap>
#include <QPushButton>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <exception>
#include <iterator>

#include "core/report/results_json.h"
#include "core/report/sweep_best.h"
#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartStyle.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {

// One colour per model: the theme's series colours.
QColor modelColor(size_t i) {
    const auto& s = themeColors().series;
    return s[i % s.size()];
}

QString kindText(const std::string& kind) { return kind == "depth" ? OverlayChart::tr("depth") : OverlayChart::tr("width"); }

} // namespace

OverlayChart::OverlayChart(Workbench* bench, QWidget* parent)
    : QWidget(parent), bench_(bench), view_(new QChartView(this)), list_(new QListWidget(this)),
      add_(new QPushButton(tr("Add curves from a sweep file…"), this)), remove_(new QPushButton(tr("Remove"), this)),
      clear_(new QPushButton(tr("Clear"), this)), note_(new QLabel(this)),
      empty_(new ChartEmptyState(view_)) {
    setObjectName(QStringLiteral("overlayChart"));
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(220);
    add_->setToolTip(tr("Read the JSON of prunebench-cli sweep --models … --json (or of a one-model sweep --json) "
                        "and draw each model's best width and best depth curve"));
    remove_->setToolTip(tr("Remove the selected model's curves"));
    clear_->setToolTip(tr("Remove every model read from a file (this session's sweep stays)"));
    list_->setMaximumWidth(240);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    note_->setObjectName(QStringLiteral("sectionHint"));
    note_->setWordWrap(true);
    note_->setMaximumWidth(240);

    auto* side = new QVBoxLayout;
    side->setSpacing(6);
    side->addWidget(add_);
    side->addWidget(list_, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(remove_);
    buttons->addWidget(clear_);
    side->addLayout(buttons);
    side->addWidget(note_);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addWidget(view_, 1);
    layout->addLayout(side);

    connect(add_, &QPushButton::clicked, this, &OverlayChart::addFileInteractive);
    connect(remove_, &QPushButton::clicked, this, &OverlayChart::removeSelected);
    connect(clear_, &QPushButton::clicked, this, &OverlayChart::clear);
    connect(bench_, &Workbench::sweepChanged, this, &OverlayChart::rebuild);
    connect(bench_, &Workbench::sweepPointAdded, this, &OverlayChart::rebuild);
    connect(bench_, &Workbench::modelChanged, this, &OverlayChart::rebuild);
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, &OverlayChart::rebuild);
    rebuild();
}

bool OverlayChart::addFile(const QString& path, QString* error) {
    try {
        pb::SizeSweepResult r = pb::readSweepFile(path.toStdString());
        for (pb::ModelSweep& m : r.models) {
            auto same = std::find_if(models_.begin(), models_.end(), [&](const pb::ModelSweep& o) { return o.name == m.name; });
            if (same != models_.end()) *same = std::move(m);
            else models_.push_back(std::move(m));
        }
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    rebuild();
    return true;
}

void OverlayChart::addFileInteractive() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Add curves from a sweep file"), {},
                                                      tr("Sweep results (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (addFile(path, &error)) Q_EMIT message(tr("Added the curves of %1.").arg(QFileInfo(path).fileName()));
    else Q_EMIT message(error);
}

void OverlayChart::removeModel(int index) {
    if (index < 0 || index >= modelCount()) return;
    models_.erase(models_.begin() + index);
    rebuild();
}

void OverlayChart::removeSelected() { removeModel(list_->currentRow()); }

void OverlayChart::clear() {
    models_.clear();
    rebuild();
}

QStringList OverlayChart::modelNames() const {
    QStringList out;
    for (const pb::ModelSweep& m : models_) out << QString::fromStdString(m.name);
    return out;
}

std::vector<pb::ModelSweep> OverlayChart::currentSweep() const {
    if (bench_->sweepPoints().empty()) return {};
    pb::ModelSweep m;
    m.name = tr("this session").toStdString();
    if (bench_->model()) {
        m.source = bench_->model()->source.string();
        m.name = tr("%1 (this session)").arg(QFileInfo(QString::fromStdString(m.source)).completeBaseName()).toStdString();
    }
    m.points = bench_->sweepPoints();
    return {m};
}

QString OverlayChart::csv() const {
    QString out = QStringLiteral("model,kind,criterion,removed_fraction,relative_ppl\n");
    std::vector<pb::ModelSweep> all = currentSweep();
    all.insert(all.end(), models_.begin(), models_.end());
    for (const pb::ModelSweep& m : all)
        for (const pb::RelativeCurve& c : pb::relativeCurves(m))
            for (const pb::CurvePoint& p : c.points)
                out += QStringLiteral("\"%1\",%2,%3,%4,%5\n")
                           .arg(QString::fromStdString(m.name).replace(QLatin1Char('"'), QLatin1Char('\'')),
                                QString::fromStdString(c.kind), QString::fromStdString(p.criterion))
                           .arg(p.removed, 0, 'g', 8)
                           .arg(p.relative_ppl, 0, 'g', 10);
    return out;
}

void OverlayChart::rebuild() {
    QChart* chart = makeStyledChart(tr("Relative perplexity vs parameters removed, by model"));
    std::vector<pb::ModelSweep> all = currentSweep();
    all.insert(all.end(), models_.begin(), models_.end());
    std::vector<std::vector<pb::RelativeCurve>> curves;
    double hi = 1.0, maxX = 5.0;
    QStringList undrawn;
    for (const pb::ModelSweep& m : all) {
        curves.push_back(pb::relativeCurves(m));
        if (curves.back().empty()) undrawn << QString::fromStdString(m.name);
        for (const pb::RelativeCurve& c : curves.back())
            for (const pb::CurvePoint& p : c.points)
                if (std::isfinite(p.relative_ppl)) hi = std::max(hi, p.relative_ppl), maxX = std::max(maxX, p.removed * 100);
    }
    auto* x = new QValueAxis;
    x->setTitleText(tr("parameters removed (%)"));
    const double xmax = std::ceil(maxX / 10.0) * 10.0;
    x->setRange(0, xmax);
    x->setTickCount(int(xmax / 5.0) + 1);
    x->setLabelFormat(QStringLiteral("%.0f"));
    QAbstractAxis* y = nullptr;
    if (hi > 5.0) {  // pruned models can be orders of magnitude worse
        auto* yl = new QLogValueAxis;
        // At most ~6 major ticks: a base of 10^k when the curves span many decades (a
        // destroyed model reaches 1e50 times its dense perplexity).
        const double decades = std::log10(hi * 1.25 / 0.9);
        yl->setBase(std::pow(10.0, std::max(1.0, std::ceil(decades / 6.0))));
        yl->setMinorTickCount(0);
        yl->setLabelFormat(QStringLiteral("%.3g"));
        yl->setRange(0.9, hi * 1.25);
        y = yl;
    } else {
        auto* yv = new QValueAxis;
        yv->setLabelFormat(QStringLiteral("%.2f"));
        yv->setRange(0.9, hi * 1.1);
        yv->applyNiceNumbers();
        y = yv;
    }
    y->setTitleText(tr("relative perplexity"));  // = perplexity / dense perplexity (the title says it)
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    curves_ = 0;
    for (size_t i = 0; i < all.size(); ++i) {
        const QColor color = modelColor(i);
        for (const pb::RelativeCurve& c : curves[i]) {
            const bool depth = c.kind == "depth";
            auto* line = new QLineSeries;
            auto* dots = new QScatterSeries;
            // One legend entry per model (its colour); the kind is the line style, said in the note.
            const QString model = QString::fromStdString(pb::modelLabel(all[i].name));
            line->setName(model);
            line->setObjectName(QStringLiteral("%1 · %2").arg(model, kindText(c.kind)));  // model · kind, for look-ups
            styleKindSeries(line, dots, color, depth, 8);
            for (const pb::CurvePoint& p : c.points) {
                if (!std::isfinite(p.relative_ppl)) continue;
                line->append(p.removed * 100, p.relative_ppl);
                dots->append(p.removed * 100, p.relative_ppl);
            }
            addCurve(chart, line, dots, x, y);
            if (&c != &curves[i].front())
                for (QLegendMarker* marker : chart->legend()->markers(line)) marker->setVisible(false);
            ++curves_;
        }
    }
    themeChart(chart);
    QChart* old = view_->chart();
    view_->setChart(chart);
    delete old;
    empty_->setMessage(curves_ > 0 ? QString()
                       : all.empty() ? tr("Add curves from a sweep file… (prunebench-cli sweep --models A,B --json) or run "
                                          "a sweep to compare models by perplexity relative to their dense one.")
                                     : tr("Nothing to draw yet: a curve needs a measured dense and a measured pruned point."));

    const int row = list_->currentRow();
    list_->clear();
    for (size_t i = 0; i < models_.size(); ++i) {
        const pb::ModelSweep& m = models_[i];
        auto* item = new QListWidgetItem(QString::fromStdString(m.name), list_);
        QPixmap swatch(12, 12);
        swatch.fill(modelColor(i + all.size() - models_.size()));
        item->setIcon(QIcon(swatch));
        QString tip = QString::fromStdString(m.source.empty() ? m.name : m.source);
        if (m.params > 0) tip += tr("\n%L1 parameters").arg(m.params);
        if (!m.error.empty()) tip += QStringLiteral("\n") + QString::fromStdString(m.error);
        item->setToolTip(tip);
    }
    if (row >= 0 && row < list_->count()) list_->setCurrentRow(row);
    remove_->setEnabled(!models_.empty());
    clear_->setEnabled(!models_.empty());
    QString note = all.empty() ? tr("Each model's perplexity over its dense perplexity (1 = dense), best criterion "
                                    "per kind at each fraction.")
                               : tr("Best criterion per kind at each fraction. Width: solid, dots; depth: dashed, squares.");
    if (!undrawn.isEmpty()) note += QStringLiteral(" ") + tr("Not drawn (no measured dense and pruned points): %1.").arg(undrawn.join(QStringLiteral(", ")));
    note_->setText(note);
}

} // namespace pb::ui
