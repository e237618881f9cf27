#pragma once
// What the built-in task builders share (core/evalzs/builtin.cpp, pack_*.cpp): the seeded
// generator, deterministic sampling, sentence splitting and text clean-up. No torch.
#include <cstdint>
#include <string>
#include <vector>

#include "core/evalzs/tasks.h"

namespace pb::zs {

// splitmix64: the same numbers on every machine and compiler for the same seed.
struct SplitMix {
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return size_t(next() % uint64_t(n)); }
};

// Fisher-Yates with `rng` (the order of `v` going in matters: callers sort first).
template <class T>
void shuffleWith(std::vector<T>& v, SplitMix& rng) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// A seed of its own for each task built from one pack seed (FNV-1a of the task name).
uint64_t taskSeed(uint64_t seed, const std::string& task);

// `k` distinct indices of [0, n) other than `except`, in draw order (k <= n - 1).
std::vector<size_t> distinctOthers(size_t n, size_t except, size_t k, SplitMix& rng);

// A multiple-choice item: continuation " " + choice for each choice, gold at `gold`.
Item choiceItem(const std::string& context, const std::vector<std::string>& choices, int gold);
// The same with the gold answer put at a uniformly drawn position among the distractors.
Item shuffledChoiceItem(const std::string& context, const std::string& answer,
                        const std::vector<std::string>& distractors, SplitMix& rng);

// Sentences of one paragraph: they end after . ! ? (and closing quotes) before whitespace and
// an upper-case letter or an opening quote; Mr. Mrs. Dr. St. do not end sentences.
std::vector<std::string> splitSentences(const std::string& paragraph);

// Valid UTF-8 kept, any other byte becomes '?'; control characters but \n become spaces.
std::string cleanUtf8(const std::string& s);
// Whitespace-separated words.
std::vector<std::string> words(const std::string& s);
// Leading and trailing ASCII whitespace removed.
std::string trim(const std::string& s);
// Lines of a text file (\n or \r\n), trimmed, empty ones and ones starting with ';' dropped.
std::vector<std::string> dataLines(const std::string& text);

} // namespace pb::zs
