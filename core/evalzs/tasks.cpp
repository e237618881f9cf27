#include "core/evalzs/tasks.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/io/json_input.h"
#include "core/util/error.h"

namespace pb::zs {

using json = nlohmann::json;

std::string pyCapitalize(const std::string& s) {
    std::string r = s;
    bool first = true;
    for (char& c : r) {
        if (first) c = char(std::toupper(static_cast<unsigned char>(c)));
        else if (static_cast<unsigned char>(c) < 128) c = char(std::tolower(static_cast<unsigned char>(c)));
        first = false;
    }
    return r;
}

namespace {
std::string strip(const std::string& s) {
    const char* ws = " \t\n\r\f\v";
    size_t a = s.find_first_not_of(ws);
    if (a == std::string::npos) return "";
    size_t b = s.find_last_not_of(ws);
    return s.substr(a, b - a + 1);
}
void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
}
} // namespace

std::string hellaswagPreprocess(const std::string& text) {
    std::string s = strip(text);
    replaceAll(s, " [title]", ". ");
    // re.sub("\\[.*?\\]", "", text): drop each '[' ... first following ']' ('.' does not match newlines).
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '[') {
            size_t j = i + 1;
            while (j < s.size() && s[j] != ']' && s[j] != '\n') ++j;
            if (j < s.size() && s[j] == ']') {
                i = j + 1;
                continue;
            }
        }
        out += s[i++];
    }
    // text.replace("  ", " "): one left-to-right pass over non-overlapping pairs.
    std::string r;
    for (size_t i = 0; i < out.size();) {
        if (out[i] == ' ' && i + 1 < out.size() && out[i + 1] == ' ') {
            r += ' ';
            i += 2;
        } else {
            r += out[i++];
        }
    }
    return r;
}

int64_t codePoints(const std::string& s) {
    int64_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

double sampleStderr(double p, int64_t n) {
    if (n < 2) return 0.0;
    // var = Σ(x - mean)^2 / (n - 1) = n p (1 - p) / (n - 1); stderr = sqrt(var / n)
    return std::sqrt(p * (1.0 - p) / double(n - 1));
}

Metrics metricsFrom(const Task& task, const std::vector<std::vector<double>>& ll) {
    Metrics m;
    m.task = task.name;
    m.has_acc_norm = task.has_acc_norm;
    m.n = int64_t(ll.size());
    for (size_t k = 0; k < ll.size(); ++k) {
        const int c = int(task.items[k].choices.size());
        m.choices = k == 0 ? c : (m.choices == c ? c : 0);
    }
    int64_t acc = 0, acc_norm = 0;
    for (size_t k = 0; k < ll.size(); ++k) {
        const Item& it = task.items[k];
        size_t best = 0, best_norm = 0;
        double bn = -INFINITY;
        for (size_t i = 0; i < ll[k].size(); ++i) {
            if (ll[k][i] > ll[k][best]) best = i;
            const double norm = ll[k][i] / double(std::max<int64_t>(1, codePoints(it.choices[i])));
            if (i == 0 || norm > bn) bn = norm, best_norm = i;
        }
        acc += int64_t(best) == it.gold;
        acc_norm += int64_t(best_norm) == it.gold;
        m.correct.push_back(int64_t(best) == it.gold ? 1 : 0);
        if (task.has_acc_norm) m.correct_norm.push_back(int64_t(best_norm) == it.gold ? 1 : 0);
    }
    if (!task.has_acc_norm) m.correct_norm = m.correct;
    if (m.n > 0) {
        m.acc = double(acc) / double(m.n);
        m.acc_norm = task.has_acc_norm ? double(acc_norm) / double(m.n) : m.acc;
    }
    m.acc_stderr = sampleStderr(m.acc, m.n);
    m.acc_norm_stderr = sampleStderr(m.acc_norm, m.n);
    return m;
}

const std::vector<std::string>& taskNames() {
    static const std::vector<std::string> names = {"boolq",    "piqa",          "hellaswag", "winogrande",
                                                   "arc_easy", "arc_challenge", "openbookqa"};
    return names;
}

bool knownTask(const std::string& name) {
    for (const auto& n : taskNames())
        if (n == name) return true;
    return false;
}

namespace {

std::vector<json> rowsOf(const std::string& text, const std::string& where) {
    std::vector<json> rows;
    const size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) throw Error(where + ": empty");
    bool whole = false;
    json doc;
    if (text[start] == '[') whole = true;
    else if (text[start] == '{') {
        try {  // one document with "data"/"rows", else JSONL
            doc = jsonin::parse(text, where);
            whole = doc.is_object() && (doc.contains("data") || doc.contains("rows"));
            if (!whole) rows.push_back(doc);
        } catch (const std::exception&) {
        }
    }
    if (whole) {
        if (doc.is_null()) doc = jsonin::parse(text, where);
        const json& arr = doc.is_array() ? doc : (doc.contains("data") ? doc["data"] : doc["rows"]);
        for (const auto& r : arr) rows.push_back(r);
    } else if (rows.empty()) {
        std::istringstream in(text);
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            rows.push_back(jsonin::parse(line, where + " line " + std::to_string(n)));
        }
    }
    for (auto& r : rows)
        if (r.is_object() && r.contains("row") && r["row"].is_object()) r = json(r["row"]);
    if (rows.empty()) throw Error(where + ": no rows");
    return rows;
}

std::string str(const json& r, const char* k, const std::string& where) {
    if (!r.contains(k) || !r[k].is_string()) throw Error(where + ": field '" + std::string(k) + "' is missing or not text");
    return r[k].get<std::string>();
}

int intLabel(const json& v, const std::string& where) {
    // Labels index a handful of choices: checked in their own type, never wrapped or half-parsed.
    constexpr int64_t kMaxLabel = 1 << 20;
    if (v.is_number()) return static_cast<int>(jsonin::integer(v, where, "label", 0, kMaxLabel));
    if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (!s.empty() && s.size() <= 7 && s.find_first_not_of("0123456789") == std::string::npos &&
            std::stoll(s) <= kMaxLabel)
            return static_cast<int>(std::stoll(s));
    }
    throw Error(where + ": label is not an integer");
}

Item multipleChoice(const std::string& context, const std::vector<std::string>& choices, int gold,
                    const std::string& where) {
    if (gold < 0 || gold >= int(choices.size())) throw Error(where + ": gold answer out of range");
    Item it;
    for (const auto& c : choices) it.requests.push_back({context, " " + c});
    it.choices = choices;
    it.gold = gold;
    return it;
}

Item fromRow(const std::string& name, const json& r, const std::string& where) {
    if (!r.is_object()) throw Error(where + ": not an object");
    if (name == "boolq") {
        int label;
        if (r.contains("label")) label = intLabel(r["label"], where);
        else if (r.contains("answer")) label = intLabel(r["answer"], where);
        else throw Error(where + ": no 'label' or 'answer'");
        return multipleChoice(str(r, "passage", where) + "\nQuestion: " + str(r, "question", where) + "?\nAnswer:",
                              {"no", "yes"}, label, where);
    }
    if (name == "piqa") {
        if (!r.contains("label")) throw Error(where + ": no 'label'");
        return multipleChoice("Question: " + str(r, "goal", where) + "\nAnswer:",
                              {str(r, "sol1", where), str(r, "sol2", where)}, intLabel(r["label"], where), where);
    }
    if (name == "hellaswag") {
        const std::string ctx = str(r, "ctx_a", where) + " " + pyCapitalize(str(r, "ctx_b", where));
        const std::string query = hellaswagPreprocess(str(r, "activity_label", where) + ": " + ctx);
        if (!r.contains("endings") || !r["endings"].is_array()) throw Error(where + ": no 'endings' list");
        std::vector<std::string> endings;
        for (const auto& e : r["endings"]) endings.push_back(hellaswagPreprocess(e.get<std::string>()));
        if (!r.contains("label")) throw Error(where + ": no 'label'");
        return multipleChoice(query, endings, intLabel(r["label"], where), where);
    }
    if (name == "winogrande") {
        const std::string s = str(r, "sentence", where);
        const size_t k = s.find('_');
        if (k == std::string::npos) throw Error(where + ": the sentence has no '_'");
        const std::string cont = " " + strip(s.substr(k + 1));
        Item it;
        for (const char* o : {"option1", "option2"}) {
            const std::string opt = str(r, o, where);
            it.requests.push_back({s.substr(0, k) + opt, cont});
            it.choices.push_back(opt);
        }
        if (!r.contains("answer")) throw Error(where + ": no 'answer'");
        it.gold = intLabel(r["answer"], where) - 1;
        if (it.gold < 0 || it.gold > 1) throw Error(where + ": answer must be \"1\" or \"2\"");
        return it;
    }
    if (name == "arc_easy" || name == "arc_challenge" || name == "openbookqa") {
        const bool obqa = name == "openbookqa";
        const std::string q = obqa ? str(r, "question_stem", where) : "Question: " + str(r, "question", where) + "\nAnswer:";
        if (!r.contains("choices") || !r["choices"].is_object()) throw Error(where + ": no 'choices' object");
        const json& ch = r["choices"];
        if (!ch.contains("text") || !ch.contains("label")) throw Error(where + ": choices need 'text' and 'label'");
        std::vector<std::string> texts, labels;
        for (const auto& t : ch["text"]) texts.push_back(t.get<std::string>());
        for (const auto& l : ch["label"]) labels.push_back(l.get<std::string>());
        if (texts.size() != labels.size()) throw Error(where + ": choices.text and choices.label differ in length");
        const std::string key = strip(str(r, "answerKey", where));
        int gold = -1;
        for (size_t i = 0; i < labels.size(); ++i)
            if (labels[i] == key) gold = int(i);
        if (gold < 0) throw Error(where + ": answerKey '" + key + "' is not among the choice labels");
        return multipleChoice(q, texts, gold, where);
    }
    throw Error("unknown task '" + name + "'");
}

} // namespace

Task parseTask(const std::string& name, const std::string& text, const std::string& where) {
    if (!knownTask(name))
        throw Error("unknown task '" + name + "' (boolq, piqa, hellaswag, winogrande, arc_easy, arc_challenge, openbookqa)");
    Task t;
    t.name = name;
    t.has_acc_norm = !(name == "boolq" || name == "winogrande");
    auto rows = rowsOf(text, where);
    for (size_t i = 0; i < rows.size(); ++i) {
        try {
            t.items.push_back(fromRow(name, rows[i], where + " row " + std::to_string(i + 1)));
        } catch (const json::exception& e) {
            throw Error(where + " row " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    return t;
}

Task loadTask(const std::string& name, const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("cannot read " + file.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return parseTask(name, ss.str(), file.string());
}

Metrics scoreTask(const Task& task, const LogLikelihoodFn& ll, int64_t limit, int64_t batch_items,
                  const ProgressFn& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const size_t n = limit > 0 ? std::min(task.items.size(), size_t(limit)) : task.items.size();
    const size_t step = size_t(std::max<int64_t>(batch_items, 1));
    std::vector<std::vector<double>> scores;
    for (size_t s = 0; s < n; s += step) {
        reportProgress(progress, double(s) / double(std::max<size_t>(n, 1)), task.name + " " + std::to_string(s) + "/" + std::to_string(n));
        std::vector<Request> reqs;
        const size_t e = std::min(n, s + step);
        for (size_t k = s; k < e; ++k) reqs.insert(reqs.end(), task.items[k].requests.begin(), task.items[k].requests.end());
        auto out = ll(reqs);
        if (out.size() != reqs.size()) throw Error("the log-likelihood function returned a wrong number of scores");
        size_t o = 0;
        for (size_t k = s; k < e; ++k) {
            std::vector<double> v(out.begin() + o, out.begin() + o + task.items[k].requests.size());
            o += v.size();
            scores.push_back(std::move(v));
        }
    }
    reportProgress(progress, 1.0, task.name + " done");
    Metrics m = metricsFrom(task, scores);
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return m;
}

} // namespace pb::zs
