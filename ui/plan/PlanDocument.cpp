#include "ui/plan/PlanDocument.h"

#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <exception>
#include <set>

#include <nlohmann/json.hpp>

#include "core/plan/block_presence.h"
#include "core/plan/depth_budget.h"
#include "core/plan/plan_units.h"

namespace pb::ui {

namespace {

class PlanCommand : public QUndoCommand {
public:
    PlanCommand(PlanDocument* doc, pb::PruningPlan before, pb::PruningPlan after, const QString& text)
        : QUndoCommand(text), doc_(doc), before_(std::move(before)), after_(std::move(after)) {}
    void undo() override { doc_->assign(before_); }
    void redo() override { doc_->assign(after_); }

private:
    PlanDocument* doc_;
    pb::PruningPlan before_, after_;
};

QString joined(const std::vector<int>& blocks) {
    QStringList parts;
    for (int b : blocks) parts << QString::number(b);
    return parts.join(QStringLiteral(", "));
}

double clampRatio(double r) { return std::clamp(r, 0.0, 0.95); }

} // namespace

PlanDocument::PlanDocument(QObject* parent) : QObject(parent), undo_(new QUndoStack(this)) {}

void PlanDocument::setConfig(const pb::ModelConfig& config) {
    Q_EMIT configAboutToChange();
    config_ = config;
    plan_ = pb::uniformWidthPlan(config_, 0.0, 0.0);
    undo_->clear();
    recompute();
    Q_EMIT configChanged();
    Q_EMIT planChanged();
}

bool PlanDocument::isDropped(int block) const {
    return std::find(plan_.dropped_blocks.begin(), plan_.dropped_blocks.end(), block) != plan_.dropped_blocks.end();
}

void PlanDocument::assign(const pb::PruningPlan& plan) {
    plan_ = plan;
    recompute();
    Q_EMIT planChanged();
}

void PlanDocument::edit(pb::PruningPlan after, const QString& text) {
    if (!hasModel()) return;
    if (after.toJson() == plan_.toJson()) return;  // nothing changes: no history entry
    undo_->push(new PlanCommand(this, plan_, std::move(after), text));
}

void PlanDocument::setAttentionRatio(int layer, double ratio) {
    if (layer < 0 || layer >= static_cast<int>(plan_.layers.size())) return;
    pb::PruningPlan p = plan_;
    p.layers[layer].attention_ratio = clampRatio(ratio);
    p.layers[layer].attention_keep.reset();
    edit(std::move(p), tr("Attention ratio of layer %1").arg(layer));
}

void PlanDocument::setMlpRatio(int layer, double ratio) {
    if (layer < 0 || layer >= static_cast<int>(plan_.layers.size())) return;
    pb::PruningPlan p = plan_;
    p.layers[layer].mlp_ratio = clampRatio(ratio);
    p.layers[layer].mlp_keep.reset();
    edit(std::move(p), tr("MLP ratio of layer %1").arg(layer));
}

void PlanDocument::applyGlobalRatio(double attention, double mlp, int first, int last) {
    pb::PruningPlan p = plan_;
    const int n = static_cast<int>(p.layers.size());
    first = std::clamp(first, 0, n - 1);
    last = std::clamp(last, first, n - 1);
    for (int i = 0; i < n; ++i) {
        auto& l = p.layers[i];
        const bool in = i >= first && i <= last;
        // A sublayer removed as a sub-block is not width-pruned as well.
        l.attention_ratio = in && !subBlockRemoved(i, pb::SubBlockPart::Attention) ? clampRatio(attention) : 0.0;
        l.mlp_ratio = in && !subBlockRemoved(i, pb::SubBlockPart::Mlp) ? clampRatio(mlp) : 0.0;
        l.attention_keep.reset();
        l.mlp_keep.reset();
    }
    edit(std::move(p), tr("Ratios %1 / %2 on layers %3–%4").arg(attention).arg(mlp).arg(first).arg(last));
}

void PlanDocument::setHiddenRatio(double ratio) {
    pb::PruningPlan p = plan_;
    p.hidden_ratio = std::clamp(ratio, 0.0, 0.9);
    p.hidden_keep.reset();
    edit(std::move(p), tr("Hidden size ratio %1").arg(p.hidden_ratio));
}

bool PlanDocument::setUnitsRemoved(int layer, pb::GroupKind kind, int first, int count, bool removed) {
    if (!hasModel()) return false;
    try {
        pb::PruningPlan p = pb::withUnitsRemoved(config_, plan_, layer, kind, first, count, removed);
        const QString kindText = kind == pb::GroupKind::AttentionGroup ? tr("KV group")
                                 : kind == pb::GroupKind::QueryHead    ? tr("query head")
                                                                       : tr("MLP channels");
        const QString what = kind == pb::GroupKind::Block               ? tr("block %1").arg(layer)
                             : kind == pb::GroupKind::AttentionSublayer ? tr("the attention of block %1").arg(layer)
                             : kind == pb::GroupKind::MlpSublayer       ? tr("the MLP of block %1").arg(layer)
                             : count > 1 ? tr("%1 %2–%3 of layer %4").arg(kindText).arg(first).arg(first + count - 1).arg(layer)
                                         : tr("%1 %2 of layer %3").arg(kindText).arg(first).arg(layer);
        edit(std::move(p), removed ? tr("Remove %1").arg(what) : tr("Keep %1").arg(what));
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool PlanDocument::unitsRemoved(int layer, pb::GroupKind kind, int first, int count) const {
    return pb::unitsRemoved(config_, plan_, layer, kind, first, count);
}

void PlanDocument::dropBlocks(const std::vector<int>& blocks) {
    pb::PruningPlan p = plan_;
    std::set<int64_t> s(p.dropped_blocks.begin(), p.dropped_blocks.end());
    for (int b : blocks)
        if (b >= 0 && b < layerCount()) s.insert(b);
    p.dropped_blocks.assign(s.begin(), s.end());
    for (std::vector<int64_t>* v : {&p.dropped_attention, &p.dropped_mlp})  // the whole block goes: no sub-block left
        v->erase(std::remove_if(v->begin(), v->end(), [&](int64_t l) { return s.count(l) > 0; }), v->end());
    edit(std::move(p), blocks.size() == 1 ? tr("Drop block %1").arg(blocks.front()) : tr("Drop blocks %1").arg(joined(blocks)));
}

void PlanDocument::removeSubBlocks(const std::vector<int>& layers, pb::SubBlockPart part) {
    setSubBlocks(layers, part, true);
}

void PlanDocument::restoreSubBlocks(const std::vector<int>& layers, pb::SubBlockPart part) {
    setSubBlocks(layers, part, false);
}

bool PlanDocument::subBlockRemoved(int layer, pb::SubBlockPart part) const {
    return pb::removesSubBlock(plan_, {layer, part});
}

void PlanDocument::setSubBlocks(const std::vector<int>& layers, pb::SubBlockPart part, bool removed) {
    if (!hasModel()) return;
    std::vector<int64_t> changed;
    pb::PruningPlan p =
        pb::withSubBlocks(config_, plan_, std::vector<int64_t>(layers.begin(), layers.end()), part, removed, &changed);  // core's rule
    if (changed.empty()) return;
    const QString what = part == pb::SubBlockPart::Attention ? tr("attention") : tr("MLP");
    const std::vector<int> shown(changed.begin(), changed.end());
    edit(std::move(p), removed ? tr("Remove the %1 of block %2").arg(what, joined(shown))
                               : tr("Keep the %1 of block %2").arg(what, joined(shown)));
}

void PlanDocument::restoreBlocks(const std::vector<int>& blocks) {
    pb::PruningPlan p = plan_;
    std::set<int64_t> s(p.dropped_blocks.begin(), p.dropped_blocks.end());
    for (int b : blocks) s.erase(b);
    p.dropped_blocks.assign(s.begin(), s.end());
    edit(std::move(p), blocks.size() == 1 ? tr("Restore block %1").arg(blocks.front()) : tr("Restore blocks %1").arg(joined(blocks)));
}

void PlanDocument::replacePlan(const pb::PruningPlan& plan, const QString& text) { edit(plan, text); }

void PlanDocument::setCriterion(const std::string& criterion, const std::string& aggregation) {
    if (const pb::CriterionInfo* c = pb::findCriterion(criterion)) plan_.criterion = c->id;  // names from the combos
    for (const pb::AggregationInfo& a : pb::aggregationTable())
        if (a.name == aggregation) plan_.aggregation = a.id;
}

bool PlanDocument::load(const QString& path, QString* error) {
    try {
        pb::PruningPlan p = pb::PruningPlan::load(path.toStdString());
        p.validate(config_);
        replacePlan(p, tr("Load plan"));
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

bool PlanDocument::save(const QString& path, QString* error, const std::vector<pb::SourcePath>& sources) const {
    return saveAs(plan_, path, error, sources);
}

bool PlanDocument::saveAs(const pb::PruningPlan& plan, const QString& path, QString* error,
                          const std::vector<pb::SourcePath>& sources) {
    try {
        pb::checkOutputPath(path.toStdString(), "plan file", sources);
        plan.save(path.toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

void PlanDocument::recompute() {
    PlanTotals t;
    if (!hasModel()) {
        totals_ = t;
        return;
    }
    t.paramsBefore = config_.totalParams();
    t.macsBefore = config_.macs(128);
    t.blocksBefore = static_cast<int>(pb::liveBlocks(config_));
    try {
        plan_.validate(config_);
        const pb::ModelConfig after = pb::prunedConfig(config_, plan_);
        t.paramsAfter = after.totalParams();
        t.macsAfter = after.macs(128);
        t.blocksAfter = static_cast<int>(pb::liveBlocks(after));
        t.removedFraction = pb::removedParamFraction(config_, plan_);
        t.latencyRatio = pb::estimatedLatencyRatio(config_, after);
        // The depth plan with about the same parameter count: n whole blocks, counted from the
        // end (L-2 first; the last block is never one of them), as there are no block scores here.
        std::vector<int64_t> order;
        for (int b = layerCount() - 2; b >= 0; --b) order.push_back(b);
        const pb::DepthBudget depth = pb::depthBudget(config_, t.removedFraction, order);
        t.equalDepthBlocks = static_cast<int>(depth.blocks);
        if (depth.blocks > 0) {
            const pb::ModelConfig dc = pb::prunedConfig(config_, pb::depthPlan(config_, depth.dropped));
            t.equalDepthFraction = depth.removed_fraction;
            t.equalDepthLatencyRatio = pb::estimatedLatencyRatio(config_, dc);
        }
        // The hidden cut's own share: the plan with and without it.
        t.hiddenBefore = config_.hidden;
        t.hiddenAfter = after.hidden;
        if (after.hidden != config_.hidden) {
            pb::PruningPlan noHidden = plan_;
            noHidden.hidden_ratio = 0.0;
            noHidden.hidden_keep.reset();
            const pb::ModelConfig wide = pb::prunedConfig(config_, noHidden);
            t.hiddenParams = wide.totalParams() - after.totalParams();
            t.hiddenMacs = wide.macs(128) - after.macs(128);
        }
        t.valid = true;
    } catch (const std::exception& e) {
        t.error = QString::fromUtf8(e.what());
        t.paramsAfter = t.paramsBefore;
        t.macsAfter = t.macsBefore;
        t.blocksAfter = t.blocksBefore;
    }
    totals_ = t;
}

} // namespace pb::ui
