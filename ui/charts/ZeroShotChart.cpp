#include "ui/charts/ZeroShotChart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>

#include "ui/charts/ChartEmptyState.h"
#include "ui/charts/ChartStyle.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {
QString taskLabel(const std::string& task) {
    if (task == "next_sentence") return QObject::tr("next sentence");
    if (task == "cloze") return QObject::tr("cloze (last word)");
    return QString::fromStdString(task);
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
    for (const auto& t : before_.empty() ? after_ : before_) cats << taskLabel(t.task);
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
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append(cats);
        auto* y = new QValueAxis;
        y->setRange(0, 100);
        y->setTickCount(6);
        y->setLabelFormat(QStringLiteral("%d"));
        y->setTitleText(tr("accuracy (%, chance 25)"));
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
    QString out = QStringLiteral("task,stage,n,acc,acc_stderr\n");
    for (const auto& [stage, data] : {std::pair{QStringLiteral("before"), &before_}, std::pair{QStringLiteral("after"), &after_}})
        for (const auto& t : *data)
            out += QStringLiteral("%1,%2,%3,%4,%5\n")
                       .arg(QString::fromStdString(t.task), stage)
                       .arg(t.n)
                       .arg(t.acc, 0, 'g', 8)
                       .arg(t.acc_stderr, 0, 'g', 8);
    return out;
}

} // namespace pb::ui
