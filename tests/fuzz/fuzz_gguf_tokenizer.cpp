// libFuzzer: the tokenizer embedded in GGUF metadata (tokenizer.ggml.*), then encode/decode
// and its conversion to tokenizer.json (the export path).
#include "core/io/gguf.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = pbfuzz::writeInput("tok.gguf", data, size);
    try {
        const pb::gguf::File f = pb::gguf::File::open(path);
        const auto tok = pb::Tokenizer::fromGguf(f);
        for (std::string_view probe : pbfuzz::kProbes) {
            const auto ids = tok->encode(probe, true);
            (void)tok->decode(ids, false);
            (void)tok->decode(ids, true);
        }
        (void)tok->decode({-1, 0, tok->vocabSize() - 1, tok->vocabSize(), 1 << 30});
        if (size % 4 == 0) (void)pb::toHuggingFaceTokenizer(*tok, path, 128);  // a quarter of the inputs
    } catch (const pb::Error&) {
    }
    return 0;
}
