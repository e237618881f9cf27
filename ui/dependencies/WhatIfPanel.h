#pragma once
// The Dependencies tab's live what-if: for the selected KV group, query head, MLP channel or
// block, the calibration loss with that unit taken out, computed on the worker a moment after
// the selection settles (ui/jobs/WhatIfJob; core/prune/what_if). Runs only while the tab is
// on screen and no other job runs; the model's own loss is kept per calibration.
#include <QHash>
#include <QWidget>

#include <optional>

#include "core/graph/dependency_graph.h"

class QCheckBox;
class QLabel;
class QTimer;

namespace pb::ui {

class Workbench;

class WhatIfPanel : public QWidget {
    Q_OBJECT
public:
    explicit WhatIfPanel(Workbench* bench, QWidget* parent = nullptr);

    // The selection to answer for (a hidden channel has no what-if: said so).
    void setUnit(int layer, pb::GroupKind kind, int unit);
    QString text() const;
    QCheckBox* liveCheck() const { return live_; }
    // Starts the what-if now if it can (tests, screenshots); false when it cannot start.
    bool runNow();

Q_SIGNALS:
    void answered();  // a result (or a refusal) is shown

protected:
    void showEvent(QShowEvent* event) override;  // a selection made while hidden is answered now

private:
    void schedule();
    QString unitName() const;
    QString calibrationKey() const;

    Workbench* bench_;
    QLabel* result_;
    QCheckBox* live_;
    QTimer* timer_;
    int layer_ = -1, unit_ = 0;
    pb::GroupKind kind_ = pb::GroupKind::AttentionGroup;
    bool waiting_ = false;      // for the running job to finish
    quint64 asked_ = 0;         // selections made; a result for an older one is not shown
    quint64 answeredFor_ = 0;   // the selection the shown result is for
    QHash<QString, double> baseLoss_;
};

} // namespace pb::ui
