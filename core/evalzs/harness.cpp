#include "core/evalzs/harness.h"

#include "core/util/error.h"

namespace pb::zs {

const std::vector<Harness>& harnesses() {
    static const std::vector<Harness> all = {Harness::LmEval, Harness::LmEval048, Harness::LlmPruner};
    return all;
}

std::string harnessName(Harness h) {
    switch (h) {
    case Harness::LmEval: return "lm-eval";
    case Harness::LmEval048: return "lm-eval-0.4.8";
    case Harness::LlmPruner: return "llm-pruner";
    }
    return "lm-eval";
}

std::string harnessNameList() {
    std::string s;
    for (Harness h : harnesses()) s += (s.empty() ? "" : ", ") + harnessName(h);
    return s;
}

Harness parseHarness(const std::string& name) {
    for (Harness h : harnesses())
        if (harnessName(h) == name) return h;
    throw Error("unknown harness '" + name + "' (use " + harnessNameList() + ")");
}

std::string harnessSummary(Harness h) {
    switch (h) {
    case Harness::LmEval:
        return "lm-evaluation-harness >= 0.4.9.2: context and continuation split from one encoding with the "
               "tokenizer's special tokens (BOS where it adds one), trailing white space moved into the "
               "continuation, empty context = BOS; average = acc weighted by each task's items";
    case Harness::LmEval048:
        return "lm-evaluation-harness 0.4.0-0.4.8: as lm-eval but without special tokens (no BOS); average = acc "
               "weighted by each task's items";
    case Harness::LlmPruner:
        return "LLM-Pruner's harness (lm-eval ~0.3): context and continuation encoded separately without special "
               "tokens, no white space moved, empty context = EOS; average = plain mean of acc_norm for hellaswag, "
               "arc_challenge, openbookqa and acc for the other tasks";
    }
    return {};
}

EncodingRules encodingRules(Harness h) {
    EncodingRules r;
    if (h == Harness::LmEval048) r.add_special = false;
    if (h == Harness::LlmPruner) {
        r.add_special = false;
        r.separate = true;
        r.move_whitespace = false;
        r.eos_for_empty = true;
    }
    return r;
}

std::string averagedMetric(Harness h, const Metrics& m) {
    if (h != Harness::LlmPruner || !m.has_acc_norm) return "acc";
    return m.task == "hellaswag" || m.task == "arc_challenge" || m.task == "openbookqa" ? "acc_norm" : "acc";
}

Average harnessAverage(Harness h, const std::vector<Metrics>& tasks) {
    Average a;
    int64_t items = 0;
    for (const Metrics& m : tasks)
        if (m.n > 0) {
            AveragePart p;
            p.task = m.task;
            p.metric = averagedMetric(h, m);
            p.value = p.metric == "acc_norm" ? m.acc_norm : m.acc;
            p.n = m.n;
            items += m.n;
            a.parts.push_back(p);
        }
    if (a.parts.empty()) throw Error("no task with scored items to average");
    const bool by_size = h != Harness::LlmPruner;
    for (AveragePart& p : a.parts) {
        p.weight = by_size ? double(p.n) / double(items) : 1.0 / double(a.parts.size());
        a.value += p.weight * p.value;
    }
    std::string acc, norm;
    for (const AveragePart& p : a.parts) {
        std::string& list = p.metric == "acc_norm" ? norm : acc;
        list += (list.empty() ? "" : ", ") + p.task;
    }
    const std::string count = std::to_string(a.parts.size()) + (a.parts.size() == 1 ? " task" : " tasks");
    if (by_size) {
        a.rule = "acc weighted by items over " + count + " (" + std::to_string(items) +
                 " items; lm-eval's weight_by_size)";
    } else {
        a.rule = "plain mean over " + count + " (LLM-Pruner's choice: acc for " + (acc.empty() ? "none" : acc) +
                 "; acc_norm for " + (norm.empty() ? "none" : norm) + ")";
    }
    return a;
}

} // namespace pb::zs
