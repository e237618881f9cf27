#include "core/prune/hidden_effect.h"

#include <chrono>

#include "core/data/assets.h"
#include "core/data/eval_tokens.h"
#include "core/eval/perplexity.h"
#include "core/model/llama_model.h"
#include "core/model/loader.h"
#include "core/prune/calibration.h"
#include "core/prune/importance.h"
#include "core/prune/pruner.h"
#include "core/prune/what_if.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb {

HiddenEffect measureHiddenEffect(const LoadedModel& m, const HiddenEffectRequest& r, const ProgressFn& progress) {
    if (!m.model || !m.tokenizer) throw Error("no model is loaded");
    if (!(r.hidden_ratio > 0.0 && r.hidden_ratio < 1.0))
        throw Error("the hidden ratio must be greater than 0 and less than 1, got " + std::to_string(r.hidden_ratio));
    if (!scoresHiddenChannels(r.criterion))
        throw Error("criterion '" + criterionName(r.criterion) + "' scores no hidden channels (use one of: " +
                    hiddenCriterionList() + ")");
    const auto t0 = std::chrono::steady_clock::now();
    PruningPlan plan = uniformWidthPlan(m.config, 0, 0);
    plan.hidden_ratio = r.hidden_ratio;
    plan.criterion = r.criterion;
    plan.validate(m.config);  // refused before any work (an embedding scale, say)
    reportProgress(progress, 0.0, "preparing texts");
    const Calibration calib = makeCalibration(*m.tokenizer, assets::loadText(r.calib.text), r.calib.samples,
                                              r.calib.seq_len, r.calib.seed);
    const std::vector<int32_t> ids = evalTokens(*m.tokenizer, r.ppl_text, r.ppl_windows, defaults::kPplSeqLen);
    ScoreOptions so;
    so.criterion = r.criterion;
    const PruneResult pruned = prune(*m.model, plan, calib, so, subProgress(progress, 0.05, 0.55));
    HiddenEffect e;
    e.criterion = r.criterion;
    e.hidden_before = m.config.hidden;
    e.hidden_after = pruned.model->config.hidden;
    e.params_before = pruned.params_before, e.params_after = pruned.params_after;
    e.macs_before = m.config.macs(defaults::kPplSeqLen), e.macs_after = pruned.model->config.macs(defaults::kPplSeqLen);
    reportProgress(progress, 0.6, "calibration loss before and after");
    e.loss_before = lossWithout(*m.model, calib, nullptr);
    e.loss_after = lossWithout(*pruned.model, calib, nullptr);
    PerplexityOptions po;
    po.seq_len = defaults::kPplSeqLen;
    po.max_windows = r.ppl_windows;
    const PerplexityResult before = perplexity(*m.model, ids, po, subProgress(progress, 0.7, 0.85));
    const PerplexityResult after = perplexity(*pruned.model, ids, po, subProgress(progress, 0.85, 1.0));
    e.ppl_before = before.ppl, e.ppl_after = after.ppl;
    e.ppl_windows = before.windows;
    e.calib_samples = calib.samples(), e.calib_tokens = calib.length();
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    reportProgress(progress, 1.0, "measured");
    return e;
}

} // namespace pb
