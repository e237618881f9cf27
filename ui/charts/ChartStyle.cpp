#include "ui/charts/ChartStyle.h"

#include <QAbstractAxis>
#include <QBarSet>
#include <QAbstractBarSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>

#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

QChart* makeStyledChart(const QString& title) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(6, 6, 6, 6));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    QFont f = chart->titleFont();
    f.setBold(true);
    chart->setTitleFont(f);
    themeChart(chart);
    return chart;
}

void themeChart(QChart* chart) {
    if (!chart) return;
    const ThemeColors& c = themeColors();
    chart->setBackgroundBrush(c.card);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(c.text);
    chart->legend()->setLabelColor(c.text);
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsColor(c.secondary);
        axis->setTitleBrush(c.secondary);
        axis->setLinePenColor(c.border);
        axis->setGridLineColor(c.line);
        axis->setMinorGridLineColor(c.line);
    }
    for (QAbstractSeries* s : chart->series())
        if (auto* bars = qobject_cast<QAbstractBarSeries*>(s))
            for (QBarSet* set : bars->barSets()) set->setLabelColor(c.text);
}

void addCurve(QChart* chart, QLineSeries* line, QScatterSeries* dots, QAbstractAxis* x, QAbstractAxis* y) {
    chart->addSeries(line);
    chart->addSeries(dots);
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(line), static_cast<QAbstractSeries*>(dots)}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    for (QLegendMarker* marker : chart->legend()->markers(dots)) marker->setVisible(false);
}

void styleKindSeries(QLineSeries* line, QScatterSeries* dots, const QColor& color, bool depth, qreal marker) {
    line->setColor(color);
    QPen pen(color, 2.2);
    if (depth) pen.setStyle(Qt::DashLine);
    line->setPen(pen);
    dots->setColor(color);
    dots->setBorderColor(themeColors().card);
    dots->setMarkerShape(depth ? QScatterSeries::MarkerShapeRectangle : QScatterSeries::MarkerShapeCircle);
    dots->setMarkerSize(depth ? marker + 1 : marker);
}

} // namespace pb::ui
