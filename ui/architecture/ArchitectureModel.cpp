#include "ui/architecture/ArchitectureModel.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

#include "ui/widgets/Format.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

ArchitectureModel::ArchitectureModel(QObject* parent) : QAbstractTableModel(parent) {}

void ArchitectureModel::setConfig(const pb::ModelConfig& config) {
    beginResetModel();
    config_ = config;
    rows_.clear();
    rows_.reserve(config_.layers.size());
    const qint64 total = config_.totalParams();
    maxShare_ = 0.0;
    for (size_t i = 0; i < config_.layers.size(); ++i) {
        Row row;
        row.dims = config_.layers[i];
        row.attention = config_.attentionParams(i);
        row.mlp = config_.mlpParams(i);
        row.block = config_.layerParams(i);
        row.share = total > 0 ? static_cast<double>(row.block) / static_cast<double>(total) : 0.0;
        maxShare_ = std::max(maxShare_, row.share);
        rows_.push_back(row);
    }
    endResetModel();
}

void ArchitectureModel::clear() {
    beginResetModel();
    config_ = {};
    rows_.clear();
    maxShare_ = 0.0;
    endResetModel();
}

int ArchitectureModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ArchitectureModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

bool ArchitectureModel::absent(const Row& row, int column) const {
    switch (column) {
    case QueryHeads:
    case KvHeads:
    case GroupSize:
    case HeadDim:
    case AttentionParams:
        return !row.dims.hasAttention();
    case FfnWidth:
    case MlpParams:
        return !row.dims.hasMlp();
    default:
        return false;
    }
}

QVariant ArchitectureModel::value(int r, int column) const {
    const Row& row = rows_[static_cast<size_t>(r)];
    const auto& d = row.dims;
    switch (column) {
    case Layer: return static_cast<qlonglong>(r);
    case QueryHeads: return static_cast<qlonglong>(d.n_heads);
    case KvHeads: return static_cast<qlonglong>(d.n_kv_heads);
    case GroupSize: return static_cast<qlonglong>(d.n_kv_heads > 0 ? d.n_heads / d.n_kv_heads : 0);
    case HeadDim: return static_cast<qlonglong>(d.hasAttention() ? config_.head_dim : 0);
    case FfnWidth: return static_cast<qlonglong>(d.ffn);
    case AttentionParams: return static_cast<qlonglong>(row.attention);
    case MlpParams: return static_cast<qlonglong>(row.mlp);
    case BlockParams: return static_cast<qlonglong>(row.block);
    case Share: return row.share;
    default: return {};
    }
}

QString ArchitectureModel::display(int r, int column) const {
    const Row& row = rows_[static_cast<size_t>(r)];
    if (absent(row, column) && column != AttentionParams && column != MlpParams) return tr("—");
    if (column == Share) return format::percent(row.share);
    if (column == Layer) return QString::number(value(r, column).toLongLong());
    return format::count(value(r, column).toLongLong());
}

QVariant ArchitectureModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& row = rows_[static_cast<size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(index.row(), column);
    case ValueRole:
        return value(index.row(), column);
    case BarRole:
        if (column != Share) return {};
        return maxShare_ > 0.0 ? row.share / maxShare_ : 0.0;
    case AbsentRole:
        return absent(row, column);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ForegroundRole:
        if (absent(row, column)) return QBrush(themeColors().faint);
        return {};
    case Qt::ToolTipRole: {
        QString tip = columnToolTip(static_cast<Column>(column));
        if (absent(row, column)) {
            tip += QLatin1Char('\n') + (column == FfnWidth || column == MlpParams
                                            ? tr("This block's MLP has been pruned away.")
                                            : tr("This block's attention has been pruned away."));
        }
        return tip;
    }
    default:
        return {};
    }
}

QVariant ArchitectureModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (section) {
        case Layer: return tr("Layer");
        case QueryHeads: return tr("Q heads");
        case KvHeads: return tr("KV heads");
        case GroupSize: return tr("Group");
        case HeadDim: return tr("Head dim");
        case FfnWidth: return tr("FFN width");
        case AttentionParams: return tr("Attention params");
        case MlpParams: return tr("MLP params");
        case BlockParams: return tr("Block params");
        case Share: return tr("Share of model");
        }
        break;
    case Qt::ToolTipRole:
        return columnToolTip(static_cast<Column>(section));
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment((section == Share ? Qt::AlignLeft : Qt::AlignRight) |
                                                 Qt::AlignVCenter));
    default:
        break;
    }
    return {};
}

QString ArchitectureModel::columnToolTip(Column column) {
    switch (column) {
    case Layer: return tr("Index of the decoder block; 0 is next to the token embeddings.");
    case QueryHeads: return tr("Attention query heads in this block. Width pruning removes heads.");
    case KvHeads: return tr("Key/value heads. With grouped-query attention (GQA) several query heads share one key/value head.");
    case GroupSize: return tr("Query heads per key/value head (the GQA group size).");
    case HeadDim: return tr("Width of one attention head.");
    case FfnWidth: return tr("Intermediate width of the gated MLP (gate, up and down projections; SwiGLU, GeGLU in Gemma). Width pruning removes channels.");
    case AttentionParams: return tr("Parameters of the attention sublayer: q, k, v and o projections, their biases and the norm before attention (Gemma 3 also: the q/k norms and the norm after attention).");
    case MlpParams: return tr("Parameters of the MLP sublayer: gate, up and down projections and the norm before the MLP (Gemma 3 also: the norm after it).");
    case BlockParams: return tr("All parameters of this block (attention plus MLP). Depth pruning removes whole blocks.");
    case Share: return tr("This block's share of all model parameters, embeddings included. The bar is scaled to the largest block.");
    case ColumnCount: break;
    }
    return {};
}

} // namespace pb::ui
