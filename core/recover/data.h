#pragma once
// Training data for recovery (formats.md §7). No torch here.
//  - Alpaca records {instruction, input, output} from a JSON array or JSONL file, put in the
//    standard template; the prompt's tokens are masked out of the loss (label -100) unless
//    train_on_inputs. Tokenized with the model's special tokens (BOS), truncated at cutoff,
//    EOS appended when it fits (LLM-Pruner / alpaca-lora generate_and_tokenize_prompt).
//  - Plain text: non-overlapping windows of `cutoff` tokens, every token supervised.
#include <cstdint>
#include <string>
#include <vector>

namespace pb {

class Tokenizer;

struct AlpacaRecord {
    std::string instruction, input, output;
};

struct TrainExample {
    std::vector<int64_t> ids;
    std::vector<int64_t> labels;  // -100 = not in the loss
};

// The Alpaca template with `output` appended (output "" gives the prompt alone).
std::string alpacaPrompt(const AlpacaRecord& r, bool with_output = true);
// Parses a JSON array of records or JSONL (one object per line). Throws pb::Error naming the line/record.
std::vector<AlpacaRecord> parseAlpaca(const std::string& text);
// Throws pb::Error when the prompt's ids are not a prefix of the full ids.
TrainExample alpacaExample(const Tokenizer& tok, const AlpacaRecord& r, int64_t cutoff, bool train_on_inputs = false);
std::vector<TrainExample> textWindows(const Tokenizer& tok, const std::string& text, int64_t cutoff);

// Whether the text looks like Alpaca JSON/JSONL (first non-space character '[' or '{').
bool looksLikeJson(const std::string& text);

} // namespace pb
