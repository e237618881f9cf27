#pragma once
// The importance tab: criterion, aggregation and block-criterion choices, the Score
// button, and the heatmap; a second page shows where two criteria disagree. Scores come
// from the Workbench cache; a choice already scored is shown at once, otherwise Score runs
// a job.
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabBar;

namespace pb::ui {

class CriterionCombo;
class DisagreementView;
class FusionAlphaPanel;
class HeatmapWidget;
class PlanStateLabel;
class Workbench;

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(Workbench* bench, QWidget* parent = nullptr);

    HeatmapWidget* heatmap() const { return heatmap_; }
    CriterionCombo* widthCombo() const { return width_; }
    CriterionCombo* blockCombo() const { return block_; }
    QComboBox* aggregationCombo() const { return aggregation_; }
    QPushButton* scoreButton() const { return score_; }
    QSpinBox* samplesSpin() const { return samples_; }
    QSpinBox* tokensSpin() const { return tokens_; }
    PlanStateLabel* planStateLabel() const { return planState_; }
    DisagreementView* disagreementView() const { return disagreement_; }
    FusionAlphaPanel* fusionPanel() const { return fusion_; }
    void showDisagreement(bool on);  // the "Where criteria disagree" page (false: the heatmap)

public Q_SLOTS:
    bool score();  // intent: score (or show cached) the chosen criteria

private:
    void choicesChanged();
    void calibrationChanged();
    void syncCalibration();  // the spin boxes follow the chosen calibration
    void refresh();

    Workbench* bench_;
    CriterionCombo* width_;
    QComboBox* aggregation_;
    QComboBox* unit_;
    CriterionCombo* block_;
    QSpinBox* samples_;
    QSpinBox* tokens_;
    QPushButton* score_;
    QLabel* status_;
    HeatmapWidget* heatmap_;
    PlanStateLabel* planState_;
    FusionAlphaPanel* fusion_;
    QTabBar* pageBar_;
    QStackedWidget* pages_;
    DisagreementView* disagreement_;
};

} // namespace pb::ui
