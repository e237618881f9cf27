#include "ui/jobs/RecoveryJobs.h"

#include <algorithm>

#include "core/data/assets.h"
#include "core/evalzs/builtin.h"
#include "core/evalzs/loglikelihood.h"
#include "core/evalzs/tasks.h"
#include "core/model/llama_model.h"
#include "core/prune/apply.h"
#include "core/recover/data.h"
#include "core/recover/lora.h"
#include "core/recover/train.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace pb::ui::jobs {

namespace {

std::vector<TaskAccuracy> zeroShot(const std::vector<pb::zs::Task>& tasks, const pb::LlamaModel& model,
                                   const pb::Tokenizer& tok, pb::zs::Harness harness, const pb::ProgressFn& progress) {
    std::vector<TaskAccuracy> out;
    pb::zs::LogLikelihoodOptions lo;
    lo.harness = harness;
    const auto ll = pb::zs::modelLogLikelihood(model, tok, lo);
    for (size_t i = 0; i < tasks.size(); ++i) {
        const double lo = double(i) / double(tasks.size()), hi = double(i + 1) / double(tasks.size());
        const pb::zs::Metrics m = pb::zs::scoreTask(tasks[i], ll, 0, 4, subProgress(progress, lo, hi));
        out.push_back(m);
    }
    return out;
}

} // namespace

RecoveryResult recover(const ModelPtr& model, const RecoveryRequest& r, const pb::ProgressFn& progress,
                       const std::function<void(const LossSample&)>& on_loss) {
    if (!model || !model->model || !model->tokenizer) throw pb::Error("no model is loaded");
    if (r.steps < 1 || r.rank < 1 || !(r.lr > 0)) throw pb::Error("steps, rank and learning rate must be positive");
    RecoveryResult out;
    const pb::Tokenizer& tok = *model->tokenizer;

    // 1. The pruned model (a copy; the original stays as it is), cut by the resolved plan.
    pb::reportProgress(progress, 0.0, "pruning by the plan");
    if (!r.plan.resolved()) throw pb::Error("the plan's ratios are not resolved to kept units: score first");
    auto pruned = std::make_shared<pb::LlamaModel>(pb::applyPlan(*model->model, r.plan));
    out.params = pruned->config.totalParams();
    out.removed_fraction = 1.0 - double(out.params) / double(model->config.totalParams());

    // 2. Zero-shot before recovery.
    std::vector<pb::zs::Task> tasks;
    if (r.task_items > 0)
        for (const std::string& t : r.tasks) tasks.push_back(pb::zs::builtinDemoTask(t, r.task_items));
    out.harness = r.harness;
    out.before = zeroShot(tasks, *pruned, tok, r.harness, subProgress(progress, 0.1, 0.2));

    // 3. LoRA recovery.
    pb::reportProgress(progress, 0.2, "preparing training text");
    std::vector<pb::TrainExample> train, val;
    pb::splitExamples(pb::textWindows(tok, pb::assets::loadText(r.data), r.cutoff), r.val_size, 0, train, val);
    pb::RecoverOptions o;
    o.lora.rank = r.rank;
    o.lora.alpha = r.alpha;
    o.lr = r.lr;
    o.steps = r.steps;
    o.micro_batch = r.micro_batch;
    o.warmup_steps = std::min<int64_t>(100, r.steps / 10);
    o.eval_every = std::max<int64_t>(1, r.eval_every);
    o.eval_max_examples = 0;
    auto forward = [&](const pb::LossPoint& p) {
        if (on_loss) on_loss(p);
    };
    pb::RecoverResult rr = pb::recover(*pruned, train, val, o, subProgress(progress, 0.2, 0.9), forward);
    out.history = rr.history;  // whole points (lr and tokens/s too)
    out.val_before = rr.initial_val_loss;
    out.val_after = rr.final_val_loss;
    out.train_final = rr.final_train_loss;
    out.steps_done = rr.steps_done;
    out.trainable_params = rr.adapters.parameterCount();
    out.seconds = rr.seconds;
    out.tokens_per_s = rr.tokens_per_s;
    out.stopped = rr.stopped;
    out.message = rr.message;

    // 4. Zero-shot after recovery: the adapters merged into the pruned copy (its tensors are
    // replaced, so `out.pruned` keeps the unmerged weights: the adapter's base).
    out.pruned = std::make_shared<const pb::LlamaModel>(*pruned);
    out.adapters = std::make_shared<const pb::LoraSet>(rr.adapters);
    rr.adapters.mergeInto(*pruned);
    out.after = zeroShot(tasks, *pruned, tok, r.harness, subProgress(progress, 0.9, 1.0));
    out.recovered = pruned;
    return out;
}

} // namespace pb::ui::jobs
