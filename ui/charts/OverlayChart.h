#pragma once
// The size trend in one picture: perplexity relative to each model's dense perplexity against
// the fraction of parameters removed, one curve per model and kind of pruning (the best
// criterion at each fraction, core/report/sweep_best.h), for the models of sweep files
// (`prunebench-cli sweep --models ... --json`, or a one-model `sweep --json`) and the current
// model's own sweep. Files are read by core (core/report/results_json.h); the widget only
// draws. A colour per model; width solid with dots, depth dashed with squares.
#include <QWidget>

#include <vector>

#include "core/report/results.h"

class QChartView;
class QLabel;
class QListWidget;
class QPushButton;

namespace pb::ui {

class ChartEmptyState;
class Workbench;

class OverlayChart : public QWidget {
    Q_OBJECT
public:
    explicit OverlayChart(Workbench* bench, QWidget* parent = nullptr);

    // Adds the models of a sweep file (a model of the same name is replaced). False, with a
    // one-line *error naming the file and the problem, when it cannot be read; nothing changes then.
    bool addFile(const QString& path, QString* error = nullptr);
    void removeModel(int index);  // of the models from files, in list order
    void clear();                 // every model from files (the current model's sweep stays)

    int modelCount() const { return int(models_.size()); }
    QStringList modelNames() const;
    int curveCount() const { return curves_; }  // curves drawn, the current model's included
    QChartView* chartView() const { return view_; }
    QListWidget* modelList() const { return list_; }
    ChartEmptyState* emptyState() const { return empty_; }
    // model,kind,criterion,removed_fraction,relative_ppl per curve point drawn.
    QString csv() const;

public Q_SLOTS:
    void addFileInteractive();
    void removeSelected();
    void rebuild();

Q_SIGNALS:
    void message(const QString& text);

private:
    std::vector<pb::ModelSweep> currentSweep() const;  // the workbench's own sweep as a model (or none)

    Workbench* bench_;
    std::vector<pb::ModelSweep> models_;
    QChartView* view_;
    QListWidget* list_;
    QPushButton* add_;
    QPushButton* remove_;
    QPushButton* clear_;
    QLabel* note_;
    ChartEmptyState* empty_;
    int curves_ = 0;
};

} // namespace pb::ui
