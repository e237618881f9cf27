#pragma once
// Built-in zero-shot tasks made deterministically from real text (no downloads). Default
// source: demo:moby-dick, which is held out from calibration and recovery (their default
// text is demo:sotu). No torch here.
//
// The text is cut into chapters (lines "CHAPTER N. ..."; a text without them is one
// chapter), paragraphs (blank lines; wrapped lines joined with spaces) and sentences
// (after . ! ? with optional closing quotes, before whitespace and an upper-case letter or
// an opening quote; Mr. Mrs. Dr. St. do not end sentences). A splitmix64 generator seeded
// with `seed` picks everything, so the same text and seed give the same items everywhere.
//
//  next_sentence: context = two consecutive sentences of a paragraph; choices = the sentence
//    that follows them and 3 sentences of 0.6x-1.6x its length from other chapters;
//    continuation " " + choice. acc and acc_norm.
//  cloze: context = the previous sentence (when the paragraph has one) + " " + a sentence of
//    at least 10 words without its last word; the sentence ends in a lower-case word of 3+
//    letters and a period; choices = that word and 3 other sentence-final words (length
//    within 2 letters) from other chapters; continuation " " + word. acc and acc_norm.
// The gold position is drawn uniformly from 0..3. Items never reuse a gold sentence.
#include <cstdint>
#include <string>
#include <vector>

#include "core/evalzs/tasks.h"

namespace pb::zs {

const std::vector<std::string>& builtinTaskNames();  // next_sentence, cloze (the "demo" tasks)
// Any task of the offline pack (core/evalzs/pack.h), these two included.
bool isBuiltinTask(const std::string& name);
// next_sentence or cloze on `text`. Throws pb::Error when the text is too small for `items` items.
Task builtinTask(const std::string& name, const std::string& text, int64_t items = 200, uint64_t seed = 20240601);
// Any pack task from the fetched data (pack.h packTask; next_sentence and cloze on demo:moby-dick).
Task builtinDemoTask(const std::string& name, int64_t items = 200, uint64_t seed = 20240601);

// Sentences of each chapter, in order (exposed for tests). Paragraph boundaries are kept as
// separate lists: chapters[c][p] = sentences of paragraph p of chapter c.
std::vector<std::vector<std::vector<std::string>>> splitChapters(const std::string& text);

} // namespace pb::zs
