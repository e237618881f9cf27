#include "ui/plan/RatioDelegate.h"

#include <QDoubleSpinBox>

namespace pb::ui {

QWidget* RatioDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const {
    auto* spin = new QDoubleSpinBox(parent);
    spin->setObjectName(QStringLiteral("ratioEditor"));
    spin->setRange(0.0, 95.0);
    spin->setSingleStep(5.0);
    spin->setDecimals(1);
    spin->setSuffix(tr(" %"));
    spin->setFrame(false);
    spin->setAlignment(Qt::AlignRight);
    return spin;
}

void RatioDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    static_cast<QDoubleSpinBox*>(editor)->setValue(index.data(Qt::EditRole).toDouble() * 100.0);
}

void RatioDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
    auto* spin = static_cast<QDoubleSpinBox*>(editor);
    spin->interpretText();
    model->setData(index, spin->value() / 100.0, Qt::EditRole);
}

} // namespace pb::ui
