#pragma once
// The plan being edited: a pb::PruningPlan for the open model's config, with every edit
// an undoable command on a QUndoStack. Widgets call the edit methods (intents); views
// follow planChanged. Totals (parameters, MACs, a latency estimate, the depth plan with
// the same parameter count) are derived here from torch-free core functions.
#include <QObject>
#include <QString>

#include <vector>

#include "core/arch/model_config.h"
#include "core/graph/dependency_graph.h"
#include "core/util/output_path.h"
#include "core/plan/latency_estimate.h"
#include "core/plan/plan.h"
#include "core/plan/sub_block.h"

class QUndoStack;

namespace pb::ui {

struct PlanTotals {
    bool valid = false;
    QString error;                 // why the plan does not fit (validate()), when !valid
    qint64 paramsBefore = 0, paramsAfter = 0;
    qint64 macsBefore = 0, macsAfter = 0;  // config.macs(128)
    int blocksBefore = 0, blocksAfter = 0;
    double removedFraction = 0.0;
    // Latency estimate relative to the original = 1 (core/plan/latency_estimate.h).
    double latencyRatio = 1.0;
    // The depth plan that removes about the same parameters: that many whole blocks
    // (core/plan/depth_budget.h).
    int equalDepthBlocks = 0;
    double equalDepthFraction = 0.0;
    double equalDepthLatencyRatio = 1.0;
    // The hidden cut (LLM-Pruner's channel strategy): the residual stream's width before and
    // after, and what the cut alone removes from the rest of the plan (core's counting).
    qint64 hiddenBefore = 0, hiddenAfter = 0;
    qint64 hiddenParams = 0, hiddenMacs = 0;
};

// Latency proxy used by PlanTotals: core's one rule (core/plan/latency_estimate.h).
using pb::estimatedLatencyRatio;

class PlanDocument : public QObject {
    Q_OBJECT
public:
    explicit PlanDocument(QObject* parent = nullptr);

    // A new model: an empty plan (all layers kept) and a cleared history.
    void setConfig(const pb::ModelConfig& config);
    const pb::ModelConfig& config() const { return config_; }
    bool hasModel() const { return !config_.layers.empty(); }
    int layerCount() const { return static_cast<int>(config_.layers.size()); }

    const pb::PruningPlan& plan() const { return plan_; }
    PlanTotals totals() const { return totals_; }
    QUndoStack* undoStack() const { return undo_; }
    bool isDropped(int block) const;

    // Edits (each one undoable). Ratios are clamped to [0, 0.95].
    void setAttentionRatio(int layer, double ratio);
    void setMlpRatio(int layer, double ratio);
    void applyGlobalRatio(double attention, double mlp, int first, int last);
    void setHiddenRatio(double ratio);  // the hidden channels removed from every layer (clamped to [0, 0.9])
    // Units first..first+count-1 of `kind` in `layer` removed or kept (core/plan/plan_units.h);
    // a Block drops or restores it. False (nothing changed) when the plan cannot hold the edit.
    bool setUnitsRemoved(int layer, pb::GroupKind kind, int first, int count, bool removed);
    bool unitsRemoved(int layer, pb::GroupKind kind, int first, int count) const;
    void dropBlocks(const std::vector<int>& blocks);
    // Sub-block depth (core/plan/sub_block.h): the attention or the MLP of these layers removed
    // alone, or kept again; core's rule makes the plan (a block losing both is dropped whole).
    void removeSubBlocks(const std::vector<int>& layers, pb::SubBlockPart part);
    void restoreSubBlocks(const std::vector<int>& layers, pb::SubBlockPart part);
    bool subBlockRemoved(int layer, pb::SubBlockPart part) const;
    void restoreBlocks(const std::vector<int>& blocks);
    void replacePlan(const pb::PruningPlan& plan, const QString& text);  // load, reset
    void setCriterion(const std::string& criterion, const std::string& aggregation);  // not undoable: follows the heatmap

    // JSON files (PruningPlan::load/save). Return false with *error set.
    bool load(const QString& path, QString* error);
    // Through the output rule (core/util/output_path.h) for `sources`, then atomically.
    // save() writes the plan as edited (ratios); saveAs() any plan, e.g. the workbench's
    // resolved one (ui/plan/PlanFiles.h).
    bool save(const QString& path, QString* error, const std::vector<pb::SourcePath>& sources = {}) const;
    static bool saveAs(const pb::PruningPlan& plan, const QString& path, QString* error,
                       const std::vector<pb::SourcePath>& sources = {});

    // Used by the undo command only.
    void assign(const pb::PruningPlan& plan);

Q_SIGNALS:
    void configAboutToChange();
    void configChanged();
    void planChanged();

private:
    void edit(pb::PruningPlan after, const QString& text);
    void setSubBlocks(const std::vector<int>& layers, pb::SubBlockPart part, bool removed);
    void recompute();

    pb::ModelConfig config_;
    pb::PruningPlan plan_;
    PlanTotals totals_;
    QUndoStack* undo_;
};

} // namespace pb::ui
