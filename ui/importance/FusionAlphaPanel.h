#pragma once
// The Importance tab's note on adaptive fusion's scores: each layer's alpha (1 = taylor_element1,
// 0 = taylor_vector), what alpha means and how it was chosen (the cut it was chosen for, the
// calibration losses of both inputs' plans and of the fused plan, a fallback), from core's
// FusionReport (core/plan/scores.h). Hidden for every other criterion.
#include <QWidget>

class QLabel;

namespace pb {
struct WidthScores;
}

namespace pb::ui {

class FusionAlphaPanel : public QWidget {
    Q_OBJECT
public:
    explicit FusionAlphaPanel(QWidget* parent = nullptr);
    // Shows the report of fusion scores (hidden when `scores` is null or not fusion's).
    void setScores(const pb::WidthScores* scores);
    QString alphaText() const;        // the per-layer line, for tests
    QString explanationText() const;  // the how-it-was-chosen lines, for tests

private:
    QLabel* explanation_;
    QLabel* alphas_;
};

} // namespace pb::ui
