#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/data/assets.h"
#include "core/tokenizer/tokenizer.h"

namespace pbcli {

Command tokenizeCommand() {
    return {"tokenize", "token ids of a text with the model's tokenizer",
            {{"model", true, "model folder, .gguf file, or 'demo'", true},
             {"text", true, "text file, folder of .txt files, demo:moby-dick or demo:sotu", true},
             {"no-special", false, "do not add BOS/EOS"},
             {"json", false, "print {\"ids\": [...]} on stdout"}},
            [](const Args& args) {
                auto tok = pb::loadTokenizer(pb::assets::resolveModel(args.required("model")));
                const std::string text = pb::assets::loadText(args.required("text"));
                const auto t0 = std::chrono::steady_clock::now();
                std::vector<int32_t> ids = tok->encode(text, !args.has("no-special"));
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                std::fprintf(stderr, "%zu bytes -> %zu tokens in %.3f s (%s)\n", text.size(), ids.size(), s,
                             tok->kind().c_str());
                if (args.has("json")) {
                    printJson(nlohmann::json{{"ids", ids}, {"count", ids.size()}, {"seconds", s}}.dump());
                    return 0;
                }
                for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
                std::cout << "\n";
                return 0;
            }};
}

} // namespace pbcli
