#include "ui/importance/DisagreementChart.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartStyle.h"
#include "ui/importance/CriterionText.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {

QString kindLabel(pb::UnitKind k) {
    switch (k) {
        case pb::UnitKind::KvGroup: return QObject::tr("KV groups");
        case pb::UnitKind::Head: return QObject::tr("query heads");
        case pb::UnitKind::MlpChannel: return QObject::tr("MLP channels");
        case pb::UnitKind::Block: return QObject::tr("blocks");
    }
    return {};
}

QBarSet* barSet(const QString& name, const QColor& color) {
    auto* set = new QBarSet(name);
    set->setColor(color);
    set->setBorderColor(color.darker(115));
    return set;
}

} // namespace

DisagreementChart::DisagreementChart(QWidget* parent) : QChartView(parent), empty_(new ChartEmptyState(this)) {
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    rebuild();
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, &DisagreementChart::rebuild);
}

void DisagreementChart::setDisagreement(const std::optional<pb::Disagreement>& d) {
    d_ = d;
    rebuild();
}

int DisagreementChart::barSets() const {
    int n = 0;
    for (auto* s : chart()->series())
        if (auto* bars = qobject_cast<QBarSeries*>(s)) n += bars->count();
    return n;
}

void DisagreementChart::rebuild() {
    const ThemeColors& c = themeColors();
    const bool depth = d_ && !d_->kinds.empty() && d_->kinds[0].kind == pb::UnitKind::Block;
    QChart* chart = makeStyledChart(!d_    ? tr("Where two criteria disagree")
                                    : depth ? tr("Each block's rank under both criteria")
                                            : tr("Rank correlation per layer"));
    if (d_) {
        auto* series = new QBarSeries;
        // Bars sit at 0, 1, ... on a value axis: its ticks label every 5th layer (a category
        // axis would elide 30 labels to "...").
        auto* x = new QValueAxis;
        auto* y = new QValueAxis;
        size_t count = 0;
        if (depth) {
            const QString a = criterionLabel(d_->criterion_a), b = criterionLabel(d_->criterion_b);
            auto* sa = barSet(a, c.series[0]);
            auto* sb = barSet(b, c.series[1]);
            std::vector<const pb::RankedUnit*> byBlock(d_->top.size(), nullptr);
            for (const auto& u : d_->top)
                if (u.layer >= 0 && size_t(u.layer) < byBlock.size()) byBlock[size_t(u.layer)] = &u;
            for (size_t i = 0; i < byBlock.size(); ++i) {
                *sa << (byBlock[i] ? byBlock[i]->rank_a : 0.0);
                *sb << (byBlock[i] ? byBlock[i]->rank_b : 0.0);
            }
            count = byBlock.size();
            series->append(sa);
            series->append(sb);
            y->setRange(0, 1);
            y->setTitleText(tr("rank (0 = dropped first)"));
            x->setTitleText(tr("block"));
        } else {
            int colour = 0;
            for (const auto& k : d_->kinds) {
                if (k.kind == pb::UnitKind::KvGroup) continue;  // 2-4 per layer: the summary gives its mean
                auto* set = barSet(kindLabel(k.kind), c.series[size_t(colour++) % c.series.size()]);
                for (double rho : k.rho) *set << (std::isnan(rho) ? 0.0 : rho);
                series->append(set);
            }
            count = d_->kinds.at(0).rho.size();
            // From -1 only when some layer's orders are opposed: the lower half would be empty.
            double low = 0.0;
            for (const auto& k : d_->kinds)
                for (double rho : k.kind == pb::UnitKind::KvGroup ? std::vector<double>{} : k.rho)
                    if (!std::isnan(rho)) low = std::min(low, std::floor(rho * 2.0) / 2.0);
            y->setRange(low, 1);
            y->setTitleText(tr("Spearman ρ (1 = same order)"));
            x->setTitleText(tr("layer"));
        }
        x->setRange(-0.5, double(count) - 0.5);
        x->setTickType(QValueAxis::TicksDynamic);
        x->setTickAnchor(0);
        x->setTickInterval(count > 12 ? 5 : 1);
        x->setLabelFormat(QStringLiteral("%d"));
        x->setGridLineVisible(false);
        y->setTickCount(depth ? 5 : int(std::lround((y->max() - y->min()) / 0.5)) + 1);
        y->setLabelFormat(QStringLiteral("%.1f"));
        chart->addSeries(series);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    themeChart(chart);
    QChart* old = this->chart();
    setChart(chart);
    delete old;
    empty_->setMessage(d_ ? QString()
                          : tr("Choose two criteria and press Compare: how far their rankings agree, layer by layer, "
                               "appears here."));
}

} // namespace pb::ui
