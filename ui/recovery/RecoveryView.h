#pragma once
// The Recovery tab: a small panel (steps, LoRA rank and alpha, learning rate) that starts a
// recovery job on the current plan, the live LoRA loss curve, and zero-shot accuracy per
// task before and after recovery. Both charts export as PNG, SVG and CSV.
#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace pb::ui {

class LossChart;
class RecoverySession;
class ZeroShotChart;

class RecoveryView : public QWidget {
    Q_OBJECT
public:
    explicit RecoveryView(RecoverySession* recovery, QWidget* parent = nullptr);

    LossChart* lossChart() const { return loss_; }
    ZeroShotChart* zeroShotChart() const { return zeroShot_; }
    QSpinBox* stepsSpin() const { return steps_; }
    QSpinBox* rankSpin() const { return rank_; }
    QDoubleSpinBox* alphaSpin() const { return alpha_; }
    QDoubleSpinBox* lrSpin() const { return lr_; }
    QSpinBox* itemsSpin() const { return items_; }
    QString summary() const;

public Q_SLOTS:
    bool run();

private:
    void showResult();

    RecoverySession* recovery_;
    QSpinBox* steps_;
    QSpinBox* rank_;
    QDoubleSpinBox* alpha_;
    QDoubleSpinBox* lr_;
    QSpinBox* items_;
    QPushButton* run_;
    QLabel* hint_;
    LossChart* loss_;
    ZeroShotChart* zeroShot_;
};

} // namespace pb::ui
