#include "ui/plan/PlanTableModel.h"

#include <QColor>

#include "core/plan/plan.h"
#include "ui/widgets/Format.h"
#include "ui/plan/PlanDocument.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

PlanTableModel::PlanTableModel(PlanDocument* doc, QObject* parent) : QAbstractTableModel(parent), doc_(doc) {
    connect(doc_, &PlanDocument::configAboutToChange, this, [this]() { beginResetModel(); });
    connect(doc_, &PlanDocument::configChanged, this, [this]() { endResetModel(); });
    connect(doc_, &PlanDocument::planChanged, this, [this]() {
        if (rowCount() > 0) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
}

int PlanTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : doc_->layerCount(); }
int PlanTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PlanTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Layer: return tr("Layer");
        case AttentionRatio: return tr("Attention ratio");
        case AttentionKept: return tr("Heads kept");
        case MlpRatio: return tr("MLP ratio");
        case MlpKept: return tr("MLP kept");
        case Params: return tr("Parameters");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case AttentionRatio: return tr("Fraction of attention units (KV groups, or query heads per group) removed in this layer");
        case MlpRatio: return tr("Fraction of MLP channels (rows of gate/up, columns of down) removed in this layer");
        case Params: return tr("Parameters of the block after the plan");
        }
    }
    return {};
}

Qt::ItemFlags PlanTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if ((index.column() == AttentionRatio || index.column() == MlpRatio) && !doc_->isDropped(index.row())) f |= Qt::ItemIsEditable;
    return f;
}

QVariant PlanTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= doc_->layerCount()) return {};
    const int row = index.row();
    const pb::ModelConfig& c = doc_->config();
    const pb::PruningPlan& p = doc_->plan();
    const pb::LayerDims& d = c.layers[static_cast<size_t>(row)];
    const pb::LayerPlan lp = row < static_cast<int>(p.layers.size()) ? p.layers[static_cast<size_t>(row)] : pb::LayerPlan{};
    const bool dropped = doc_->isDropped(row);
    if (role == DroppedRole) return dropped;
    if (role == RatioRole || (role == Qt::EditRole && (index.column() == AttentionRatio || index.column() == MlpRatio))) {
        if (index.column() == AttentionRatio) return lp.attention_ratio;
        if (index.column() == MlpRatio) return lp.mlp_ratio;
        return {};
    }
    if (role == Qt::ForegroundRole && dropped) return themeColors().faint;
    if (role == Qt::TextAlignmentRole) return index.column() == Layer ? int(Qt::AlignLeft | Qt::AlignVCenter) : int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && dropped) return tr("Block %1 is dropped whole (depth pruning)").arg(row);
    if (role != Qt::DisplayRole) return {};

    // The layer after the plan (ratios or kept indices), without the depth part.
    pb::PruningPlan widthOnly = p;
    widthOnly.dropped_blocks.clear();
    pb::LayerDims after = d;
    try {
        after = pb::prunedConfig(c, widthOnly).layers[static_cast<size_t>(row)];
    } catch (...) {
    }
    switch (index.column()) {
    case Layer: return dropped ? tr("%1 (dropped)").arg(row) : QString::number(row);
    case AttentionRatio: return dropped ? QStringLiteral("—") : format::percent(lp.attention_ratio, 0);
    case AttentionKept:
        if (dropped) return QStringLiteral("—");
        return tr("%1/%2 · %3/%4 KV").arg(after.n_heads).arg(d.n_heads).arg(after.n_kv_heads).arg(d.n_kv_heads);
    case MlpRatio: return dropped ? QStringLiteral("—") : format::percent(lp.mlp_ratio, 0);
    case MlpKept: return dropped ? QStringLiteral("—") : tr("%1/%2").arg(after.ffn).arg(d.ffn);
    case Params: {
        if (dropped) return QStringLiteral("0");
        pb::ModelConfig one = c;
        one.layers = {after};
        return format::compact(one.layerParams(0));
    }
    }
    return {};
}

bool PlanTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable)) return false;
    bool ok = false;
    const double r = value.toDouble(&ok);
    if (!ok) return false;
    if (index.column() == AttentionRatio) doc_->setAttentionRatio(index.row(), r);
    else if (index.column() == MlpRatio) doc_->setMlpRatio(index.row(), r);
    else return false;
    return true;  // dataChanged comes from planChanged
}

} // namespace pb::ui
