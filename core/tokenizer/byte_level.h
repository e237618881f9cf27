#pragma once
// GPT-2 byte-level alphabet: every byte maps to one printable code point so that
// byte-level BPE vocabularies are plain strings (tokenizers byte_level.rs).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pb::byte_level {

// Code point standing for byte b.
char32_t byteToCodepoint(uint8_t b);
// The byte a code point stands for, or nullopt for code points outside the alphabet.
std::optional<uint8_t> codepointToByte(char32_t cp);

// Maps every byte of text to its alphabet character (UTF-8 encoded).
std::string encode(std::string_view bytes);
// Inverse of encode for a token; nullopt if it holds a character outside the
// alphabet (added tokens like "<|im_start|>" are inside it, since ASCII maps to itself).
std::optional<std::string> decode(std::string_view token);

} // namespace pb::byte_level
