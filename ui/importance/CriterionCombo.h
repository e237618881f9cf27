#pragma once
// Combo boxes listing the criteria catalogue (width or depth), with each criterion's
// teaching explanation as its tooltip, and the aggregation choices.
#include <QComboBox>

namespace pb::ui {

class CriterionCombo : public QComboBox {
    Q_OBJECT
public:
    CriterionCombo(bool depth, QWidget* parent = nullptr);
    QString criterion() const { return currentData().toString(); }
    void setCriterion(const QString& name);
    // Label, cost and explanation of a criterion, for tooltips and hints.
    static QString explanation(const QString& name);
};

QComboBox* makeAggregationCombo(QWidget* parent);

} // namespace pb::ui
