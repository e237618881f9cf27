#pragma once
// Shared by the libFuzzer harnesses: the readers take paths (they map files), so each
// input is written to a scratch file under $TMPDIR (scripts/fuzz.sh points it at a
// tmpfs). Harnesses catch pb::Error only: anything else escaping a reader (std::bad_alloc,
// nlohmann exceptions, a crash, a sanitizer report) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace pbfuzz {

inline const std::filesystem::path& scratchDir() {
    static const std::filesystem::path dir = [] {
        const auto d = std::filesystem::temp_directory_path() / ("pb-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratchDir(), ec);
        });
        return d;
    }();
    return dir;
}

inline std::filesystem::path writeFile(const std::filesystem::path& path, const uint8_t* data, size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

inline std::filesystem::path writeInput(const std::string& name, const uint8_t* data, size_t size) {
    return writeFile(scratchDir() / name, data, size);
}

// A folder under the scratch dir (created once).
inline std::filesystem::path folder(const std::string& name) {
    const auto d = scratchDir() / name;
    std::filesystem::create_directories(d);
    return d;
}

// Texts the tokenizer harnesses encode: ASCII, specials, digits, accents, CJK, invalid UTF-8.
inline constexpr std::string_view kProbes[] = {
    "Hello world! It's 2024; x=3.14 <s> </s> <|endoftext|>\n\n  tabs\tand CRLF\r\n",
    "Caf\xC3\xA9 na\xC3\xAFve \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xF0\x9F\xA4\x96 don't 1234567890",
    "\xFF\xFE invalid \xC3 bytes \xE2\x82",
};

} // namespace pbfuzz
