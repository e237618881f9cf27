#pragma once
// A chart's empty state: while it has no data, no axes, grid or legend are drawn (none with
// made-up ranges), only the chart's title and one calm line, centred, saying what to do; the
// card's Export… button is disabled meanwhile (ui/charts/ChartCard.h). One per QChartView,
// its child; the chart calls setMessage after every rebuild (a new QChart has new axes).
#include <QObject>
#include <QString>

class QChartView;
class QLabel;

namespace pb::ui {

class ChartEmptyState : public QObject {
    Q_OBJECT
public:
    explicit ChartEmptyState(QChartView* view);

    // A message: the chart is empty and says it; "": the chart has data and is drawn.
    void setMessage(const QString& message);
    bool isEmpty() const { return empty_; }
    QString message() const;
    QLabel* label() const { return label_; }

Q_SIGNALS:
    void emptyChanged(bool empty);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void apply();   // axes and legend hidden or shown, the label over the view or not
    void place();   // the label over the plot area of the view
    void restyle(); // the theme's colour

    QChartView* view_;
    QLabel* label_;
    bool empty_ = false;
};

} // namespace pb::ui
