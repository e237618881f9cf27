// libFuzzer: a user's WikiText-2 / PTB file (raw lines or JSON / JSONL rows) read as both kinds,
// as lm-eval's wikitext documents, and its articles detokenized and counted.
#include <string>

#include "core/data/benchmark_text.h"
#include "core/data/wikitext_documents.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The first byte picks the file name the readers see (it decides split, variant and format).
    static const char* const kNames[] = {"wiki.test.raw", "wiki.valid.tokens", "ptb.test.txt", "rows.jsonl", "rows.json"};
    if (size == 0) return 0;
    const std::string name = kNames[data[0] % 5];
    const auto path = pbfuzz::writeInput(name, data + 1, size - 1);
    for (const pb::BenchmarkKind kind : {pb::BenchmarkKind::Wikitext2, pb::BenchmarkKind::Ptb}) {
        try {
            const pb::BenchmarkText b = pb::loadBenchmarkText(kind, path);
            (void)pb::describeBenchmark(b);
        } catch (const pb::Error&) {
        }
    }
    (void)pb::detectBenchmarkKind(path);
    try {
        const pb::WikitextDocuments docs = pb::loadWikitextDocuments(path);
        for (const std::string& page : docs.pages) {
            (void)pb::wikitextDetokenize(page);
            (void)pb::pySplitWordCount(page);
        }
    } catch (const pb::Error&) {
    }
    return 0;
}
