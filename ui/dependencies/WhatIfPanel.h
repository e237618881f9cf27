#pragma once
// The live what-if of the Dependencies and Plan tabs: for the selected KV group, query head, MLP
// channel (or span of channels) or block, the calibration loss with that unit taken out,
// computed on the worker a moment after the selection settles (ui/jobs/WhatIfJob;
// core/prune/what_if). Runs only while its tab is on screen and no other job runs; the model's
// own pass is kept by the job.
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

    // The selection to answer for: units unit..unit+count-1 (a hidden channel has no what-if:
    // said so).
    void setUnit(int layer, pb::GroupKind kind, int unit, int count = 1);
    QString text() const;
    QCheckBox* liveCheck() const { return live_; }
    // Starts the what-if now if it can (tests, screenshots); false when it cannot start.
    bool runNow();

Q_SIGNALS:
    void answered();  // a result (or a refusal) is shown
    // The numbers of a result, for the unit they are for (the Plan tab writes them beside it).
    void answeredFor(int layer, pb::GroupKind kind, int unit, int count, double baseLoss, double lossWithout);

protected:
    void showEvent(QShowEvent* event) override;  // a selection made while hidden is answered now

private:
    void schedule();
    QString unitName() const;

    Workbench* bench_;
    QLabel* result_;
    QCheckBox* live_;
    QTimer* timer_;
    int layer_ = -1, unit_ = 0, count_ = 1;
    pb::GroupKind kind_ = pb::GroupKind::AttentionGroup;
    bool waiting_ = false;      // for the running job to finish
    quint64 asked_ = 0;         // selections made; a result for an older one is not shown
    quint64 answeredFor_ = 0;   // the selection the shown result is for
};

} // namespace pb::ui
