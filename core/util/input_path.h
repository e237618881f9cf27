#pragma once
// One rule for every file the program reads: it must be a regular file (or, for a
// Hugging Face model, a folder) no larger than a limit for its kind, and it is
// opened without blocking so a FIFO or a device never hangs the reader.
// Messages name what the file is for ("text file", "model file", ...), the path
// and the problem, e.g. "text file '/dev/zero' is not a regular file (it is a
// character device)" or "text file 'big.txt' is 3.2 GiB, more than the limit of 1 GiB".
#include <cstdint>
#include <filesystem>
#include <string>

namespace pb {

// Limits for untrusted inputs (documented in docs/limits.md).
inline constexpr uint64_t kMaxTextFileBytes = uint64_t(1) << 30;       // --text/--calib/--eval/recovery texts: 1 GiB
inline constexpr uint64_t kMaxJsonFileBytes = uint64_t(256) << 20;     // config.json, tokenizer.json, plan JSON: 256 MiB
inline constexpr uint64_t kMaxModelFileBytes = uint64_t(4) << 40;      // one GGUF / safetensors file: 4 TiB

// "1.5 GiB", "12 MiB", "300 bytes": for messages.
std::string describeBytes(uint64_t bytes);

// Checks `path` (symlinks followed) is an existing regular file of at most
// `max_bytes`; returns its size. Throws pb::Error "WHAT 'PATH' ..." otherwise
// (missing, a folder, a FIFO, a device, a socket, too large).
uint64_t checkInputFile(const std::filesystem::path& path, const std::string& what, uint64_t max_bytes);

// A model path: a regular file (limit kMaxModelFileBytes) or a folder.
// Throws pb::Error "model path 'PATH' ..." otherwise.
void checkInputModelPath(const std::filesystem::path& path);

// Opens `path` read-only without blocking (O_NONBLOCK, then cleared), checks on the
// open descriptor that it is a regular file of at most `max_bytes` (no race with a
// swapped path), and returns the descriptor; `size` receives the file size.
// The caller closes the descriptor. Throws pb::Error like checkInputFile.
int openInputFile(const std::filesystem::path& path, const std::string& what, uint64_t max_bytes, uint64_t& size);

// Whole file as bytes, read through openInputFile and never more than `max_bytes`
// (a file that grows while read is refused with the same message).
std::string readInputFile(const std::filesystem::path& path, const std::string& what, uint64_t max_bytes);

} // namespace pb
