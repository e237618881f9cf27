#pragma once
// Any text as input: one file, or a folder of *.txt files, for calibration, perplexity and
// recovery alike (core/data/assets.h loadText reads every text spec through here). The rules
// live once:
//  - a file must be a regular file (core/util/input_path.h, at most kMaxTextFileBytes), valid
//    UTF-8 (a leading byte-order mark is dropped) and not binary (no NUL byte, few control
//    characters), and hold more than white space;
//  - a folder reads its *.txt files (the extension in any case; directly inside it, not in
//    subfolders; hidden files skipped) in name order (byte order of the names), each checked
//    like a file, joined by blank lines ("\n\n"); empty files are skipped; together at most
//    kMaxTextFileBytes.
// Every refusal is one pb::Error naming the path and the problem. Torch-free.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pb {

// The *.txt files of `dir` in name order. Throws pb::Error when `dir` is not a folder or
// holds none.
std::vector<std::filesystem::path> textFolderFiles(const std::filesystem::path& dir);

// Throws pb::Error "text file 'PATH' ..." when `bytes` are binary (a NUL byte, or more than
// 1 in 20 of the first 64 KiB are control characters other than tab, line feed, carriage
// return, form feed and escape) or not UTF-8 (names the byte offset, line and byte value).
void checkTextBytes(const std::string& bytes, const std::filesystem::path& path);

// One file or a folder, as above; the whole text. Throws pb::Error (missing, not a regular file
// or folder, too large, binary, not UTF-8, empty).
std::string readTextPath(const std::filesystem::path& path);

} // namespace pb
