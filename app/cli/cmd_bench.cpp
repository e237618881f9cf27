#include <cstdio>
#include <iostream>

#include "app/cli/commands.h"
#include "core/bench/bench.h"

namespace pbcli {

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
    opts.push_back({"criterion", true, "score: width criterion (default taylor_element1)"});
    opts.push_back({"checkpointing", false, "lora: gradient checkpointing"});
    opts.push_back({"seed", true, "random weights and tokens (default 0)"});
    return {"bench", "time scoring, perplexity, LoRA or decoding: tokens/s, peak memory, FLOP utilisation", opts,
            [](const Args& args) {
        pb::BenchOptions o;
        o.model = args.required("model");
        o.work = args.get("work", "ppl");
        o.device = args.get("device", "cpu");
        o.dtype = args.get("dtype", "f32");
        o.batch = args.getInt("batch", 0);
        o.seq = args.getInt("seq", 0);
        o.repeat = args.getInt("repeat", 3);
        o.warmup = args.getInt("warmup", 1);
        o.prompt = args.getInt("prompt", 16);
        o.micro_batch = args.getInt("micro-batch", 0);
        o.criterion = args.get("criterion", "taylor_element1");
        o.checkpointing = args.has("checkpointing");
        o.seed = static_cast<uint64_t>(args.getInt("seed", 0));
        if (o.batch < 0 || o.seq < 0 || o.micro_batch < 0) throw UsageError("sizes must not be negative");
        auto progress = [](double, std::string_view stage) {
            std::fprintf(stderr, "[bench] %.*s\n", static_cast<int>(stage.size()), stage.data());
            return true;
        };
        const pb::BenchResult r = pb::runBench(o, progress);
        if (args.has("json")) printJson(pb::benchJson(r));
        else std::cout << pb::benchText(r);
        return 0;
    }};
}

} // namespace pbcli
