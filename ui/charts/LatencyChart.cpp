#include "ui/charts/LatencyChart.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPen>
#include <QPushButton>
#include <QScatterSeries>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "ui/charts/ChartCard.h"
#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartExport.h"
#include "ui/charts/ChartStyle.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"
#include "ui/widgets/StyledLabel.h"

namespace pb::ui {

namespace {

enum class Kind { Original, Width, Depth, Other };

Kind kindOf(const pb::LatencyProfile& p, size_t i) {
    if (p.kind == "original") return Kind::Original;
    if (p.kind == "width") return Kind::Width;
    if (p.kind == "depth") return Kind::Depth;
    const std::string& l = p.label;
    if (i == 0) return Kind::Original;
    const bool w = l.find("width") != std::string::npos, d = l.find("depth") != std::string::npos;
    if (w && d) return Kind::Other;
    if (d) return Kind::Depth;
    if (w) return Kind::Width;
    return Kind::Other;
}

QColor colorOf(Kind k) {
    const ThemeColors& c = themeColors();
    switch (k) {
    case Kind::Original: return c.caption;
    case Kind::Width: return c.series[0];
    case Kind::Depth: return c.series[1];
    case Kind::Other: return c.series[3];
    }
    return c.series[2];
}

// One axis from 0 to a round value above `hi`.
QValueAxis* axisTo(double hi, const QString& title, const char* format) {
    auto* a = new QValueAxis;
    a->setRange(0, hi > 0 ? hi * 1.08 : 1.0);
    a->applyNiceNumbers();
    a->setLabelFormat(QString::fromLatin1(format));
    a->setTitleText(title);
    return a;
}

} // namespace

LatencyChart::LatencyChart(QWidget* parent, bool tabbed)
    : QWidget(parent), prefill_(new QChartView(this)), decode_(new QChartView(this)),
      prefillEmpty_(new ChartEmptyState(prefill_)), decodeEmpty_(new ChartEmptyState(decode_)),
      measure_(new QPushButton(tr("Measure latency curves"), this)), caption_(new QLabel(this)) {
    setObjectName(QStringLiteral("latencyChart"));
    prefill_->setObjectName(QStringLiteral("latencyPrefillChart"));
    decode_->setObjectName(QStringLiteral("latencyDecodeChart"));
    measure_->setObjectName(QStringLiteral("measureLatencyCurves"));
    measure_->setToolTip(tr("Time prefill (batch 1, 128 to 1,024 tokens) and decoding (batch 1 to 8) on random weights "
                            "of each shape on the current device; measured points are cached per shape"));
    caption_->setObjectName(QStringLiteral("sectionHint"));
    caption_->setWordWrap(true);
    for (QChartView* v : {prefill_, decode_}) {
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumHeight(170);  // the tabs fit a 1280 x 800 window with the other charts
    }
    prefill_->setAccessibleName(tr("Measured prefill time against context length"));
    decode_->setAccessibleName(tr("Measured decode speed against batch size"));
    auto* exportPrefill = new QPushButton(tr("Export…"), this);
    auto* exportDecode = new QPushButton(tr("Export…"), this);
    exportPrefill->setObjectName(QStringLiteral("exportLatencyPrefill"));
    exportDecode->setObjectName(QStringLiteral("exportLatencyDecode"));
    exportPrefill->setToolTip(tr("Save the chart as PNG and SVG and the measured points as CSV"));
    exportDecode->setToolTip(exportPrefill->toolTip());

    auto* top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(styledLabel(tr("Measured latency"), QStringLiteral("sectionTitle"), this));
    top->addWidget(caption_, 1);
    top->addWidget(measure_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(top);
    if (tabbed) {
        auto* tabs = new QTabWidget(this);
        tabs->setObjectName(QStringLiteral("latencyTabs"));
        tabs->setDocumentMode(true);
        tabs->addTab(chartCard(this, prefill_, exportPrefill, prefillEmpty_), tr("Prefill vs context"));
        tabs->addTab(chartCard(this, decode_, exportDecode, decodeEmpty_), tr("Decode vs batch"));
        layout->addWidget(tabs, 1);
    } else {
        auto* charts = new QHBoxLayout;
        charts->setSpacing(12);
        charts->addWidget(chartCard(this, prefill_, exportPrefill, prefillEmpty_), 1);
        charts->addWidget(chartCard(this, decode_, exportDecode, decodeEmpty_), 1);
        layout->addLayout(charts, 1);
    }

    connect(measure_, &QPushButton::clicked, this, &LatencyChart::measureRequested);
    connect(exportPrefill, &QPushButton::clicked, this, [this]() {
        Q_EMIT message(exportChartInteractive(this, prefill_, csv(), QStringLiteral("latency-prefill")));
    });
    connect(exportDecode, &QPushButton::clicked, this, [this]() {
        Q_EMIT message(exportChartInteractive(this, decode_, csv(), QStringLiteral("latency-decode")));
    });
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, &LatencyChart::rebuild);
    rebuild();
}

void LatencyChart::setProfiles(const std::vector<pb::LatencyProfile>& profiles, const QString& hint,
                               const QString& emptyMessage) {
    profiles_ = profiles;
    hint_ = hint;
    emptyMessage_ = emptyMessage;
    rebuild();
}

void LatencyChart::rebuild() {
    int64_t decodeContext = 0;
    for (const pb::LatencyProfile& p : profiles_)
        if (p.error.empty() && !p.decode.empty()) decodeContext = p.context;
    QChart* pc = makeStyledChart(tr("Prefill time vs context length (batch 1)"));
    QChart* dc = makeStyledChart(decodeContext > 0 ? tr("Decode speed vs batch size (after %1 tokens)").arg(decodeContext)
                                                   : tr("Decode speed vs batch size"));
    double maxContext = 0, maxMs = 0, maxBatch = 0, maxTps = 0;
    int drawnPrefill = 0, drawnDecode = 0;
    for (const pb::LatencyProfile& p : profiles_) {
        if (!p.error.empty()) continue;
        for (const pb::LatencyPoint& q : p.prefill)
            if (std::isfinite(q.ms)) maxContext = std::max(maxContext, double(q.context)), maxMs = std::max(maxMs, q.ms);
        for (const pb::LatencyPoint& q : p.decode)
            if (std::isfinite(q.tokens_per_s)) maxBatch = std::max(maxBatch, double(q.batch)), maxTps = std::max(maxTps, q.tokens_per_s);
    }
    QValueAxis* px = axisTo(maxContext, tr("prompt tokens"), "%.0f");
    QValueAxis* py = axisTo(maxMs, tr("ms"), "%.0f");
    QValueAxis* dx = axisTo(maxBatch, tr("sequences decoded together"), "%.0f");
    QValueAxis* dy = axisTo(maxTps, tr("tokens/s"), "%.0f");
    // Ticks at the measured sizes' scale: every 256 prompt tokens, every sequence.
    const double contextStep = maxContext > 1024 ? 512.0 : maxContext > 256 ? 256.0 : maxContext > 64 ? 64.0 : 16.0;
    px->setRange(0, std::max(contextStep, maxContext + contextStep / 4));
    px->setTickType(QValueAxis::TicksDynamic);
    px->setTickAnchor(0);
    px->setTickInterval(contextStep);
    dx->setRange(0, std::max(2.0, maxBatch + 0.5));
    dx->setTickType(QValueAxis::TicksDynamic);
    dx->setTickAnchor(0);
    dx->setTickInterval(maxBatch > 16 ? 4.0 : 1.0);
    pc->addAxis(px, Qt::AlignBottom);
    pc->addAxis(py, Qt::AlignLeft);
    dc->addAxis(dx, Qt::AlignBottom);
    dc->addAxis(dy, Qt::AlignLeft);
    for (size_t i = 0; i < profiles_.size(); ++i) {
        const pb::LatencyProfile& p = profiles_[i];
        if (!p.error.empty()) continue;
        const Kind kind = kindOf(p, i);
        const QColor color = colorOf(kind);
        const QString name = QString::fromStdString(p.label);
        auto curve = [&](QChart* chart, QAbstractAxis* x, QAbstractAxis* y, bool prefill) {
            auto* line = new QLineSeries;
            auto* dots = new QScatterSeries;
            line->setName(name);
            styleKindSeries(line, dots, color, kind == Kind::Depth, 8);
            if (kind == Kind::Original) {
                QPen pen(color, 2.0, Qt::DashLine);
                line->setPen(pen);
            }
            int n = 0;
            for (const pb::LatencyPoint& q : prefill ? p.prefill : p.decode) {
                const double v = prefill ? q.ms : q.tokens_per_s;
                if (!std::isfinite(v)) continue;
                const double at = prefill ? double(q.context) : double(q.batch);
                line->append(at, v);
                dots->append(at, v);
                ++n;
            }
            if (n < 2) {  // a single point is no curve
                delete line;
                delete dots;
                return 0;
            }
            addCurve(chart, line, dots, x, y);
            return 1;
        };
        drawnPrefill += curve(pc, px, py, true);
        drawnDecode += curve(dc, dx, dy, false);
    }
    themeChart(pc);
    themeChart(dc);
    QChart* oldP = prefill_->chart();
    QChart* oldD = decode_->chart();
    prefill_->setChart(pc);
    decode_->setChart(dc);
    delete oldP;
    delete oldD;
    const QString empty = emptyMessage_.isEmpty() ? tr("Press Measure latency curves to time prefill and decoding of the "
                                                       "original and the plan's shapes on this device.")
                                                  : emptyMessage_;
    prefillEmpty_->setMessage(drawnPrefill > 0 ? QString() : empty);
    decodeEmpty_->setMessage(drawnDecode > 0 ? QString() : empty);
    QString caption;
    for (const pb::LatencyProfile& p : profiles_)
        if (p.measured() && p.prefill.size() > 1) {
            QString device = QString::fromStdString(p.device);
            const QString inner = QString::fromStdString(p.device_name);
            if (!inner.isEmpty()) device += QStringLiteral(" (%1)").arg(inner);
            if (p.device.rfind("cuda", 0) != 0 && p.threads > 0) device += tr(", %n thread(s)", nullptr, p.threads);
            caption = tr("Measured on %1, %2.").arg(device, QString::fromStdString(p.dtype));
            break;
        }
    caption_->setText(caption);
    setToolTip(hint_.isEmpty() ? measure_->toolTip() : hint_ + QLatin1Char('\n') + measure_->toolTip());
}

QString LatencyChart::csv() const {
    QString out = QStringLiteral("label,kind,batch,context,ms,tokens_per_s,cached\n");
    for (const pb::LatencyProfile& p : profiles_) {
        const QString label = QString::fromStdString(p.label).replace(QLatin1Char(','), QLatin1Char(' '));
        for (const auto& [kind, points] : {std::pair{"prefill", &p.prefill}, std::pair{"decode", &p.decode}})
            for (const pb::LatencyPoint& q : *points)
                out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                           .arg(label, QString::fromLatin1(kind))
                           .arg(q.batch)
                           .arg(q.context)
                           .arg(q.ms, 0, 'g', 8)
                           .arg(q.tokens_per_s, 0, 'g', 8)
                           .arg(q.cached ? 1 : 0);
    }
    return out;
}

} // namespace pb::ui
