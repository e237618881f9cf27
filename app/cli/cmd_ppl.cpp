#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/distributed.h"
#include "app/cli/progress_line.h"
#include "app/cli/option_limits.h"
#include "app/cli/pipeline_cli.h"
#include "core/data/assets.h"
#include "core/data/benchmark_text.h"
#include "core/data/wikitext_documents.h"
#include "core/eval/rolling_perplexity.h"
#include "core/eval/perplexity.h"
#include "core/tokenizer/tokenizer.h"

namespace pbcli {

namespace {

// ppl --harness lm-eval: lm-eval's wikitext task on the user's WikiText-2 files.
int lmEvalWikitext(const Args& args, const std::string& spec) {
    const auto b = pb::parseBenchmarkSpec(spec);
    if (!b || b->kind != pb::BenchmarkKind::Wikitext2)
        throw UsageError("--harness lm-eval scores lm-eval's wikitext task: give --text wikitext2:PATH (lm-eval has no "
                         "task for other texts)");
    if (args.has("distributed")) throw UsageError("--harness lm-eval runs in one process (no --distributed)");
    pb::RollingOptions ro;
    ro.max_length = args.getInt("max-length", 0, 2, limits::kSeqLen);
    const pb::WikitextDocuments docs = pb::loadWikitextDocuments(b->path);
    pb::LoadedModel m = loadFromArgs(args);
    auto progress = progressPrinter(10);
    const pb::RollingResult r = pb::rollingPerplexity(*m.model, *m.tokenizer, docs.pages, ro, progress);
    if (args.has("json")) {
        printJson(nlohmann::json{{"harness", "lm-eval"}, {"task", "wikitext (document level, rolling windows)"},
                                 {"word_perplexity", r.word_perplexity}, {"byte_perplexity", r.byte_perplexity},
                                 {"bits_per_byte", r.bits_per_byte}, {"loglikelihood", r.loglikelihood},
                                 {"documents", r.documents}, {"words", r.words}, {"bytes", r.bytes},
                                 {"tokens", r.tokens}, {"windows", r.windows}, {"max_length", r.max_length},
                                 {"source", docs.source}, {"file", docs.file.string()}, {"seconds", r.seconds},
                                 {"device", args.get("device", "cpu")}, {"dtype", args.get("dtype", "f32")}}.dump());
        return 0;
    }
    std::printf("lm-eval wikitext: %lld articles (%s of %s), %lld tokens in %lld rolling windows of at most %lld\n",
                (long long)r.documents, docs.source.c_str(), docs.file.filename().string().c_str(), (long long)r.tokens,
                (long long)r.windows, (long long)r.max_length);
    std::printf("word_perplexity %.4f  byte_perplexity %.4f  bits_per_byte %.4f (%.2f s)\n", r.word_perplexity,
                r.byte_perplexity, r.bits_per_byte, r.seconds);
    return 0;
}

} // namespace

Command pplCommand() {
    auto opts = modelOptions();
    opts.push_back({"text", true,
                    "text file, folder of .txt files, demo:moby-dick, demo:sotu, or a standard benchmark from your "
                    "files: wikitext2:PATH (wiki.test.raw, wiki.test.tokens, their folder, or JSON/JSONL rows "
                    "{\"text\"}) or ptb:PATH (ptb.valid.txt, ptb.test.txt, simple-examples/data, or rows "
                    "{\"sentence\"}), rebuilt as the Hugging Face builders' rows joined by blank lines (LLM-Pruner)"});
    opts.push_back({"seq-len", true, "tokens per window (default 128)"});
    opts.push_back({"max-windows", true, "score at most N windows (default: all)"});
    opts.push_back({"batch", true, "windows per forward pass (default 8)"});
    opts.push_back({"harness", true,
                    "llm-pruner (default: the text tokenized once, non-overlapping --seq-len windows, token-level "
                    "perplexity) or lm-eval (its wikitext task, with --text wikitext2:PATH only: one rolling "
                    "log-likelihood per article, word_perplexity, byte_perplexity and bits_per_byte)"});
    opts.push_back({"max-length", true, "lm-eval: tokens per rolling window (default: the model's context length)"});
    opts.push_back(distributedOption());
    for (auto& o : pipelineOptions()) opts.push_back(o);
    markRequired(opts, {"model", "text"});
    return {"ppl", "perplexity on a text (LLM-Pruner protocol: non-overlapping windows; or lm-eval's wikitext task)", opts, [](const Args& args) {
        pb::PerplexityOptions po;
        po.seq_len = args.getInt("seq-len", 128, 2, limits::kSeqLen);
        po.max_windows = args.getInt("max-windows", 0, 0, limits::kWindows);
        po.batch = args.getInt("batch", 8, 1, limits::kBatch);
        po.world = &worldFor(args);  // windows shared among the ranks (--distributed)
        const std::string spec = args.required("text");
        const std::string harness = args.get("harness", "llm-pruner");
        if (harness != "llm-pruner" && harness != "lm-eval")
            throw UsageError("option '--harness' is '" + harness + "', use llm-pruner or lm-eval");
        if (harness == "lm-eval") return lmEvalWikitext(args, spec);
        std::optional<pb::BenchmarkText> bench;  // wikitext2:PATH, ptb:PATH
        if (const auto b = pb::parseBenchmarkSpec(spec)) bench = pb::loadBenchmarkText(b->kind, b->path);
        else if (const auto k = pb::detectBenchmarkKind(pb::assets::textSourcePath(spec)))
            std::fprintf(stderr, "note: '%s' is read as plain text; --text %s rebuilds %s's rows as LLM-Pruner reads them\n",
                         spec.c_str(), pb::benchmarkSpec(*k, spec).c_str(), pb::benchmarkTitle(*k).c_str());
        const std::string text = bench ? bench->text : pb::assets::loadText(spec);
        if (bench && !args.has("json")) std::printf("%s\n", pb::describeBenchmark(*bench).c_str());
        if (pipelined(args)) return pipelinePpl(args, po, text);  // the model split across the ranks
        pb::LoadedModel m = loadFromArgs(args);
        std::vector<int32_t> ids = m.tokenizer->encode(text, true);
        auto progress = progressPrinter(10);
        pb::PerplexityResult r = pb::perplexity(*m.model, ids, po, progress);
        if (args.has("json")) {
            printJson(nlohmann::json{{"ppl", r.ppl}, {"tokens", r.tokens}, {"windows", r.windows},
                                     {"seq_len", r.seq_len}, {"tokens_per_s", r.tokens_per_s},
                                     {"seconds", r.seconds}, {"device", args.get("device", "cpu")},
                                     {"dtype", args.get("dtype", "f32")},
                                     {"protocol", "LLM-Pruner: non-overlapping windows, token-level"},
                                     {"dataset", bench ? nlohmann::json{{"name", pb::benchmarkPrefix(bench->kind)},
                                                                        {"hf_dataset", bench->dataset},
                                                                        {"split", bench->split},
                                                                        {"file", bench->file.string()},
                                                                        {"rows", bench->rows.size()},
                                                                        {"format", bench->format},
                                                                        {"description", pb::describeBenchmark(*bench)}}
                                                       : nlohmann::json(nullptr)}}.dump());
            return 0;
        }
        std::printf("ppl %.4f over %lld windows x %lld tokens (%lld tokens, %.1f tokens/s, %.2f s)\n", r.ppl,
                    (long long)r.windows, (long long)r.seq_len, (long long)r.tokens, r.tokens_per_s, r.seconds);
        return 0;
    }};
}

} // namespace pbcli
