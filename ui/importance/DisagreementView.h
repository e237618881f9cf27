#pragma once
// The Importance tab's "Where criteria disagree" page: two criteria of one kind (width units
// or blocks), Compare, then the rank correlation per layer (DisagreementChart), the overlap
// of what each would remove, and the units they rank most differently. What it shows is
// core's pb::compareWidthScores / compareBlockScores of the workbench's cached scores;
// missing scores are computed first on the worker (Workbench::scoreIntoCache).
#include <QWidget>

#include <optional>

#include "core/plan/disagreement.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace pb::ui {

class CriterionCombo;
class DisagreementChart;
class Workbench;

class DisagreementView : public QWidget {
    Q_OBJECT
public:
    explicit DisagreementView(Workbench* bench, QWidget* parent = nullptr);

    bool depth() const;
    void setDepth(bool depth);
    void setCriteria(const QString& a, const QString& b);  // of the current kind
    const std::optional<pb::Disagreement>& shown() const { return shown_; }
    QPushButton* compareButton() const { return compare_; }
    QTableWidget* table() const { return table_; }
    DisagreementChart* chart() const { return chart_; }
    QLabel* summary() const { return summary_; }

public Q_SLOTS:
    // Shows the comparison when both are scored, else scores what is missing first; false when
    // that could not start (no model, a job runs) or the two are the same criterion.
    bool compare();

private:
    QString criterionA() const;
    QString criterionB() const;
    void showIfScored();  // after scoring: the comparison asked for, when both are in the cache
    void show(const pb::Disagreement& d);
    QString summaryText(const pb::Disagreement& d) const;

    Workbench* bench_;
    QComboBox* kind_;
    QStackedWidget* pickers_;
    CriterionCombo* widthA_;
    CriterionCombo* widthB_;
    CriterionCombo* blockA_;
    CriterionCombo* blockB_;
    QSpinBox* percent_;
    QPushButton* compare_;
    QLabel* summary_;
    DisagreementChart* chart_;
    QTableWidget* table_;
    std::optional<pb::Disagreement> shown_;
    bool waiting_ = false;  // a scoring job for the asked comparison runs
};

} // namespace pb::ui
