#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/distributed.h"
#include "app/cli/option_limits.h"
#include "app/cli/output_check.h"
#include "app/cli/pipeline_cli.h"
#include "app/cli/prune_common.h"
#include "app/cli/save_model.h"
#include "core/bench/peak_memory.h"
#include "core/dist/pipeline_lora.h"
#include "core/data/assets.h"
#include "core/plan/defaults.h"
#include "core/plan/plan.h"
#include "core/eval/perplexity.h"
#include "core/model/llama_model.h"
#include "core/prune/apply.h"
#include "core/recover/adapter_export.h"
#include "core/recover/data.h"
#include "core/recover/defaults.h"
#include "core/recover/lora.h"
#include "core/recover/quantized_base.h"
#include "core/recover/train.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/util/input_path.h"

namespace pbcli {

namespace {

constexpr int64_t kMergePplWindows = 64;  // --merge: perplexity before/after on this many windows

// Why a merge from a quantized base is saved in a float type (--merged-dtype).
constexpr const char* kWhyNotQuantizedMerge =
    "merging into a quantized grid loses the adapters: re-quantizing W + s*B*A rounds each weight back to "
    "its 4- or 8-bit step (a Q4 step is about 1/8 of a block's range; the LoRA delta is a small fraction of "
    "one step), so most of the delta is rounded away";

std::string mib(int64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / double(1 << 20));
    return buf;
}

std::string number(double v) {  // 1e-4, 16, 0.05 for help texts
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// demo:... and plain text files become windows of `cutoff` tokens; JSON/JSONL files are Alpaca.
std::vector<pb::TrainExample> loadExamples(const pb::Tokenizer& tok, const std::string& spec, int64_t cutoff,
                                           std::string& kind) {
    std::string text;
    if (spec.rfind("demo:", 0) == 0) {
        text = pb::assets::loadText(spec);
    } else {
        text = pb::readInputFile(spec, "recovery data file", pb::kMaxTextFileBytes);  // regular file, bounded
        if (text.find_first_not_of(" \t\r\n") == std::string::npos)
            throw pb::Error("recovery data file '" + spec + "' is empty");
    }
    if (spec.rfind("demo:", 0) != 0 && pb::looksLikeJson(text)) {
        kind = "alpaca";
        std::vector<pb::TrainExample> out;
        for (const auto& r : pb::parseAlpaca(text)) {
            auto ex = pb::alpacaExample(tok, r, cutoff);
            bool any = false;
            for (size_t i = 1; i < ex.labels.size(); ++i) any |= ex.labels[i] != -100;
            if (any) out.push_back(std::move(ex));
        }
        if (out.empty()) throw pb::Error(spec + ": no record has response tokens within the cutoff length");
        return out;
    }
    kind = "text";
    return pb::textWindows(tok, text, cutoff);
}

} // namespace

Command recoverCommand() {
    auto opts = modelOptions();
    opts.push_back({"data", true, std::string("Alpaca JSON/JSONL file, text file, folder of .txt files, demo:sotu or demo:moby-dick (default ") +
                                      pb::defaults::kRecoveryText + ")"});
    opts.push_back({"out", true, "write the PEFT adapter (adapter_config.json + adapter_model.safetensors) here"});
    opts.push_back({"save-pruned", true,
                    "with --out: save the model trained on (cut by --plan, adapters not merged) as a Hugging Face "
                    "folder here; the adapter's base_model_name_or_path then names this folder, which peft and "
                    "transformers load (without it the adapter names --model)"});
    opts.push_back({"steps", true, "optimizer steps (default " + std::to_string(pb::defaults::kSteps) + "; 0 = use --epochs)"});
    opts.push_back({"epochs", true, "epochs when --steps 0 (default 1)"});
    opts.push_back({"rank", true, "LoRA rank r (default " + std::to_string(pb::defaults::kLoraRank) + ")"});
    opts.push_back({"alpha", true, "LoRA alpha (default " + number(pb::defaults::kLoraAlpha) + "; scale = alpha/r)"});
    opts.push_back({"dropout", true, "LoRA dropout (default " + number(pb::defaults::kLoraDropout) + ")"});
    opts.push_back({"targets", true, "modules, comma separated (default q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj)"});
    opts.push_back({"lr", true, "peak learning rate (default " + number(pb::defaults::kLearningRate) + ")"});
    opts.push_back({"warmup", true, "linear warmup steps (default 10% of the steps, at most 100)"});
    opts.push_back({"schedule", true, "linear (default), cosine or constant decay after warmup"});
    opts.push_back({"weight-decay", true, "AdamW weight decay (default 0)"});
    opts.push_back({"micro-batch", true, "examples per forward pass (default " + std::to_string(pb::defaults::kMicroBatch) + ")"});
    opts.push_back({"grad-accum", true, "micro-batches per step (default 1)"});
    opts.push_back({"cutoff", true, "tokens per example / text window (default " + std::to_string(pb::defaults::kCutoff) + ")"});
    opts.push_back({"val-size", true, "held-out examples for validation (default 10%, at most 64)"});
    opts.push_back({"eval-every", true, "validation loss every N steps (default: steps/10, at least 10)"});
    opts.push_back({"grad-checkpoint", false, "recompute each block in backward (less memory, ~30% slower)"});
    opts.push_back({"seed", true, "seed for init, data order and dropout (default 0)"});
    opts.push_back({"merge", false, "merge the adapters into the weights and report perplexity before/after"});
    opts.push_back({"ppl-text", true, std::string("text for --merge perplexity (default ") + pb::defaults::kPplText +
                                          ", " + std::to_string(kMergePplWindows) + " windows of " +
                                          std::to_string(pb::defaults::kPplSeqLen) + ")"});
    opts.push_back({"save-merged", true, "with --merge: save the merged model as a Hugging Face folder (or a .gguf file)"});
    opts.push_back({"plan", true, "apply this resolved plan (prune --save-plan) to the model before training"});
    opts.push_back({"quantized-base", false,
                    "keep a GGUF model's projections quantized on the device (Q4_0/Q4_1/Q8_0/K-quants...): each is "
                    "dequantized on the fly in forward and again in backward, never stored, so the base costs its "
                    "file's bytes; the adapter is the same PEFT adapter"});
    opts.push_back({"merged-dtype", true,
                    "dtype of --save-merged: f32, f16 or bf16 (default: --dtype). From a quantized base the merge "
                    "goes into the dequantized weights; a quantized type is refused: " +
                        std::string(kWhyNotQuantizedMerge)});
    opts.push_back(distributedOption());
    for (auto& o : pipelineOptions()) opts.push_back(o);
    markRequired(opts, {"model"});
    return {"recover", "LoRA recovery training of a (pruned) model; writes a PEFT adapter", opts, [](const Args& args) {
        pb::RecoverOptions o;
        o.lora.rank = args.getInt("rank", o.lora.rank, 1, 4096);
        o.lora.alpha = args.getDouble("alpha", o.lora.alpha, {0.0, 1e6, true, false});
        o.lora.dropout = args.getDouble("dropout", o.lora.dropout, {0.0, 1.0, false, true});
        if (args.has("targets")) o.lora.targets = splitList(args.get("targets"));
        o.lr = args.getDouble("lr", o.lr, {0.0, 1.0, true, false});
        o.steps = args.getInt("steps", pb::defaults::kSteps, 0, limits::kSteps, "0 uses --epochs");
        o.epochs = args.getDouble("epochs", 1.0, {0.0, 10000.0, true, false});
        o.schedule = args.get("schedule", "linear");
        o.weight_decay = args.getDouble("weight-decay", 0.0, {0.0, 1.0});
        o.micro_batch = args.getInt("micro-batch", o.micro_batch, 1, limits::kBatch);
        o.grad_accum = args.getInt("grad-accum", 1, 1, 65536);
        o.grad_checkpoint = args.has("grad-checkpoint");
        o.seed = uint64_t(args.getInt("seed", 0, 0, limits::kSeed));
        const int64_t cutoff = args.getInt("cutoff", pb::defaults::kCutoff, 8, limits::kSeqLen);
        const int64_t val_opt = args.getInt("val-size", 0, 0, limits::kSteps);
        const int64_t warmup_opt = args.getInt("warmup", 0, 0, limits::kSteps);
        const int64_t eval_every_opt = args.getInt("eval-every", 1, 1, limits::kSteps);
        const std::vector<pb::SourcePath> sources = runSources(args);
        if (args.has("save-merged") && !args.has("merge")) throw UsageError("--save-merged needs --merge");
        if (args.has("save-pruned")) {
            if (!args.has("out")) throw UsageError("--save-pruned needs --out (the adapter whose base it is)");
            checkModelTargetEarly(args.get("save-pruned"), "hf", sources);
            if (const std::string why = pb::adapterTargetRefusal(args.get("out"), args.get("save-pruned"), sources); !why.empty())
                throw pb::Error(why);
        }
        const bool quantized = args.has("quantized-base");
        const std::string merged_dtype = args.get("merged-dtype", args.get("dtype", "f32"));
        if (merged_dtype != "f32" && merged_dtype != "f16" && merged_dtype != "bf16")
            throw UsageError("--merged-dtype '" + merged_dtype + "' is not f32, f16 or bf16: " + kWhyNotQuantizedMerge);
        if (args.has("merged-dtype") && !args.has("save-merged")) throw UsageError("--merged-dtype needs --save-merged");
        std::optional<pb::PruningPlan> plan;
        if (args.has("plan")) {
            plan = pb::PruningPlan::load(args.get("plan"));
            if (!plan->resolved())
                throw UsageError("--plan '" + args.get("plan") + "' holds ratios, not kept indices; resolve it first "
                                 "with prune --plan ... --save-plan RESOLVED.json (recover does not score)");
        }

        // --distributed: each rank trains on its share of every step's global batch.
        o.world = &worldFor(args);
        if (o.world->size() > o.micro_batch * o.grad_accum)
            std::fprintf(stderr, "note: a step's batch of %lld examples (--micro-batch x --grad-accum) is smaller than the "
                                 "%d ranks: some ranks idle each step\n",
                         (long long)(o.micro_batch * o.grad_accum), o.world->size());
        const bool writer = o.world->primary();  // across ranks, rank 0 alone writes

        // The model trained on: a plain (dequantized) one, or one whose projections stay quantized.
        pb::LoadedModel m;
        pb::QuantizedBase qb;
        std::optional<PipelineRun> piped;  // --pipeline-stages: this rank's stage of the model
        if (pipelined(args)) {
            refuseForPipelineRecover(args);
            piped = openPipeline(args);
            m.source = piped->stage.source;
            m.config = piped->stage.full;
            m.tokenizer = piped->stage.tokenizer;
            m.model = piped->stage.model;
        } else if (quantized) {
            pb::LoadOptions lo;
            lo.device = args.get("device", "cpu");
            lo.dtype = args.get("dtype", "f32");
            qb = pb::loadQuantizedBase(pb::assets::resolveModel(args.required("model")), lo);
            if (plan) qb = pb::applyPlanQuantized(qb, *plan);
            m.source = qb.source;
            m.format = "gguf";
            m.config = qb.model->config;
            m.tokenizer = qb.tokenizer;
            m.model = qb.model;
            std::fprintf(stderr, "loaded %s in %.2f s, projections kept quantized: %s on %s (the GGUF tensors' bytes%s) "
                                 "+ %s float (embedding, norms, lm_head)\n",
                         qb.source.filename().c_str(), qb.load_seconds, mib(qb.quantizedBytes()).c_str(),
                         lo.device.c_str(), plan ? ", rows cut by the plan" : "", mib(qb.floatBytes()).c_str());
        } else {
            m = loadFromArgs(args);
            if (plan) {
                m.model = std::make_shared<pb::LlamaModel>(pb::applyPlan(*m.model, *plan));
                m.config = m.model->config;
            }
        }
        if (plan)
            std::fprintf(stderr, "plan %s applied: %lld parameters\n", args.get("plan").c_str(),
                         (long long)m.config.totalParams());
        std::string kind;
        const std::string data = args.get("data", pb::defaults::kRecoveryText);
        auto all = loadExamples(*m.tokenizer, data, cutoff, kind);
        const int64_t n = int64_t(all.size());
        const int64_t val_size = args.has("val-size") ? val_opt
                                                      : std::min<int64_t>(64, std::max<int64_t>(n >= 10 ? 1 : 0, n / 10));
        if (val_size >= n) throw UsageError("--val-size leaves no training examples (" + std::to_string(n) + " in all)");
        std::vector<pb::TrainExample> train, val;
        pb::splitExamples(std::move(all), val_size, o.seed, train, val);
        const int64_t planned = o.steps > 0 ? o.steps
                                            : std::max<int64_t>(1, int64_t(std::ceil(o.epochs * double(train.size()) /
                                                                                     double(o.micro_batch * o.grad_accum))));
        o.warmup_steps = args.has("warmup") ? warmup_opt : std::min<int64_t>(100, planned / 10);
        o.eval_every = args.has("eval-every") ? eval_every_opt
                                              : std::min<int64_t>(planned, std::max<int64_t>(10, planned / 10));
        o.eval_max_examples = 0;
        std::fprintf(stderr, "data: %s (%s), %zu train / %zu validation examples of at most %lld tokens\n", data.c_str(),
                     kind.c_str(), train.size(), val.size(), (long long)cutoff);
        if (const int64_t need = o.steps * o.micro_batch * o.grad_accum; writer && o.steps > 0 && int64_t(train.size()) < need)
            std::fprintf(stderr, "warning: %lld steps x %lld examples a step (--micro-batch x --grad-accum) = %lld examples and "
                                 "%s gives %zu training examples: each is trained on about %.1f times; give more data or "
                                 "fewer --steps\n",
                         (long long)o.steps, (long long)(o.micro_batch * o.grad_accum), (long long)need, data.c_str(),
                         train.size(), double(need) / double(train.size()));

        const bool json = args.has("json");
        auto on_loss = [&](const pb::LossPoint& p) {
            if (p.step == 0) {
                std::fprintf(stderr, "step %5d  val %.4f\n", 0, p.val_loss);
                return;
            }
            if (!std::isnan(p.val_loss))
                std::fprintf(stderr, "step %5lld  train %.4f  val %.4f  lr %.2e  %.0f tok/s\n", (long long)p.step,
                             p.train_loss, p.val_loss, p.lr, p.tokens_per_s);
            else if (p.step % std::max<int64_t>(1, o.eval_every / 2) == 0)
                std::fprintf(stderr, "step %5lld  train %.4f  lr %.2e  %.0f tok/s\n", (long long)p.step, p.train_loss,
                             p.lr, p.tokens_per_s);
        };
        const std::string device = args.get("device", "cpu");
        pb::resetPeakMemory(device);
        pb::RecoverResult r = piped ? pb::pipelineRecover(*piped->pipe, piped->stage, train, val, o, {}, on_loss)
                                    : pb::recover(*m.model, train, val, o, {}, on_loss);
        const pb::PeakMemory peak = pb::peakMemory(device);
        if (r.stopped) std::fprintf(stderr, "error: %s\n", r.message.c_str());
        if (peak.bytes >= 0) std::fprintf(stderr, "peak memory while training: %s (%s)\n", mib(peak.bytes).c_str(), peak.kind.c_str());

        nlohmann::json j;
        j["data"] = data;
        j["data_kind"] = kind;
        j["train_examples"] = r.train_examples;
        j["val_examples"] = r.val_examples;
        j["steps"] = r.steps_done;
        j["steps_planned"] = r.steps_planned;
        j["rank"] = o.lora.rank;
        j["alpha"] = o.lora.alpha;
        j["lr"] = o.lr;
        j["trainable_params"] = r.adapters.parameterCount();
        j["train_loss"] = r.final_train_loss;
        j["val_loss_before"] = r.initial_val_loss;
        j["val_loss_after"] = r.final_val_loss;
        j["tokens"] = r.tokens;
        j["tokens_per_s"] = r.tokens_per_s;
        j["seconds"] = r.seconds;
        j["stopped"] = r.stopped;
        if (r.stopped) j["message"] = r.message;
        j["device"] = device;
        j["dtype"] = args.get("dtype", "f32");
        j["parameters"] = m.config.totalParams();
        if (plan) j["plan"] = args.get("plan");
        if (piped) j["pipeline"] = {{"stages", piped->pipe->plan().describe()}, {"replicas", piped->pipe->layout().replicas}};
        j["peak_memory"] = {{"bytes", peak.bytes}, {"kind", peak.kind}};
        if (quantized)
            j["quantized_base"] = {{"projection_bytes", qb.quantizedBytes()}, {"float_bytes", qb.floatBytes()},
                                   {"load_seconds", qb.load_seconds}};
        auto& hist = j["history"] = nlohmann::json::array();
        for (const auto& p : r.history)
            hist.push_back({{"step", p.step}, {"train_loss", p.train_loss}, {"val_loss", p.val_loss}, {"lr", p.lr}});
        if (writer && args.has("out") && args.has("save-pruned")) {
            // The base first (the model trained on, adapters not merged), then the adapter naming it.
            const std::string base_dir = args.get("save-pruned");
            const std::string base_dtype = args.get("dtype", "f32");
            if (quantized)
                j["pruned_saved"] = saveModel(qb.dequantized(), *m.tokenizer, m.source, base_dir, base_dtype, "hf", "auto", sources);
            else
                j["pruned_saved"] = saveModel(*m.model, *m.tokenizer, m.source, base_dir, base_dtype, "hf", "auto", sources);
            const auto written = pb::saveAdapterForFolder(r.adapters, args.get("out"), base_dir, sources);
            j["adapter"] = written.string();
            j["adapter_base"] = pb::resolvedPath(base_dir).string();
            std::fprintf(stderr, "adapter written to %s (base_model_name_or_path: %s)\n", written.c_str(),
                         pb::resolvedPath(base_dir).c_str());
        } else if (writer && args.has("out")) {
            pb::checkOutputPath(args.get("out"), "adapter folder", sources);
            r.adapters.save(args.get("out"), m.source.string());
            j["adapter"] = args.get("out");
            j["adapter_base"] = m.source.string();
            std::fprintf(stderr, "adapter written to %s\n", args.get("out").c_str());
            const bool hf_source = std::filesystem::is_directory(m.source);
            if (!hf_source || plan)
                std::fprintf(stderr, "note: the adapter names %s as its base, which peft cannot load it on (%s); add "
                                     "--save-pruned DIR to write the model trained on as a Hugging Face folder that the "
                                     "adapter names\n",
                             m.source.string().c_str(), hf_source ? "the adapter fits the pruned model, not this one" : "a GGUF file");
        }
        if (args.has("merge")) {
            const std::string ppl_text = args.get("ppl-text", pb::defaults::kPplText);
            const std::string text = pb::assets::loadText(ppl_text);
            auto ids = m.tokenizer->encode(text, true);
            pb::PerplexityOptions po;
            po.seq_len = 128;
            po.max_windows = kMergePplWindows;
            po.world = o.world;
            const double before = pb::perplexity(*m.model, ids, po).ppl;
            if (quantized) {  // into the dequantized weights (a float copy of every projection)
                m.model = std::make_shared<pb::LlamaModel>(qb.dequantized());
                qb = {};
            }
            r.adapters.mergeInto(*m.model);
            const double after = pb::perplexity(*m.model, ids, po).ppl;
            j["merged"] = {{"ppl_text", ppl_text}, {"ppl_before", before}, {"ppl_after", after},
                           {"windows", po.max_windows}, {"seq_len", po.seq_len}};
            std::fprintf(stderr, "merged: ppl %.3f -> %.3f (%s, %lld windows of %lld)\n", before, after,
                         ppl_text.c_str(), (long long)po.max_windows, (long long)po.seq_len);
            if (writer && args.has("save-merged"))
                j["merged"]["saved"] = saveModel(*m.model, *m.tokenizer, m.source, args.get("save-merged"), merged_dtype,
                                                     "auto", "auto", sources);
        }
        if (json) {
            printJson(j.dump());
        } else {
            std::printf("recover: %lld steps, train loss %.4f, val loss %.4f -> %.4f, %.0f tokens/s (%.1f s)\n",
                        (long long)r.steps_done, r.final_train_loss, r.initial_val_loss, r.final_val_loss, r.tokens_per_s,
                        r.seconds);
        }
        return r.stopped ? 1 : 0;
    }};
}

} // namespace pbcli
