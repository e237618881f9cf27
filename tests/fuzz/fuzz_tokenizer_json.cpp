// libFuzzer: tokenizer.json -> Tokenizer (model, added tokens, normalizer, pre-tokenizer,
// post-processor, decoder), then encode/decode of fixed probes and of the input itself.
#include <algorithm>

#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto dir = pbfuzz::folder("tok");
    pbfuzz::writeFile(dir / "tokenizer.json", data, size);
    try {
        const auto tok = pb::Tokenizer::fromHuggingFace(dir);
        for (std::string_view probe : pbfuzz::kProbes) {
            const auto ids = tok->encode(probe, true);
            (void)tok->decode(ids, true);
        }
        const std::string_view self(reinterpret_cast<const char*>(data), std::min<size_t>(size, 512));
        (void)tok->decode(tok->encode(self, false));
        (void)tok->tokenText(tok->vocabSize() - 1);
    } catch (const pb::Error&) {
    }
    return 0;
}
