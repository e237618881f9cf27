#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/option_limits.h"
#include "core/model/generator.h"

namespace pbcli {

Command generateCommand() {
    auto opts = modelOptions();
    opts.push_back({"prompt", true, "the prompt text"});
    opts.push_back({"max-tokens", true, "tokens to generate (default 64)"});
    opts.push_back({"temperature", true, "0 = greedy (default), else sampling temperature"});
    opts.push_back({"top-k", true, "sample among the k most likely tokens (0 = off)"});
    opts.push_back({"top-p", true, "nucleus sampling mass (1 = off)"});
    opts.push_back({"seed", true, "random seed (default 1234)"});
    markRequired(opts, {"model", "prompt"});
    return {"generate", "continue a prompt (KV-cached; greedy, temperature, top-k, top-p)", opts, [](const Args& args) {
        pb::GenerateOptions go;
        go.max_tokens = args.getInt("max-tokens", 64, 0, limits::kTokens);
        go.temperature = args.getDouble("temperature", 0.0, {0.0, 100.0}, "0 is greedy");
        go.top_k = args.getInt("top-k", 0, 0, maxOf<int32_t>(), "0 is off");
        go.top_p = args.getDouble("top-p", 1.0, {0.0, 1.0, true, false}, "1 is off");
        go.seed = static_cast<uint64_t>(args.getInt("seed", 1234, 0, limits::kSeed));
        const std::string prompt = args.required("prompt");
        pb::LoadedModel m = loadFromArgs(args);
        const bool json = args.has("json");
        auto stream = [&](const std::string& piece) {
            if (!json) std::cout << piece << std::flush;
            return true;
        };
        if (!json) std::cout << prompt;
        pb::GenerateResult r = pb::generate(*m.model, *m.tokenizer, prompt, go, stream);
        if (json) {
            printJson(nlohmann::json{{"text", r.text}, {"tokens", r.ids.size()}, {"prompt_tokens", r.prompt_tokens},
                                     {"tokens_per_s", r.tokens_per_s}, {"seconds", r.seconds}}.dump());
        } else {
            std::cout << "\n";
            std::fprintf(stderr, "%zu tokens, %.1f tokens/s\n", r.ids.size(), r.tokens_per_s);
        }
        return 0;
    }};
}

} // namespace pbcli
