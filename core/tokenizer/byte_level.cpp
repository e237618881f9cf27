// Bytes 0x21-0x7E, 0xA1-0xAC, 0xAE-0xFF map to themselves; the other 68 bytes, in
// increasing order, to U+0100, U+0101, ... (tokenizers byte_level.rs bytes_char).
#include "core/tokenizer/byte_level.h"

#include <array>

#include "core/tokenizer/unicode.h"

namespace pb::byte_level {
namespace {

struct Tables {
    std::array<char32_t, 256> to_cp{};
    std::array<std::string, 256> to_utf8;
    std::array<int16_t, 0x144> to_byte{};  // every alphabet code point is < U+0144
    Tables() {
        to_byte.fill(-1);
        char32_t next = 0x100;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
            to_cp[b] = printable ? static_cast<char32_t>(b) : next++;
            to_utf8[b] = unicode::toUtf8(to_cp[b]);
            to_byte[to_cp[b]] = static_cast<int16_t>(b);
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

} // namespace

char32_t byteToCodepoint(uint8_t b) { return tables().to_cp[b]; }

std::optional<uint8_t> codepointToByte(char32_t cp) {
    const auto& t = tables();
    if (cp >= t.to_byte.size() || t.to_byte[cp] < 0) return std::nullopt;
    return static_cast<uint8_t>(t.to_byte[cp]);
}

std::string encode(std::string_view bytes) {
    const auto& t = tables();
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) out += t.to_utf8[static_cast<uint8_t>(c)];
    return out;
}

std::optional<std::string> decode(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    const unicode::CodePoints cps = unicode::decodeUtf8(token);
    for (char32_t cp : cps.cps) {
        auto b = codepointToByte(cp);
        if (!b) return std::nullopt;
        out += static_cast<char>(*b);
    }
    return out;
}

} // namespace pb::byte_level
