#include "app/cli/harness_arg.h"

#include <string>

#include "core/util/error.h"

namespace pbcli {

OptionSpec harnessOption() {
    return {"harness", true,
            "whose rules encode the requests and average the tasks: lm-eval (default; lm-evaluation-harness "
            ">= 0.4.9.2: one encoding with the tokenizer's special tokens, trailing space moved into the "
            "continuation; average = acc weighted by items), lm-eval-0.4.8 (the same without special "
            "tokens) or llm-pruner (LLM-Pruner's lm-eval ~0.3: context and continuation encoded apart "
            "without special tokens, EOS for an empty context; average = plain mean of acc_norm for "
            "hellaswag, arc_challenge, openbookqa and acc for the rest)"};
}

pb::zs::Harness harnessArg(const Args& args) {
    try {
        return pb::zs::parseHarness(args.get("harness", "lm-eval"));
    } catch (const pb::Error& e) {
        throw UsageError(std::string("option '--harness': ") + e.what());
    }
}

} // namespace pbcli
