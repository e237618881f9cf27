#pragma once
// The Plan tab's units of one layer: its KV groups (query heads when the plan prunes heads),
// its MLP channels in kBuckets buckets and the block itself, each a toggle (checked = the plan
// removes it: PlanDocument::setUnitsRemoved), with the live what-if of the Dependencies tab
// (WhatIfPanel, the same job): toggling a unit asks for the calibration loss of the open model
// with that unit masked, and the answer is written beside the unit.
#include <QHash>
#include <QWidget>

#include <vector>

#include "core/graph/dependency_graph.h"

class QGridLayout;
class QLabel;
class QToolButton;

namespace pb::ui {

class PlanDocument;
class WhatIfPanel;
class Workbench;

class UnitStrip : public QWidget {
    Q_OBJECT
public:
    static constexpr int kBuckets = 8;  // MLP channels shown in this many toggles

    UnitStrip(Workbench* bench, PlanDocument* doc, QWidget* parent = nullptr);

    void setLayer(int layer);
    int layer() const { return layer_; }
    WhatIfPanel* whatIfPanel() const { return whatIf_; }
    // The toggle of the unit span starting at `first` (a bucket's first channel), or null.
    QToolButton* button(pb::GroupKind kind, int first) const;
    // "+0.0123" once the what-if of that span has answered, else empty.
    QString deltaText(pb::GroupKind kind, int first) const;

private:
    struct Unit {
        pb::GroupKind kind;
        int first = 0, count = 1;
        QString label;  // names the unit (accessible name, tooltip)
        QString text;   // on its button, beside the row's caption (MLP buckets: the channel span only)
        QToolButton* button = nullptr;
    };
    void rebuild();
    void syncChecks();
    void toggled(const Unit& unit, bool removed);
    void answered(int layer, pb::GroupKind kind, int first, int count, double base, double without);
    static QString key(int layer, pb::GroupKind kind, int first, int count);
    QString buttonText(const Unit& unit) const;

    Workbench* bench_;
    PlanDocument* doc_;
    QLabel* title_;
    QLabel* hint_;
    QWidget* units_;
    QGridLayout* grid_;
    WhatIfPanel* whatIf_;
    int layer_ = -1;
    std::vector<Unit> list_;
    QHash<QString, double> delta_;  // what-if answers, per unit span; cleared with the model
};

} // namespace pb::ui
