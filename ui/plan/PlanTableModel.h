#pragma once
// One row per decoder layer of the plan being edited: attention and MLP ratios (editable;
// edits go to the PlanDocument as undoable commands), what they keep, and the layer's
// parameters after the plan. Dropped blocks show as removed.
#include <QAbstractTableModel>

namespace pb::ui {

class PlanDocument;

class PlanTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Layer, AttentionRatio, AttentionKept, MlpRatio, MlpKept, Params, ColumnCount };
    enum Role { RatioRole = Qt::UserRole + 1, DroppedRole };

    explicit PlanTableModel(PlanDocument* doc, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    PlanDocument* doc_;
};

} // namespace pb::ui
