#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/distributed.h"
#include "app/cli/progress_line.h"
#include "app/cli/option_limits.h"
#include "app/cli/pipeline_cli.h"
#include "core/data/assets.h"
#include "core/eval/perplexity.h"
#include "core/tokenizer/tokenizer.h"

namespace pbcli {

Command pplCommand() {
    auto opts = modelOptions();
    opts.push_back({"text", true, "text file, folder of .txt files, demo:moby-dick or demo:sotu"});
    opts.push_back({"seq-len", true, "tokens per window (default 128)"});
    opts.push_back({"max-windows", true, "score at most N windows (default: all)"});
    opts.push_back({"batch", true, "windows per forward pass (default 8)"});
    opts.push_back(distributedOption());
    for (auto& o : pipelineOptions()) opts.push_back(o);
    markRequired(opts, {"model", "text"});
    return {"ppl", "perplexity on a text (LLM-Pruner protocol: non-overlapping windows)", opts, [](const Args& args) {
        pb::PerplexityOptions po;
        po.seq_len = args.getInt("seq-len", 128, 2, limits::kSeqLen);
        po.max_windows = args.getInt("max-windows", 0, 0, limits::kWindows);
        po.batch = args.getInt("batch", 8, 1, limits::kBatch);
        po.world = &worldFor(args);  // windows shared among the ranks (--distributed)
        const std::string text = pb::assets::loadText(args.required("text"));
        if (pipelined(args)) return pipelinePpl(args, po, text);  // the model split across the ranks
        pb::LoadedModel m = loadFromArgs(args);
        std::vector<int32_t> ids = m.tokenizer->encode(text, true);
        auto progress = progressPrinter(10);
        pb::PerplexityResult r = pb::perplexity(*m.model, ids, po, progress);
        if (args.has("json")) {
            printJson(nlohmann::json{{"ppl", r.ppl}, {"tokens", r.tokens}, {"windows", r.windows},
                                     {"seq_len", r.seq_len}, {"tokens_per_s", r.tokens_per_s},
                                     {"seconds", r.seconds}, {"device", args.get("device", "cpu")},
                                     {"dtype", args.get("dtype", "f32")}}.dump());
            return 0;
        }
        std::printf("ppl %.4f over %lld windows x %lld tokens (%lld tokens, %.1f tokens/s, %.2f s)\n", r.ppl,
                    (long long)r.windows, (long long)r.seq_len, (long long)r.tokens, r.tokens_per_s, r.seconds);
        return 0;
    }};
}

} // namespace pbcli
