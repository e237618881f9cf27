#include "ui/charts/ZeroShotChart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QPainter>
#include <QValueAxis>

#include <cmath>

#include "core/evalzs/stats.h"

#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartStyle.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {
QString taskLabel(const std::string& task) {
    if (task == "next_sentence") return QObject::tr("next sentence");
    if (task == "cloze") return QObject::tr("cloze (last word)");
    if (task == "capitals") return QObject::tr("state capitals");
    if (task == "name_gender") return QObject::tr("first names");
    if (task == "sotu_president") return QObject::tr("SOTU president");
    if (task == "sotu_decade") return QObject::tr("SOTU decade");
    return QString::fromStdString(task);
}

const jobs::TaskAccuracy* findTask(const std::vector<jobs::TaskAccuracy>& v, const std::string& task) {
    for (const auto& t : v)
        if (t.task == task) return &t;
    return nullptr;
}
} // namespace

ZeroShotChart::ZeroShotChart(QWidget* parent) : QChartView(parent), empty_(new ChartEmptyState(this)) {
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    setResults({}, {});
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, [this]() { setResults(before_, after_); });
}

void ZeroShotChart::setResults(const std::vector<jobs::TaskAccuracy>& before, const std::vector<jobs::TaskAccuracy>& after) {
    before_ = before;
    after_ = after;
    QChart* chart = makeStyledChart(tr("Zero-shot accuracy before and after recovery"));
    QStringList cats;
    int choices = -1;  // the same for every task, else 0
    for (const auto& t : before_.empty() ? after_ : before_) {
        const jobs::TaskAccuracy* a = findTask(after_, t.task);
        const bool star = a && !before_.empty() && pb::zs::pairedTest(t, *a).significant;
        cats << taskLabel(t.task) + (star ? QStringLiteral(" *") : QString());
        choices = choices < 0 ? t.choices : (choices == t.choices ? choices : 0);
    }
    if (!cats.isEmpty()) {
        auto* series = new QBarSeries;
        auto addSet = [&](const QString& name, const std::vector<jobs::TaskAccuracy>& data, QColor fill, QColor border) {
            if (data.empty()) return;
            auto* set = new QBarSet(name);
            set->setColor(fill);
            set->setBorderColor(border);
            for (const auto& t : data) *set << t.acc * 100.0;
            series->append(set);
        };
        const ThemeColors& c = themeColors();
        addSet(tr("pruned"), before_, c.barMutedFill, c.barMutedBorder);
        addSet(tr("pruned + LoRA"), after_, c.barFill, c.barBorder);
        series->setLabelsVisible(true);
        series->setLabelsFormat(QStringLiteral("@value"));
        series->setLabelsPrecision(3);
        series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);  // whiskers above
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append(cats);
        auto* y = new QValueAxis;
        y->setRange(0, 100);
        y->setTickCount(6);
        y->setLabelFormat(QStringLiteral("%d"));
        y->setTitleText(choices > 0 ? tr("accuracy (%, chance %1), whiskers: 95% interval").arg(100 / choices)
                                    : tr("accuracy (%), whiskers: 95% interval"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    themeChart(chart);
    QChart* old = this->chart();
    setChart(chart);
    delete old;
    empty_->setMessage(cats.isEmpty() ? tr("Press Recover: accuracy on each zero-shot task, before and after LoRA, "
                                           "appears here when the run ends.")
                                      : QString());
}

double ZeroShotChart::shownAccuracy(const QString& task, bool after) const {
    for (const auto& t : after ? after_ : before_)
        if (QString::fromStdString(t.task) == task) return t.acc;
    return -1.0;
}

QString ZeroShotChart::csv() const {
    QString out = QStringLiteral("task,stage,n,acc,acc_stderr,ci95_lo,ci95_hi,mcnemar_p\n");
    for (const auto& [stage, data] : {std::pair{QStringLiteral("before"), &before_}, std::pair{QStringLiteral("after"), &after_}})
        for (const auto& t : *data) {
            const pb::zs::Interval ci = pb::zs::accInterval(t);
            QString p;  // the after row: its paired test against the before row
            if (data == &after_)
                if (const jobs::TaskAccuracy* b = findTask(before_, t.task)) {
                    const pb::zs::PairedTest test = pb::zs::pairedTest(*b, t);
                    if (test.valid) p = QString::number(test.p, 'g', 6);
                }
            out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                       .arg(QString::fromStdString(t.task), stage)
                       .arg(t.n)
                       .arg(t.acc, 0, 'g', 8)
                       .arg(t.acc_stderr, 0, 'g', 8)
                       .arg(ci.lo, 0, 'g', 6)
                       .arg(ci.hi, 0, 'g', 6)
                       .arg(p);
        }
    return out;
}

std::vector<ZeroShotChart::Whisker> ZeroShotChart::whiskers() const {
    std::vector<Whisker> out;
    for (const auto& [after, data] : {std::pair{false, &before_}, std::pair{true, &after_}})
        for (const auto& t : *data) {
            if (t.n <= 0) continue;
            const pb::zs::Interval ci = pb::zs::accInterval(t);
            out.push_back({QString::fromStdString(t.task), after, 100.0 * ci.lo, 100.0 * ci.hi});
        }
    return out;
}

QStringList ZeroShotChart::significanceLines() const {
    QStringList out;
    for (const auto& b : before_) {
        const jobs::TaskAccuracy* a = findTask(after_, b.task);
        if (!a) continue;
        const pb::zs::PairedTest t = pb::zs::pairedTest(b, *a);
        if (!t.valid) continue;
        out << tr("%1: %2%3 pts, p %4 (%5)")
                   .arg(taskLabel(b.task))
                   .arg(t.diff < 0 ? QStringLiteral("−") : QStringLiteral("+"))
                   .arg(std::abs(100.0 * t.diff), 0, 'f', 1)
                   .arg(t.p, 0, 'g', 2)
                   .arg(t.significant ? tr("significant") : tr("not significant"));
    }
    return out;
}

void ZeroShotChart::drawForeground(QPainter* painter, const QRectF& rect) {
    QChartView::drawForeground(painter, rect);
    QChart* c = chart();
    if (!c || c->series().isEmpty()) return;
    auto* series = qobject_cast<QBarSeries*>(c->series().first());
    if (!series || series->count() == 0) return;
    // QBarSeries puts its sets side by side in barWidth of each category: set j of m is
    // centred at category + (j + 0.5 - m / 2) · barWidth / m.
    const int m = series->count();
    const double w = series->barWidth();
    const std::vector<jobs::TaskAccuracy>& cats = before_.empty() ? after_ : before_;
    std::vector<const std::vector<jobs::TaskAccuracy>*> sets;
    if (!before_.empty()) sets.push_back(&before_);
    if (!after_.empty()) sets.push_back(&after_);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(themeColors().text);
    pen.setWidthF(1.4);
    painter->setPen(pen);
    for (size_t j = 0; j < sets.size() && int(j) < m; ++j)
        for (size_t i = 0; i < cats.size(); ++i) {
            const jobs::TaskAccuracy* t = findTask(*sets[j], cats[i].task);
            if (!t || t->n <= 0) continue;
            const pb::zs::Interval ci = pb::zs::accInterval(*t);
            const double x = double(i) + (double(j) + 0.5 - double(m) / 2.0) * w / double(m);
            const QPointF lo = c->mapToScene(c->mapToPosition(QPointF(x, 100.0 * ci.lo), series));
            const QPointF hi = c->mapToScene(c->mapToPosition(QPointF(x, 100.0 * ci.hi), series));
            const QPointF edge = c->mapToScene(c->mapToPosition(QPointF(x + 0.25 * w / double(m), 0), series));
            const double cap = std::max(3.0, std::abs(edge.x() - lo.x()) * 0.6);
            painter->drawLine(lo, hi);
            painter->drawLine(QPointF(lo.x() - cap, lo.y()), QPointF(lo.x() + cap, lo.y()));
            painter->drawLine(QPointF(hi.x() - cap, hi.y()), QPointF(hi.x() + cap, hi.y()));
        }
    painter->restore();
}

} // namespace pb::ui
