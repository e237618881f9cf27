#include "core/recover/train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>

#include <torch/torch.h>

#include "core/dist/collectives.h"
#include "core/dist/shard.h"
#include "core/model/cuda_graph.h"
#include "core/recover/batch_order.h"
#include "core/recover/flat_adamw.h"
#include "core/recover/graphed_step.h"
#include "core/recover/train_batch.h"
#include "core/util/error.h"

namespace pb {

namespace {

using Clock = std::chrono::steady_clock;

// ---- gradient checkpointing -------------------------------------------------------------
// Each block runs without autograd in forward; backward recomputes it with autograd on and
// differentiates it for the block input and the adapters (whose .grad it accumulates).
struct CheckpointState {
    std::vector<std::function<torch::Tensor(const torch::Tensor&)>> blocks;
    std::vector<torch::Tensor> rng;  // default generator state before each block (dropout)
    std::vector<torch::Tensor> params;
    bool save_rng = false;
    int64_t recomputed = 0;
};

struct CheckpointFn : public torch::autograd::Function<CheckpointFn> {
    // The state travels as an address in saved_data: CUDA runs backward on the autograd engine's
    // device thread, so a thread_local would not be seen there.
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x, int64_t idx, int64_t state) {
        ctx->save_for_backward({x});
        ctx->saved_data["idx"] = idx;
        ctx->saved_data["state"] = state;
        return reinterpret_cast<CheckpointState*>(state)->blocks[size_t(idx)](x);
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_out) {
        CheckpointState& st = *reinterpret_cast<CheckpointState*>(ctx->saved_data["state"].toInt());
        const size_t idx = size_t(ctx->saved_data["idx"].toInt());
        auto x = ctx->get_saved_variables()[0].detach().requires_grad_(true);
        ++st.recomputed;
        torch::Tensor y;
        {
            torch::AutoGradMode on(true);
            if (st.save_rng) {
                auto gen = at::globalContext().defaultGenerator(x.device());
                torch::Tensor now;
                {
                    std::lock_guard<std::mutex> lock(gen.mutex());
                    now = gen.get_state();
                    gen.set_state(st.rng[idx]);
                }
                y = st.blocks[idx](x);
                std::lock_guard<std::mutex> lock(gen.mutex());
                gen.set_state(now);
            } else {
                y = st.blocks[idx](x);
            }
        }
        std::vector<torch::Tensor> inputs = {x};
        inputs.insert(inputs.end(), st.params.begin(), st.params.end());
        auto grads = torch::autograd::grad({y}, inputs, {grad_out[0]}, /*retain_graph=*/false,
                                           /*create_graph=*/false, /*allow_unused=*/true);
        for (size_t k = 0; k < st.params.size(); ++k) {
            const auto& g = grads[k + 1];
            if (!g.defined()) continue;
            auto& p = st.params[k];
            if (p.grad().defined()) p.mutable_grad().add_(g);
            else p.mutable_grad() = g.clone();
        }
        return {grads[0], torch::Tensor(), torch::Tensor()};
    }
};

// Turns autograd on for the adapters and off again (with their gradients) at scope exit;
// attaches the adapters and, with checkpointing, the block runner.
class TrainScope {
public:
    TrainScope(LlamaModel& model, LoraSet& lora, bool checkpoint)
        : model_(model), attach_(model, lora), params_(lora.parameters()), lora_(lora) {
        for (auto& p : params_) p.requires_grad_(true);
        if (checkpoint) {
            ckpt_.params = params_;
            ckpt_.save_rng = lora.config.dropout > 0.0;
            previous_runner_ = model.block_runner;
            model.block_runner = [this](size_t, const torch::Tensor& x,
                                        const std::function<torch::Tensor(const torch::Tensor&)>& block) {
                if (!torch::GradMode::is_enabled()) return block(x);
                ckpt_.blocks.push_back(block);
                if (ckpt_.save_rng) {
                    auto gen = at::globalContext().defaultGenerator(x.device());
                    std::lock_guard<std::mutex> lock(gen.mutex());
                    ckpt_.rng.push_back(gen.get_state());
                }
                // The first block's input (the embeddings) needs grad for the function's output to.
                auto in = x.requires_grad() ? x : x.detach().requires_grad_(true);
                return CheckpointFn::apply(in, int64_t(ckpt_.blocks.size() - 1), int64_t(reinterpret_cast<intptr_t>(&ckpt_)));
            };
            checkpoint_ = true;
        }
    }
    ~TrainScope() {
        if (checkpoint_) {
            model_.block_runner = previous_runner_;
        }
        for (auto& p : params_) {
            p.mutable_grad() = torch::Tensor();
            p.requires_grad_(false);
        }
        lora_.training = false;
    }
    void clearCheckpoints() {
        ckpt_.blocks.clear();
        ckpt_.rng.clear();
    }
    const std::vector<torch::Tensor>& params() const { return params_; }
    int64_t recomputed() const { return ckpt_.recomputed; }

private:
    LlamaModel& model_;
    LoraAttachment attach_;
    std::vector<torch::Tensor> params_;
    LoraSet& lora_;
    CheckpointState ckpt_;
    BlockRunner previous_runner_;
    bool checkpoint_ = false;
};

std::string fmt(double v) {
    std::ostringstream o;
    o.precision(4);
    o << std::fixed << v;
    return o.str();
}

} // namespace

double scheduledLr(const RecoverOptions& o, int64_t step, int64_t total) {
    if (o.warmup_steps > 0 && step < o.warmup_steps) return o.lr * double(step + 1) / double(o.warmup_steps);
    if (o.schedule == "constant") return o.lr;
    const double span = double(std::max<int64_t>(total - o.warmup_steps, 1));
    const double t = std::clamp(double(step - o.warmup_steps) / span, 0.0, 1.0);
    if (o.schedule == "cosine") return o.lr * 0.5 * (1.0 + std::cos(M_PI * t));
    return o.lr * (1.0 - t);  // linear (transformers' get_linear_schedule_with_warmup)
}

double evaluationLoss(LlamaModel& model, const LoraSet* adapters, const std::vector<TrainExample>& examples,
                      int64_t micro_batch, int64_t max_examples, dist::World* world) {
    torch::NoGradGuard ng;
    std::unique_ptr<LoraAttachment> attach;
    if (adapters) attach = std::make_unique<LoraAttachment>(model, *adapters);
    const size_t n = max_examples > 0 ? std::min(examples.size(), size_t(max_examples)) : examples.size();
    const dist::Shard mine = dist::shardOf(int64_t(n), dist::orOne(world));  // [0, n) in one process
    const size_t step = size_t(std::max<int64_t>(micro_batch, 1)), end = size_t(mine.end);
    std::vector<double> sums{0.0, 0.0};  // loss, supervised tokens
    for (size_t s = size_t(mine.begin); s < end; s += step) {
        std::vector<size_t> which;
        for (size_t i = s; i < std::min(end, s + step); ++i) which.push_back(i);
        Batch b = makeBatch(examples, which, model.device(), model.config.vocab);
        if (b.supervised == 0) continue;
        sums[0] += lossSum(model, b).item<double>();
        sums[1] += double(b.supervised);
    }
    dist::allReduceSum(dist::orOne(world), sums);
    return sums[1] > 0 ? sums[0] / sums[1] : NAN;
}

void splitExamples(std::vector<TrainExample> all, int64_t val_size, uint64_t seed, std::vector<TrainExample>& train,
                   std::vector<TrainExample>& val) {
    std::vector<size_t> order(all.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed);
    shuffleIndices(order, rng);
    const size_t nv = size_t(std::clamp<int64_t>(val_size, 0, int64_t(all.size())));
    train.clear();
    val.clear();
    for (size_t k = 0; k < order.size(); ++k)
        (k < order.size() - nv ? train : val).push_back(std::move(all[order[k]]));
}

RecoverResult recover(LlamaModel& model, const std::vector<TrainExample>& train, const std::vector<TrainExample>& val,
                      const RecoverOptions& options, const ProgressFn& progress, const LossFn& on_loss) {
    return recover(model, LoraSet::create(model, options.lora, options.seed), train, val, options, progress, on_loss);
}

RecoverResult recover(LlamaModel& model, LoraSet lora, const std::vector<TrainExample>& train,
                      const std::vector<TrainExample>& val, const RecoverOptions& o, const ProgressFn& progress,
                      const LossFn& on_loss) {
    if (train.empty()) throw Error("no training examples");
    if (o.micro_batch < 1 || o.grad_accum < 1) throw Error("micro-batch and gradient accumulation must be at least 1");
    if (!(o.lr > 0.0)) throw Error("the learning rate must be positive");
    if (o.schedule != "linear" && o.schedule != "cosine" && o.schedule != "constant")
        throw Error("unknown schedule '" + o.schedule + "' (linear, cosine or constant)");
    if (o.steps <= 0 && !(o.epochs > 0.0)) throw Error("give steps or a positive number of epochs");
    lora.to(model.device());

    RecoverResult r;
    r.train_examples = int64_t(train.size());
    r.val_examples = int64_t(val.size());
    const int64_t per_step = o.micro_batch * o.grad_accum;
    r.steps_planned = o.steps > 0 ? o.steps
                                  : std::max<int64_t>(1, int64_t(std::ceil(o.epochs * double(train.size()) / double(per_step))));
    const int64_t total = r.steps_planned;

    dist::World& world = dist::orOne(o.world);
    auto validate = [&]() {
        return val.empty() ? NAN : evaluationLoss(model, &lora, val, o.micro_batch, o.eval_max_examples, &world);
    };
    r.initial_val_loss = validate();
    {
        LossPoint p0;
        p0.val_loss = r.initial_val_loss;
        r.history.push_back(p0);
        if (on_loss) on_loss(p0);
    }

    BatchOrder batches(train.size(), o.seed);

    double train_seconds = 0.0;
    {
        AdamWHyper hyper;
        hyper.beta1 = o.beta1;
        hyper.beta2 = o.beta2;
        hyper.eps = o.adam_eps;
        hyper.weight_decay = o.weight_decay;
        // The adapters become views of one buffer, in the model's dtype while training.
        FlatAdamW opt(lora.parameterSlots(), hyper, model.embed.scalar_type());
        // On the GPU each micro-batch replays one CUDA graph (core/recover/graphed_step),
        // except with checkpointing (its recomputation swaps RNG states on the host) or a
        // projection override (the quantized base); a failed capture falls back to eager.
        bool graphs = model.device().is_cuda() && !o.grad_checkpoint && !model.linear_override &&
                      CapturedWork::available();
        std::unique_ptr<GraphedMicroStep> graphed;
        TrainScope scope(model, lora, o.grad_checkpoint);
        torch::manual_seed(o.seed + uint64_t(world.rank()));  // dropout masks (rank 0: one process's)
        opt.snapshot();
        for (int64_t step = 0; step < total; ++step) {
            reportProgress(progress, double(step) / double(total),
                           "step " + std::to_string(step + 1) + "/" + std::to_string(total));
            const double lr = scheduledLr(o, step, total);
            const auto t0 = Clock::now();
            // The global batch, drawn alike on every rank; this rank's shard of it in micro-batches
            // (the whole batch, as grad_accum micro-batches, in one process).
            std::vector<size_t> global;
            for (int64_t m = 0; m < o.grad_accum; ++m)
                for (size_t i : batches.next(o.micro_batch)) global.push_back(i);
            const int64_t supervised = supervisedTokens(train, global);  // the loss divides by all of them
            const dist::Shard mine = dist::shardOf(int64_t(global.size()), world);
            std::vector<Batch> batches;
            for (int64_t s = mine.begin; s < mine.end; s += o.micro_batch) {
                const std::vector<size_t> which(global.begin() + s, global.begin() + std::min(mine.end, s + o.micro_batch));
                batches.push_back(makeBatch(train, which, model.device(), model.config.vocab));
            }
            lora.training = true;
            if (graphs && !graphed && !batches.empty() && batches.front().supervised > 0) {
                try {
                    graphed = std::make_unique<GraphedMicroStep>(model, batches.front());
                    r.cuda_graph = true;
                } catch (const std::exception& e) {
                    graphs = false;
                    r.cuda_graph_note = e.what();
                }
            }
            opt.zeroGrad();
            torch::Tensor loss_sum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(model.device()));
            int64_t step_tokens = 0;
            for (auto& b : batches) {
                if (b.supervised == 0) continue;
                if (graphed && graphed->fits(b)) {
                    loss_sum += graphed->run(b, double(supervised)).to(torch::kFloat64);
                } else {
                    torch::AutoGradMode grad_on(true);
                    auto loss = lossSum(model, b);  // [] summed over the micro-batch's supervised tokens
                    loss_sum += loss.detach().to(torch::kFloat64);
                    (loss / double(supervised)).backward();
                    scope.clearCheckpoints();
                }
                step_tokens += b.tokens;
            }
            r.recomputed_blocks = scope.recomputed();
            lora.training = false;
            scope.clearCheckpoints();
            // Across ranks: the gradients (each rank's share of the mean over the whole batch), the
            // loss and the tokens summed, so that every rank steps alike.
            auto sums = torch::stack({loss_sum, torch::full({}, double(step_tokens), loss_sum.options())});  // [2]
            if (world.size() > 1) {
                world.allReduceSum(opt.gradients());
                world.allReduceSum(sums);
            }
            // One sync per step: the loss, the tokens and the gradient norm together.
            auto host = torch::cat({sums, opt.gradNormSquared().to(torch::kFloat64).reshape({1})}).to(torch::kCPU);
            const double loss_v = host[0].item<double>(), gnorm2 = host[2].item<double>();
            r.tokens += int64_t(host[1].item<double>());
            const bool finite = std::isfinite(loss_v);
            if (!finite || !std::isfinite(gnorm2)) {
                opt.restore();
                r.stopped = true;
                r.message = std::string("the training ") + (finite ? "gradient" : "loss") + " became NaN or infinite at step " +
                            std::to_string(step + 1) + "; stopped and kept the adapters of the last good step (" +
                            std::to_string(step) + "). Try a lower learning rate.";
                break;
            }
            opt.snapshot();  // these adapters gave a finite loss
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
                                "; stopped and kept the adapters of step " + std::to_string(step) +
                                ". Try a lower learning rate.";
                    r.history.push_back(p);
                    if (on_loss) on_loss(p);
                    break;
                }
            }
            r.history.push_back(p);
            if (on_loss) on_loss(p);
        }
    }
    r.seconds = train_seconds;
    r.tokens_per_s = train_seconds > 0 ? double(r.tokens) / train_seconds : 0.0;
    r.final_val_loss = validate();
    reportProgress(progress, 1.0, r.stopped ? "stopped" : "done (val loss " + fmt(r.final_val_loss) + ")");
    r.adapters = std::move(lora);
    return r;
}

} // namespace pb
