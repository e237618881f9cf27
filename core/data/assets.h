#pragma once
// Where the demo assets live (XDG cache) and how "demo" names resolve.
#include <filesystem>
#include <string>

namespace pb::assets {

// $XDG_CACHE_HOME/prunebench, else $HOME/.cache/prunebench.
std::filesystem::path cacheDir();
// cacheDir()/SmolLM2-135M-Instruct.Q4_1.gguf
std::filesystem::path demoModelPath();
// cacheDir()/text/moby-dick.txt and cacheDir()/text/sotu/*.txt
std::filesystem::path demoTextDir();
// cacheDir()/tasks: the task pack's data (core/evalzs/pack.h), fetched with the demo texts
std::filesystem::path taskDataDir();
bool demoAvailable();

// "demo" -> demoModelPath(), "demo:NAME" -> a sample model (core/data/sample_models.h); anything
// else is a path (folder or .gguf). Throws pb::Error when the path does not exist, naming it (and
// for a sample model the command that fetches it).
std::filesystem::path resolveModel(const std::string& spec);

// "demo:moby-dick", "demo:sotu" (all addresses in year order, joined by blank lines), a path to
// a UTF-8 text file, or a folder: its *.txt files in name order joined by blank lines
// (core/data/text_files.h); "wikitext2:PATH" / "ptb:PATH": WikiText-2 / PTB files rebuilt as
// the Hugging Face builders' rows joined by blank lines (core/data/benchmark_text.h).
// Throws pb::Error on a missing, binary, non-UTF-8 or empty text.
std::string loadText(const std::string& spec);

// The file or folder a text spec reads ("demo:sotu" -> its folder), for the output rule
// (core/util/output_path.h): an output may not replace a text the run reads.
std::filesystem::path textSourcePath(const std::string& spec);

} // namespace pb::assets
