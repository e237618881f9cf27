#pragma once
// Paints importance as a layers x units grid: attention units (KV groups or query heads),
// MLP channels folded into buckets, and a per-block strip for depth criteria. Colours are
// normalised per layer (blocks: across the model) on a calm sequential palette. Units the
// plan removes are hatched; dropped blocks are hatched across the row. Hover for values.
#include <QWidget>

#include <optional>
#include <vector>

#include "core/arch/model_config.h"
#include "core/plan/plan.h"
#include "core/plan/scores.h"

namespace pb::ui {

class HeatmapWidget : public QWidget {
    Q_OBJECT
public:
    enum class AttentionUnit { Groups, Heads };
    explicit HeatmapWidget(QWidget* parent = nullptr);

    void setConfig(const pb::ModelConfig& config);
    void setScores(const pb::WidthScores* width, const pb::BlockScores* blocks);  // copied; null = none
    void setPlan(const std::optional<pb::PruningPlan>& resolved, const std::vector<int64_t>& dropped);
    void setAttentionUnit(AttentionUnit unit);
    void setBuckets(int buckets);
    void setPlaceholder(const QString& text);  // shown instead of the grid when nothing is scored

    int buckets() const { return buckets_; }
    int rowCount() const { return static_cast<int>(config_.layers.size()); }
    QString placeholder() const { return placeholder_; }
    bool hasScores() const { return width_.has_value() || blocks_.has_value(); }
    // Normalised value [0,1] of a cell as painted (tests); -1 when absent.
    double attentionCell(int layer, int unit) const;
    double mlpBucket(int layer, int bucket) const;
    bool attentionRemoved(int layer, int unit) const;
    // What the hatching marks, unit by unit (tests read what is painted): one MLP channel,
    // one whole block (depth).
    bool mlpRemoved(int layer, int channel) const;
    bool blockRemoved(int layer) const { return dropped(layer); }
    // Text of the tooltip at a widget position (empty outside the grid).
    QString toolTipAt(const QPoint& pos) const;
    // The grid as cells for screen readers (ui/importance/HeatmapAccessible): rows are
    // layers; columns are the attention units, then the MLP buckets, then the block strip.
    int cellColumns() const;  // 0 when nothing is scored
    QString columnName(int column) const;
    QString cellText(int layer, int column) const;  // the cell's tooltip; empty when it has no score
    QRect cellRect(int layer, int column) const;    // widget coordinates

    static QColor colorFor(double t);  // t in [0,1]

    QSize sizeHint() const override { return {900, 560}; }
    QSize minimumSizeHint() const override { return {360, 240}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Geometry {
        QRectF attention, mlp, block;  // the three grids
        double rowHeight = 0;
        int attentionUnits = 0;
    };
    Geometry geometry() const;
    void contentChanged();  // repaint and tell screen readers
    const std::vector<double>* attentionScores(int layer) const;
    int attentionUnits(int layer) const;
    double removedMlpShare(int layer, int bucket) const;
    bool dropped(int layer) const;
    int mlpColumns() const;
    QString attentionText(int layer, int unit) const;
    QString mlpText(int layer, int bucket) const;
    QString blockText(int layer) const;
    QString droppedNote(int layer) const;

    pb::ModelConfig config_;
    std::optional<pb::WidthScores> width_;
    std::optional<pb::BlockScores> blocks_;
    std::optional<pb::PruningPlan> resolved_;
    std::vector<int64_t> dropped_;
    AttentionUnit unit_ = AttentionUnit::Groups;
    int buckets_ = 64;
    QString placeholder_;
};

} // namespace pb::ui
