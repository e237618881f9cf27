#pragma once
// One row per decoder block of a pb::ModelConfig, with that block's own dims (pruned
// models differ per layer) and parameter counts. Embeddings, lm_head and the final norm
// are not rows: the summary card shows them.
#include <QAbstractTableModel>

#include <vector>

#include "core/arch/model_config.h"

namespace pb::ui {

class ArchitectureModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Layer,
        QueryHeads,
        KvHeads,
        GroupSize,
        HeadDim,
        FfnWidth,
        AttentionParams,
        MlpParams,
        BlockParams,
        Share,
        ColumnCount
    };
    enum Role {
        ValueRole = Qt::UserRole + 1,  // raw number (qlonglong; double for Share); sorting
        BarRole,                       // Share only: share / largest share, in [0,1]
        AbsentRole,                    // bool: the sublayer of this cell is pruned away
    };

    explicit ArchitectureModel(QObject* parent = nullptr);

    void setConfig(const pb::ModelConfig& config);
    void clear();
    const pb::ModelConfig& config() const { return config_; }

    static QString columnToolTip(Column column);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        pb::LayerDims dims;
        qint64 attention = 0;
        qint64 mlp = 0;
        qint64 block = 0;
        double share = 0.0;
    };
    QVariant value(int row, int column) const;
    QString display(int row, int column) const;
    bool absent(const Row& row, int column) const;

    pb::ModelConfig config_;
    std::vector<Row> rows_;
    double maxShare_ = 0.0;
};

} // namespace pb::ui
