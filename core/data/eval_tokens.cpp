#include "core/data/eval_tokens.h"

#include "core/data/assets.h"
#include "core/tokenizer/tokenizer.h"

namespace pb {

std::vector<int32_t> evalTokens(const Tokenizer& tokenizer, const std::string& spec, int64_t windows, int64_t seq_len) {
    std::string text = assets::loadText(spec);
    if (windows > 0 && seq_len > 0) {
        const size_t keep = static_cast<size_t>((windows + 1) * seq_len * 16);
        if (text.size() > keep) {
            size_t cut = keep;
            while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;  // UTF-8 boundary
            text.resize(cut);
        }
    }
    return tokenizer.encode(text, true);
}

} // namespace pb
