#pragma once
// The Plan tab's hidden-size control (LLM-Pruner's channel strategy: the residual stream's
// channels removed from every layer at once, PruningPlan::hidden_ratio): the ratio (an undoable
// plan edit), its cost from core's counting (the hidden width, parameters and MACs the cut
// removes, PlanTotals), and on request its measured effect — calibration loss and perplexity of
// the model pruned by the hidden cut alone — computed on the worker (ui/jobs/HiddenEffectJob).
#include <QWidget>

#include <optional>

#include "core/prune/hidden_effect.h"

class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace pb::ui {

class PlanDocument;
class Workbench;

class HiddenSizeCard : public QWidget {
    Q_OBJECT
public:
    HiddenSizeCard(Workbench* bench, PlanDocument* doc, QWidget* parent = nullptr);

    QDoubleSpinBox* ratioSpin() const { return ratio_; }
    QLabel* costLabel() const { return cost_; }
    QLabel* effectLabel() const { return effect_; }
    QPushButton* measureButton() const { return measure_; }
    // The criterion that scores the hidden channels: the chosen width criterion when it can,
    // else the default (core: pb::scoresHiddenChannels).
    pb::Criterion hiddenCriterion() const;

public Q_SLOTS:
    bool measureEffect();  // starts the job; false when it cannot start (no model, ratio 0, busy)

Q_SIGNALS:
    void effectMeasured();

private:
    void sync();         // the spin box and the cost follow the plan
    void showEffect();

    Workbench* bench_;
    PlanDocument* doc_;
    QDoubleSpinBox* ratio_;
    QLabel* cost_;
    QLabel* effect_;
    QPushButton* measure_;
    std::optional<pb::HiddenEffect> measured_;
    double measuredRatio_ = 0;
    QString measuredText_;  // the evaluation text's name, for the caption
};

} // namespace pb::ui
