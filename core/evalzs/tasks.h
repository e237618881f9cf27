#pragma once
// Zero-shot multiple-choice tasks as lm-evaluation-harness builds them (formats.md §6).
// No torch here: prompt construction and metrics are plain C++; the log-likelihood of a
// (context, continuation) pair comes from an injectable function (loglikelihood.h gives
// the model-backed one).
//
// Each choice i is one request (context_i, continuation_i); its log-likelihood is
// Σ log p(continuation tokens | context). acc = [argmax_i LL_i == gold];
// acc_norm = [argmax_i LL_i / len(choice_i) == gold] with len = code points of the choice
// text without the leading space. stderr = sqrt(p(1-p)/(n-1)) (sample stderr of a mean of
// 0/1 values, as the harness computes it). Ties go to the first maximum (numpy argmax).
// The per-item answers are kept (Metrics::correct) for the 95% intervals and paired tests
// of stats.h.
//
// Files: the Hugging Face datasets' rows as a JSON array, JSONL, or {"data"|"rows": [...]}
// (rows may be wrapped as {"row": {...}} like the datasets-server API returns them).
//  boolq       {question, passage, label (0/1) | answer (bool)}
//  piqa        {goal, sol1, sol2, label}
//  hellaswag   {activity_label, ctx_a, ctx_b, endings[4], label}
//  winogrande  {sentence, option1, option2, answer "1"/"2"}
//  arc_easy, arc_challenge  {question, choices{text[], label[]}, answerKey}
//  openbookqa  {question_stem, choices{text[], label[]}, answerKey}
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/report/results.h"  // TaskMetrics
#include "core/util/progress.h"

namespace pb::zs {

struct Request {
    std::string context;
    std::string continuation;
    bool operator==(const Request&) const = default;
};

struct Item {
    std::vector<Request> requests;     // one per choice
    std::vector<std::string> choices;  // choice texts (acc_norm lengths)
    int gold = 0;
};

struct Task {
    std::string name;
    std::vector<Item> items;
    bool has_acc_norm = true;  // BoolQ and WinoGrande report acc only
};

// One log-likelihood per request, in order.
using LogLikelihoodFn = std::function<std::vector<double>(const std::vector<Request>&)>;

using Metrics = TaskMetrics;  // core/report/results.h

// ---- harness rules -------------------------------------------------------------------------
// Python str.capitalize() for ASCII letters (first upper, rest lower; other bytes untouched).
std::string pyCapitalize(const std::string& s);
// HellaSwag preprocess: strip, " [title]" -> ". ", drop "[...]" (non-greedy), "  " -> " ".
std::string hellaswagPreprocess(const std::string& s);
// Code points of UTF-8 text (Python len).
int64_t codePoints(const std::string& s);
// Metrics of one task given the log-likelihood of every request of every item.
Metrics metricsFrom(const Task& task, const std::vector<std::vector<double>>& ll);
double sampleStderr(double p, int64_t n);  // sqrt(p(1-p)/(n-1)); 0 for n < 2

// ---- items from dataset rows (nlohmann::json is kept out of this header: rows as text) --------
// Task names: boolq piqa hellaswag winogrande arc_easy arc_challenge openbookqa.
// Reads a file of rows and builds the task. Throws pb::Error naming the file and row.
Task loadTask(const std::string& name, const std::filesystem::path& file);
// The same from the file's text (tests).
Task parseTask(const std::string& name, const std::string& text, const std::string& where = "data");
bool knownTask(const std::string& name);
const std::vector<std::string>& taskNames();

// Scores items [0, limit) (limit 0 = all) with `ll`, `batch_items` items per call.
Metrics scoreTask(const Task& task, const LogLikelihoodFn& ll, int64_t limit = 0, int64_t batch_items = 16,
                  const ProgressFn& progress = {});

} // namespace pb::zs
