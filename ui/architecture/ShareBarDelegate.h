#pragma once
// Paints a cell as a slim horizontal bar (ArchitectureModel::BarRole, 0..1) with the
// cell's text beside it. Used for the "share of model" column.
#include <QColor>
#include <QStyledItemDelegate>

namespace pb::ui {

class ShareBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ShareBarDelegate(int barRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    void setBarColor(const QColor& color) { barColor_ = color; }

private:
    int barRole_;
    QColor barColor_;
};

} // namespace pb::ui
