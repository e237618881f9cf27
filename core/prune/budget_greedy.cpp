#include "core/prune/budget_greedy.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <tuple>

#include <torch/torch.h>

#include "core/model/llama_model.h"
#include "core/prune/calibration.h"
#include "core/prune/masking.h"
#include "core/prune/what_if.h"
#include "core/util/error.h"

namespace pb {

namespace {

// Masks the units the resolved layer plan `l` removes from layer i (its keep lists' complement).
void maskLayer(MaskGuard& guard, const ModelConfig& c, const LayerPlan& l, AttentionUnit unit, size_t i) {
    const LayerDims& d = c.layers[i];
    if (l.attention_keep && d.hasAttention()) {
        const std::vector<int64_t>& keep = *l.attention_keep;
        auto kept = [&](int64_t u) { return std::binary_search(keep.begin(), keep.end(), u); };
        const int64_t g = d.n_heads / d.n_kv_heads;  // query heads per KV group
        std::vector<int64_t> heads;
        if (unit == AttentionUnit::Group) {
            for (int64_t j = 0; j < d.n_kv_heads; ++j)
                if (!kept(j))
                    for (int64_t h = j * g; h < (j + 1) * g; ++h) heads.push_back(h);
        } else {
            for (int64_t h = 0; h < d.n_heads; ++h)
                if (!kept(h)) heads.push_back(h);
        }
        if (!heads.empty()) guard.maskHeads(i, heads);
    }
    if (l.mlp_keep && d.hasMlp()) {
        const std::vector<int64_t>& keep = *l.mlp_keep;
        std::vector<int64_t> removed;
        for (int64_t ch = 0; ch < d.ffn; ++ch)
            if (!std::binary_search(keep.begin(), keep.end(), ch)) removed.push_back(ch);
        if (!removed.empty()) guard.maskMlpChannels(i, removed);
    }
}

enum Kind { Mlp = 0, Attention = 1 };

class Search {
public:
    Search(LlamaModel& model, const Calibration& calib, const WidthScores& scores, const PruningPlan& start,
           const Budget& budget, const GreedyBudgetOptions& o)
        : model_(model), scores_(scores), start_(start), b_(budget), o_(o), cuts_(cutsOf(model.config, start)) {
        const ModelConfig& c = model.config;
        const int n = int(c.numLayers());
        first_ = std::max(b_.first, 0);
        last_ = b_.last < 0 ? n - 1 : std::min(b_.last, n - 1);
        const int64_t rt = std::max<int64_t>(b_.round_to, 1);
        for (int i = first_; i <= last_ && step_ == 0; ++i)
            if (c.layers[size_t(i)].hasMlp()) step_ = c.layers[size_t(i)].ffn / 8;
        if (o_.mlp_step > 0) step_ = o_.mlp_step;
        step_ = std::max(rt, step_ / rt * rt);
        min_step_ = o_.min_mlp_step > 0 ? o_.min_mlp_step : step_ / 4;
        min_step_ = std::min(step_, std::max(rt, min_step_ / rt * rt));
        removed_ = removedParams(c, planOf(c, cuts_, b_));
        MaskGuard guard(model_);
        maskFrom(guard, cuts_, 0);
        cache_.emplace(model_, calib, o_.batch);
        ++evaluations_;
    }

    GreedyBudgetResult run(const ProgressFn& progress) {
        const auto t0 = std::chrono::steady_clock::now();
        GreedyBudgetResult r;
        r.start_loss = loss();
        refreshAll(progress);
        bool fresh = true;
        while (int(r.moves.size()) < o_.max_moves) {
            std::optional<BudgetMove> kept = tryPairs(progress, r.moves.size());
            if (kept) {
                r.moves.push_back(*kept);
                if (int(r.moves.size()) >= o_.max_moves) break;  // no estimate is needed any more
                refreshLayer(kept->from, progress, r.moves.size());
                refreshLayer(kept->to, progress, r.moves.size());
                fresh = false;
                continue;
            }
            if (!fresh) {  // the estimates of the other layers are stale: measure them again
                refreshAll(progress);
                fresh = true;
                continue;
            }
            const int64_t rt = std::max<int64_t>(b_.round_to, 1);
            if (step_ > min_step_) {
                step_ = std::max(min_step_, (step_ / 2) / rt * rt);
                refreshAll(progress);
                continue;
            }
            break;
        }
        r.plan = planFor(cuts_);
        r.loss = loss();
        r.evaluations = evaluations_;
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return r;
    }

private:
    double loss() const { return cache_->baseLoss(); }

    PruningPlan planFor(const std::vector<LayerCut>& cuts) const {
        PruningPlan p = planOf(model_.config, cuts, b_);
        p.criterion = start_.criterion;
        p.aggregation = start_.aggregation;
        p.ranking = "local";
        p.bias_compensation = start_.bias_compensation;
        p.iterative_steps = start_.iterative_steps;
        p.calibration = start_.calibration;
        p.samples = start_.samples;
        p.seq_len = start_.seq_len;
        return p;
    }

    void maskFrom(MaskGuard& guard, const std::vector<LayerCut>& cuts, int from) const {
        const PruningPlan resolved = resolvePlan(model_.config, planFor(cuts), scores_);
        for (int i = std::max(from, first_); i <= last_; ++i)
            maskLayer(guard, model_.config, resolved.layers[size_t(i)], b_.unit, size_t(i));
    }

    // The loss with `cuts`, which differ from the current ones in layers >= from only.
    double lossWith(const std::vector<LayerCut>& cuts, int from) {
        MaskGuard guard(model_);
        maskFrom(guard, cuts, from);
        ++evaluations_;
        return cache_->lossFrom(model_, size_t(from));
    }

    // Layer i's cut changed by one step (dir +1: more removed), when the layer can take it.
    std::optional<std::vector<LayerCut>> stepped(const std::vector<LayerCut>& cuts, Kind k, int i, int dir) const {
        const LayerDims& d = model_.config.layers[size_t(i)];
        const LayerCut most = maxCut(d, b_);
        std::vector<LayerCut> out = cuts;
        LayerCut& c = out[size_t(i)];
        if (k == Attention) {
            c.attention += dir;
            if (c.attention < 0 || c.attention > most.attention) return std::nullopt;
        } else {
            if (!d.hasMlp()) return std::nullopt;
            c.mlp += dir * step_;
            if (c.mlp < 0 || c.mlp > most.mlp) return std::nullopt;
            const int64_t rt = b_.round_to;
            if (rt > 1 && d.ffn >= rt && c.mlp > 0 && (d.ffn - c.mlp) % rt != 0) return std::nullopt;
        }
        return out;
    }

    void estimate(Kind k, int i, int dir) {
        double& e = (dir > 0 ? up_ : down_)[k][size_t(i)];
        e = std::numeric_limits<double>::quiet_NaN();
        if (k == Attention && !o_.attention_moves) return;
        const auto cuts = stepped(cuts_, k, i, dir);
        if (cuts) e = lossWith(*cuts, i) - loss();
    }

    void refreshLayer(int64_t i, const ProgressFn& progress, size_t moves) {
        for (Kind k : {Mlp, Attention})
            for (int dir : {1, -1}) {
                reportProgress(progress, double(moves) / double(std::max(o_.max_moves, 1)),
                               "budget search: " + std::to_string(moves) + " moves, loss " + std::to_string(loss()));
                estimate(k, int(i), dir);
            }
    }

    void refreshAll(const ProgressFn& progress) {
        const size_t n = model_.config.layers.size();
        for (auto* v : {&up_, &down_})
            for (auto& e : *v) e.assign(n, std::numeric_limits<double>::quiet_NaN());
        for (int i = first_; i <= last_; ++i) refreshLayer(i, progress, moves_);
    }

    std::optional<BudgetMove> tryPairs(const ProgressFn& progress, size_t moves) {
        moves_ = moves;
        struct Pair {
            double estimate;
            Kind kind;
            int from, to;
        };
        std::vector<Pair> pairs;
        for (Kind k : {Mlp, Attention})
            for (int a = first_; a <= last_; ++a)
                for (int bb = first_; bb <= last_; ++bb) {
                    const double e = up_[k][size_t(a)] + down_[k][size_t(bb)];
                    if (a != bb && std::isfinite(e) && e < 0) pairs.push_back({e, k, a, bb});
                }
        std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
            return x.estimate != y.estimate ? x.estimate < y.estimate
                                            : std::tie(x.kind, x.from, x.to) < std::tie(y.kind, y.from, y.to);
        });
        int tried = 0;
        for (const Pair& p : pairs) {
            if (tried >= o_.tries) break;
            auto cuts = stepped(cuts_, p.kind, p.from, 1);
            if (cuts) cuts = stepped(*cuts, p.kind, p.to, -1);
            if (!cuts || removedParams(model_.config, planOf(model_.config, *cuts, b_)) != removed_) continue;
            ++tried;
            reportProgress(progress, double(moves) / double(std::max(o_.max_moves, 1)),
                           "budget search: " + std::to_string(moves) + " moves, loss " + std::to_string(loss()));
            const int from = std::min(p.from, p.to);
            const double l = lossWith(*cuts, from);
            if (!(l < loss())) continue;
            {
                MaskGuard guard(model_);
                maskFrom(guard, *cuts, from);
                cache_.emplace(cache_->updatedFrom(model_, size_t(from)));
            }
            cuts_ = *cuts;
            return BudgetMove{p.kind == Attention, p.from, p.to, p.kind == Attention ? 1 : step_, loss()};
        }
        return std::nullopt;
    }

    LlamaModel& model_;
    const WidthScores& scores_;
    const PruningPlan start_;
    const Budget b_;
    const GreedyBudgetOptions o_;
    std::vector<LayerCut> cuts_;
    int first_ = 0, last_ = 0;
    int64_t step_ = 0, min_step_ = 0, removed_ = 0;
    std::optional<WhatIfCache> cache_;  // of the current cuts' masked model
    std::vector<double> up_[2], down_[2];  // per kind, per layer: the loss change of one step more / less
    int evaluations_ = 0;
    size_t moves_ = 0;
};

} // namespace

GreedyBudgetResult greedyBudgetSearch(LlamaModel& model, const Calibration& calib, const WidthScores& scores,
                                      const PruningPlan& start, const Budget& budget, const GreedyBudgetOptions& options,
                                      const ProgressFn& progress) {
    if (start.ranking != "local")
        throw Error("the greedy budget search moves units between layers of a local plan, not a '" + start.ranking +
                    "' one");
    if (options.max_moves < 0 || options.tries < 1 || options.batch < 1)
        throw Error("the greedy budget search needs max_moves >= 0, tries >= 1 and batch >= 1");
    torch::NoGradGuard ng;
    Search s(model, calib, scores, start, budget, options);
    return s.run(progress);
}

double maskedPlanLoss(LlamaModel& model, const Calibration& calib, const WidthScores& scores, const PruningPlan& plan,
                      int64_t batch) {
    torch::NoGradGuard ng;
    const PruningPlan resolved = resolvePlan(model.config, plan, scores);
    MaskGuard guard(model);
    for (size_t i = 0; i < resolved.layers.size(); ++i)
        maskLayer(guard, model.config, resolved.layers[i], resolved.attention_unit, i);
    return WhatIfCache(model, calib, batch).baseLoss();
}

} // namespace pb
