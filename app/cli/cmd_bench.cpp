#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/progress_line.h"
#include "app/cli/enum_args.h"
#include "app/cli/option_limits.h"
#include "core/bench/bench.h"
#include "core/bench/random_gguf.h"
#include "core/bench/shapes.h"
#include "core/data/assets.h"

namespace pbcli {

namespace {

// bench --model shape:NAME --write-gguf FILE: the streamed runs' model on disk.
int writeRandom(const Args& args) {
    const std::string shape = pb::shapeNameOf(args.required("model"));
    if (shape.empty()) throw UsageError("--write-gguf needs --model shape:NAME");
    pb::RandomGgufOptions o;
    o.dtype = args.get("quant", "q4_0");
    o.seed = static_cast<uint64_t>(args.getInt("seed", 0, 0, limits::kSeed));
    const std::string tok = args.get("tokenizer", "demo");
    o.tokenizer_from = pb::assets::resolveModel(tok);
    auto progress = progressPrinter(5);
    const pb::RandomGgufResult r = pb::writeRandomGguf(pb::benchShape(shape), args.get("write-gguf"), o, progress);
    const nlohmann::json j = {{"file", r.file.string()}, {"bytes", r.bytes}, {"parameters", r.parameters},
                              {"bf16_bytes", 2 * r.parameters}, {"quant", o.dtype}, {"seconds", r.seconds},
                              {"write_bytes_per_s", r.seconds > 0 ? double(r.bytes) / r.seconds : 0.0}};
    if (args.has("json")) printJson(j.dump());
    else std::cout << j.dump(2) << "\n";
    return 0;
}

} // namespace

Command benchCommand() {
    auto opts = modelOptions();
    opts[0].help = "model folder, .gguf, 'demo', or shape:llama-7b|llama-3-8b|smollm2-135m|tiny (random weights)";
    opts.push_back({"work", true, "score | ppl | lora | generate (default ppl)"});
    opts.push_back({"batch", true, "samples / windows / micro-batch / sequences (default 10 | 4 | 4 | 1)"});
    opts.push_back({"seq", true, "tokens per sample (default 128 | 128 | 256), generate: new tokens (64)"});
    opts.push_back({"repeat", true, "timed iterations, median reported (default 3)"});
    opts.push_back({"warmup", true, "untimed iterations first (default 1)"});
    opts.push_back({"prompt", true, "generate: prompt tokens (default 16)"});
    opts.push_back({"micro-batch", true, "score: samples per forward/backward pass (default: all)"});
    opts.push_back({"criterion", true, "score: width criterion, one of " + pb::criterionList(false) + " (default " +
                                           pb::criterionName(pb::defaults::kWidthCriterion) + ")"});
    opts.push_back({"checkpointing", false, "lora: gradient checkpointing"});
    opts.push_back({"seed", true, "random weights and tokens (default 0)"});
    opts.push_back({"profile", true, "folder: profile the timed iterations (torch profiler; trace.json, summary.txt)"});
    opts.push_back({"write-gguf", true, "instead of timing: write the shape's random weights to this GGUF file"});
    opts.push_back({"quant", true, "--write-gguf: q4_0 (default), q8_0 or f16"});
    opts.push_back({"tokenizer", true, "--write-gguf: the model whose tokenizer is embedded (default demo)"});
    markRequired(opts, {"model"});
    return {"bench", "time scoring, perplexity, LoRA or decoding: tokens/s, peak memory, FLOP utilisation", opts,
            [](const Args& args) {
        if (args.has("write-gguf")) return writeRandom(args);
        pb::BenchOptions o;
        o.model = args.required("model");
        o.work = args.get("work", "ppl");
        o.device = args.get("device", "cpu");
        o.dtype = args.get("dtype", "f32");
        o.batch = args.getInt("batch", 0, 0, limits::kBatch, "0 is the work's default");
        o.seq = args.getInt("seq", 0, 0, limits::kSeqLen, "0 is the work's default");
        o.repeat = args.getInt("repeat", 3, 1, 10000);
        o.warmup = args.getInt("warmup", 1, 0, 10000);
        o.prompt = args.getInt("prompt", 16, 1, limits::kTokens);
        o.micro_batch = args.getInt("micro-batch", 0, 0, limits::kBatch, "0 is all samples");
        o.criterion = criterionArg(args, pb::defaults::kWidthCriterion, false);
        o.checkpointing = args.has("checkpointing");
        o.seed = static_cast<uint64_t>(args.getInt("seed", 0, 0, limits::kSeed));
        o.profile = args.get("profile", "");
        auto progress = progressPrinter(5);
        const pb::BenchResult r = pb::runBench(o, progress);
        if (!r.profile_summary.empty()) std::cerr << r.profile_summary;
        if (args.has("json")) printJson(pb::benchJson(r));
        else std::cout << pb::benchText(r);
        return 0;
    }};
}

} // namespace pbcli
