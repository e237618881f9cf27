#include "core/dist/pipeline_lora.h"

#include <chrono>
#include <cmath>
#include <memory>

#include <torch/torch.h>

#include "core/dist/collectives.h"
#include "core/dist/shard.h"
#include "core/dist/stage_run.h"
#include "core/recover/batch_order.h"
#include "core/recover/flat_adamw.h"
#include "core/recover/train_batch.h"
#include "core/util/error.h"

namespace pb {

namespace {

using Clock = std::chrono::steady_clock;

// A weightless stand-in of the whole model with its projections' shapes (expanded scalars, no
// memory), so that LoraSet::create draws every adapter as it does for the loaded model.
LlamaModel shapeShell(const ModelConfig& c) {
    LlamaModel m;
    m.config = c;
    m.embed = torch::empty({0, c.hidden});  // [0, H]: the CPU, float32
    m.layers.resize(c.layers.size());
    const auto one = torch::zeros({1});
    for (size_t i = 0; i < c.layers.size(); ++i) {
        const LayerDims& d = c.layers[i];
        const int64_t q = d.n_heads * c.head_dim, kv = d.n_kv_heads * c.head_dim, H = c.hidden, I = d.ffn;
        LayerWeights& w = m.layers[i];
        if (d.hasAttention()) {
            w.wq = one.expand({q, H}), w.wk = one.expand({kv, H}), w.wv = one.expand({kv, H}), w.wo = one.expand({H, q});
        }
        if (d.hasMlp()) w.w_gate = one.expand({I, H}), w.w_up = one.expand({I, H}), w.w_down = one.expand({H, I});
    }
    return m;
}

// Stage-local adapters (layers 0..n-1 = the stage's blocks) of the whole model's set.
LoraSet stageAdapters(const LoraSet& full, const dist::StageRange& b, torch::Device device) {
    LoraSet s;
    s.config = full.config;
    for (int64_t i = b.begin; i < b.end; ++i) {
        std::array<LoraPair, 7> pairs;
        for (size_t p = 0; p < 7; ++p)
            if (full.layers[size_t(i)][p].defined())
                pairs[p] = {full.layers[size_t(i)][p].A.to(device).clone(), full.layers[size_t(i)][p].B.to(device).clone()};
        s.layers.push_back(pairs);
    }
    return s;
}

// The stages' trained adapters into `full` (CPU) on every rank: zero-padded sums, replica 0's.
void gatherAdapters(const dist::Pipeline& pipe, LoraSet& full, const LoraSet& local) {
    torch::NoGradGuard ng;
    const dist::StageRange b = pipe.blocks();
    for (size_t i = 0; i < full.layers.size(); ++i)
        for (size_t p = 0; p < 7; ++p) {
            LoraPair& f = full.layers[i][p];
            if (!f.defined()) continue;
            const bool here = pipe.replica() == 0 && int64_t(i) >= b.begin && int64_t(i) < b.end;
            f.A = here ? local.layers[i - size_t(b.begin)][p].A.detach().to(torch::kCPU, torch::kFloat32).clone() : torch::zeros_like(f.A);
            f.B = here ? local.layers[i - size_t(b.begin)][p].B.detach().to(torch::kCPU, torch::kFloat32).clone() : torch::zeros_like(f.B);
        }
    dist::allReduceSumAll(pipe.world(), full.parameters());
}

// Examples `which` of `data` as micro-batches of at most `rows`, on the stage's device.
std::vector<Batch> batchesOf(const std::vector<TrainExample>& data, const std::vector<size_t>& which, int64_t rows,
                             const StageModel& s) {
    std::vector<Batch> out;
    for (size_t k = 0; k < which.size(); k += size_t(rows)) {
        const std::vector<size_t> part(which.begin() + std::ptrdiff_t(k),
                                       which.begin() + std::ptrdiff_t(std::min(which.size(), k + size_t(rows))));
        out.push_back(makeBatch(data, part, s.model->device(), s.full.vocab));
    }
    return out;
}

// lossSum's cross-entropy on the last stage's output y [B, T, H]: summed over the supervised tokens.
torch::Tensor headLossSum(const LlamaModel& model, const torch::Tensor& y, const Batch& b) {
    auto logits = model.logitsOf(y);  // [B, T, V] float32
    const int64_t V = logits.size(-1);
    auto pred = logits.narrow(1, 0, logits.size(1) - 1).reshape({-1, V});
    auto tgt = b.labels.narrow(1, 1, b.labels.size(1) - 1).reshape({-1});
    namespace F = torch::nn::functional;
    return F::cross_entropy(pred, tgt, F::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kSum));
}

std::vector<dist::Pipeline::Shape> shapesOfBatches(const std::vector<Batch>& bs) {
    std::vector<dist::Pipeline::Shape> v;
    for (const auto& b : bs) v.push_back({b.ids.size(0), b.ids.size(1)});
    return v;
}

} // namespace

double pipelineEvaluationLoss(dist::Pipeline& pipe, StageModel& s, const LoraSet* adapters,
                              const std::vector<TrainExample>& examples, int64_t micro_batch, int64_t max_examples) {
    torch::NoGradGuard ng;
    std::unique_ptr<LoraAttachment> attach;
    if (adapters) attach = std::make_unique<LoraAttachment>(*s.model, *adapters);
    const size_t n = max_examples > 0 ? std::min(examples.size(), size_t(max_examples)) : examples.size();
    const dist::Shard mine = dist::shardOf(int64_t(n), pipe.replica(), pipe.layout().replicas);
    std::vector<size_t> which;
    for (int64_t i = mine.begin; i < mine.end; ++i) which.push_back(size_t(i));
    std::vector<Batch> bs = batchesOf(examples, which, std::max<int64_t>(micro_batch, 1), s);
    std::erase_if(bs, [](const Batch& b) { return b.supervised == 0; });  // as evaluationLoss skips them
    std::vector<double> sums{0.0, 0.0};  // loss, supervised tokens (the last stages' only)
    auto ids_of = [&](size_t m) { return bs[m].ids; };
    auto head = [&](size_t m, const torch::Tensor& y) {
        sums[0] += headLossSum(*s.model, y, bs[m]).item<double>();
        sums[1] += double(bs[m].supervised);
        return torch::Tensor();
    };
    if (!bs.empty()) pipe.run(shapesOfBatches(bs), stageRun(s, ids_of, head), false);
    dist::allReduceSum(pipe.world(), sums);
    return sums[1] > 0 ? sums[0] / sums[1] : NAN;
}

RecoverResult pipelineRecover(dist::Pipeline& pipe, StageModel& s, const std::vector<TrainExample>& train,
                              const std::vector<TrainExample>& val, const RecoverOptions& o, const ProgressFn& progress,
                              const LossFn& on_loss) {
    if (train.empty()) throw Error("no training examples");
    if (o.micro_batch < 1 || o.grad_accum < 1) throw Error("micro-batch and gradient accumulation must be at least 1");
    if (!(o.lr > 0.0)) throw Error("the learning rate must be positive");
    if (o.schedule != "linear" && o.schedule != "cosine" && o.schedule != "constant")
        throw Error("unknown schedule '" + o.schedule + "' (linear, cosine or constant)");
    if (o.steps <= 0 && !(o.epochs > 0.0)) throw Error("give steps or a positive number of epochs");
    if (o.grad_checkpoint) throw Error("--grad-checkpoint is not combined with pipeline stages (each stage holds its blocks' activations)");
    LlamaModel& model = *s.model;
    LoraSet full = LoraSet::create(shapeShell(s.full), o.lora, o.seed);  // the CPU; the whole model's draws
    LoraSet lora = stageAdapters(full, s.blocks, model.device());

    RecoverResult r;
    r.train_examples = int64_t(train.size());
    r.val_examples = int64_t(val.size());
    const int64_t per_step = o.micro_batch * o.grad_accum;
    r.steps_planned = o.steps > 0 ? o.steps
                                  : std::max<int64_t>(1, int64_t(std::ceil(o.epochs * double(train.size()) / double(per_step))));
    const int64_t total = r.steps_planned;
    dist::World& world = pipe.world();
    auto validate = [&]() {
        return val.empty() ? NAN : pipelineEvaluationLoss(pipe, s, &lora, val, o.micro_batch, o.eval_max_examples);
    };
    r.initial_val_loss = validate();
    {
        LossPoint p0;
        p0.val_loss = r.initial_val_loss;
        r.history.push_back(p0);
        if (on_loss) on_loss(p0);
    }
    BatchOrder batches(train.size(), o.seed);  // as recover(): the same global batches
    double train_seconds = 0.0;
    {
        AdamWHyper hyper;
        hyper.beta1 = o.beta1;
        hyper.beta2 = o.beta2;
        hyper.eps = o.adam_eps;
        hyper.weight_decay = o.weight_decay;
        FlatAdamW opt(lora.parameterSlots(), hyper, model.dtype());  // this stage's adapters
        LoraAttachment attach(model, lora);
        torch::manual_seed(o.seed + uint64_t(world.rank()));  // dropout masks
        opt.snapshot();
        for (int64_t step = 0; step < total; ++step) {
            reportProgress(progress, double(step) / double(total), "step " + std::to_string(step + 1) + "/" + std::to_string(total));
            const double lr = scheduledLr(o, step, total);
            const auto t0 = Clock::now();
            std::vector<size_t> global;
            for (int64_t m = 0; m < o.grad_accum; ++m)
                for (size_t i : batches.next(o.micro_batch)) global.push_back(i);
            const int64_t supervised = supervisedTokens(train, global);
            const dist::Shard mine = dist::shardOf(int64_t(global.size()), pipe.replica(), pipe.layout().replicas);
            const std::vector<size_t> shard(global.begin() + mine.begin, global.begin() + mine.end);
            std::vector<Batch> bs = batchesOf(train, shard, o.micro_batch, s);
            std::erase_if(bs, [](const Batch& b) { return b.supervised == 0; });
            opt.zeroGrad();
            double loss_sum = 0.0, step_tokens = 0.0;
            lora.training = true;
            auto ids_of = [&](size_t m) { return bs[m].ids; };
            auto head = [&](size_t m, const torch::Tensor& y) {
                auto loss = headLossSum(model, y, bs[m]);  // [] summed over the micro-batch's supervised tokens
                loss_sum += loss.detach().item<double>();
                step_tokens += double(bs[m].tokens);
                return loss / double(supervised);
            };
            if (!bs.empty()) pipe.run(shapesOfBatches(bs), stageRun(s, ids_of, head), true);
            lora.training = false;
            pipe.replicaGroup().allReduceSum(opt.gradients());  // the replicas' shares of this stage's gradient
            // The loss and tokens of every replica's last stage, the squared gradient norm of every stage (replica 0's).
            std::vector<double> sums{pipe.last() ? loss_sum : 0.0, pipe.last() ? step_tokens : 0.0,
                                     pipe.replica() == 0 ? opt.gradNormSquared().item<double>() : 0.0};
            dist::allReduceSum(world, sums);
            const double loss_v = sums[0], gnorm2 = sums[2];
            r.tokens += int64_t(sums[1]);
            const bool finite = std::isfinite(loss_v);
            if (!finite || !std::isfinite(gnorm2)) {
                opt.restore();
                r.stopped = true;
                r.message = std::string("the training ") + (finite ? "gradient" : "loss") + " became NaN or infinite at step " +
                            std::to_string(step + 1) + "; stopped and kept the adapters of the last good step (" +
                            std::to_string(step) + "). Try a lower learning rate.";
                break;
            }
            opt.snapshot();
            if (o.max_grad_norm > 0.0) {
                const double norm = std::sqrt(gnorm2);
                if (norm > o.max_grad_norm) opt.scaleGrad(o.max_grad_norm / (norm + 1e-6));
            }
            opt.step(lr);
            train_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
            r.steps_done = step + 1;
            LossPoint p;
            p.step = step + 1;
            p.train_loss = supervised ? loss_v / double(supervised) : NAN;
            p.lr = lr;
            p.tokens_per_s = train_seconds > 0 ? double(r.tokens) / train_seconds : 0.0;
            r.final_train_loss = p.train_loss;
            const bool last = step + 1 == total;
            if ((o.eval_every > 0 && (step + 1) % o.eval_every == 0) || last) {
                p.val_loss = validate();
                if (!val.empty() && !std::isfinite(p.val_loss)) {
                    opt.restore();
                    r.stopped = true;
                    r.message = "the validation loss became NaN or infinite after step " + std::to_string(step + 1) +
                                "; stopped and kept the adapters of step " + std::to_string(step) + ". Try a lower learning rate.";
                    r.history.push_back(p);
                    if (on_loss) on_loss(p);
                    break;
                }
            }
            r.history.push_back(p);
            if (on_loss) on_loss(p);
        }
    }
    for (auto* t : lora.parameterSlots()) t->requires_grad_(false);
    r.seconds = train_seconds;
    r.tokens_per_s = train_seconds > 0 ? double(r.tokens) / train_seconds : 0.0;
    r.final_val_loss = validate();
    reportProgress(progress, 1.0, r.stopped ? "stopped" : "done");
    gatherAdapters(pipe, full, lora);
    r.adapters = std::move(full);
    return r;
}

} // namespace pb
