#include "ui/importance/CriterionCombo.h"

#include "core/plan/criteria.h"
#include "ui/importance/CriterionText.h"

namespace pb::ui {

CriterionCombo::CriterionCombo(bool depth, QWidget* parent) : QComboBox(parent) {
    for (const pb::CriterionInfo& c : pb::criteria()) {
        if (c.depth != depth) continue;
        addItem(criterionLabel(c.name), QString::fromStdString(c.name));
        setItemData(count() - 1, explanation(QString::fromStdString(c.name)), Qt::ToolTipRole);
    }
    auto sync = [this]() { setToolTip(explanation(criterion())); };
    connect(this, &QComboBox::currentIndexChanged, this, sync);
    sync();
}

void CriterionCombo::setCriterion(const QString& name) {
    const int i = findData(name);
    if (i >= 0) setCurrentIndex(i);
}

QString CriterionCombo::explanation(const QString& name) {
    const pb::CriterionInfo* c = pb::findCriterion(name.toStdString());
    if (!c) return {};
    const QString cost = c->gradients ? tr("needs backward passes (gradients)") : tr("forward passes only");
    return QStringLiteral("<b>%1</b> <i>(%2, %3)</i><br>%4")
        .arg(criterionLabel(c->name).toHtmlEscaped(), c->depth ? tr("whole blocks") : tr("heads and channels"), cost,
             criterionExplanation(c->name).toHtmlEscaped());
}

QComboBox* makeAggregationCombo(QWidget* parent) {
    auto* box = new QComboBox(parent);
    for (const pb::AggregationInfo& a : pb::aggregationTable()) {
        box->addItem(nameOf(a.id), nameOf(a.id));
        box->setItemData(box->count() - 1, aggregationExplanation(a.id), Qt::ToolTipRole);
    }
    box->setToolTip(QObject::tr("How the scores of a group's members combine into one score"));
    return box;
}

} // namespace pb::ui
