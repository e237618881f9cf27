#include "ui/importance/CriterionText.h"

#include <QCoreApplication>

#include "core/plan/criteria.h"

namespace pb::ui {

namespace {
struct Text {
    const char* name;
    const char* label;
    const char* explanation;
};

// core/plan/criteria.cpp's labels and explanations, marked for lupdate. When core's text
// changes, the test (TeachingTest) fails until this copy follows; until then the English
// text is shown.
const Text kTexts[] = {
    {"random", QT_TRANSLATE_NOOP("CriterionText", "Random"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Uniform random scores: the baseline every criterion must beat.")},
    {"l1", QT_TRANSLATE_NOOP("CriterionText", "Magnitude L1"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Sum of |W| over the unit's weights. No data needed.")},
    {"l2", QT_TRANSLATE_NOOP("CriterionText", "Magnitude L2"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Sum of W squared over the unit's weights. No data needed.")},
    {"taylor_vector", QT_TRANSLATE_NOOP("CriterionText", "Taylor vector-wise"),
     QT_TRANSLATE_NOOP("CriterionText",
         "|sum of g*W| over the unit: the first-order estimate of the loss change when the whole unit is "
         "removed (LLM-Pruner 'vector').")},
    {"taylor_element1", QT_TRANSLATE_NOOP("CriterionText", "Taylor element-wise, 1st order"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Sum over the unit of |g*W|: each weight's first-order loss change, added up (LLM-Pruner 'element1').")},
    {"taylor_element2", QT_TRANSLATE_NOOP("CriterionText", "Taylor element-wise, 2nd order"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Sum over the unit of |W*F*W| with F the empirical Fisher from per-sample gradients (LLM-Pruner "
         "'element2').")},
    {"taylor_mix", QT_TRANSLATE_NOOP("CriterionText", "Taylor element-wise, 1st + 2nd order"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Sum over the unit of |g*W - W*F*W/2|: the second-order Taylor expansion with the Fisher diagonal.")},
    {"fusion", QT_TRANSLATE_NOOP("CriterionText", "Adaptive fusion (PruneBench re-implementation)"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Per layer, a weighted mix of the normalised fine (element) and coarse (vector) Taylor scores; the "
         "weight is chosen per layer to minimise the calibration loss of that layer pruned alone. After HyWIA "
         "(Liu et al.); the exact published rule was not available, this is PruneBench's version.")},
    {"wanda_sp", QT_TRANSLATE_NOOP("CriterionText", "Wanda-sp"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Structured Wanda: mean |W| of an input channel of o_proj/down_proj times the L2 norm of the "
         "activations feeding it. Forward passes only.")},
    {"flap", QT_TRANSLATE_NOOP("CriterionText", "FLAP fluctuation"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Variance of the activations feeding an input channel of o_proj/down_proj times the squared norm of "
         "its weight column, standardised per layer; channels with stable inputs can be removed. Forward only.")},
    {"block_magnitude", QT_TRANSLATE_NOOP("CriterionText", "Block magnitude"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Sum of |W| over every weight of the block.")},
    {"block_taylor", QT_TRANSLATE_NOOP("CriterionText", "Block Taylor+"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Sum of |g*W| over the block (Shortened LLaMA). With the '+' heuristic the first 4 and last 2 blocks "
         "are never removed.")},
    {"block_ppl", QT_TRANSLATE_NOOP("CriterionText", "Block PPL"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Calibration perplexity with the block removed: the block whose removal hurts least goes first. One "
         "forward pass per block.")},
    {"block_bi", QT_TRANSLATE_NOOP("CriterionText", "Block Influence"),
     QT_TRANSLATE_NOOP("CriterionText",
         "1 - cosine similarity of the block's input and output hidden states (ShortGPT): a block that barely "
         "changes its input matters little. Forward only.")},
    {"block_sleb", QT_TRANSLATE_NOOP("CriterionText", "SLEB"),
     QT_TRANSLATE_NOOP("CriterionText",
         "Greedy: at each step remove the block whose removal gives the lowest calibration loss, then repeat "
         "on the shortened model (SLEB).")},
};

const Text* find(const std::string& name) {
    for (const Text& t : kTexts)
        if (name == t.name) return &t;
    return nullptr;
}
} // namespace

QString criterionLabel(const std::string& name) {
    const pb::CriterionInfo* c = pb::findCriterion(name);
    if (!c) return QString::fromStdString(name);
    const Text* t = find(name);
    return t && c->label == t->label ? QCoreApplication::translate("CriterionText", t->label) : QString::fromStdString(c->label);
}

QString criterionExplanation(const std::string& name) {
    const pb::CriterionInfo* c = pb::findCriterion(name);
    if (!c) return {};
    const Text* t = find(name);
    return t && c->explanation == t->explanation ? QCoreApplication::translate("CriterionText", t->explanation)
                                                 : QString::fromStdString(c->explanation);
}

QString dependencyRuleText() {
    return QCoreApplication::translate(
        "CriterionText",
        "<b>The dependency rule</b><br>A unit is removed with everything that reads or writes it. A query head: its "
        "rows of q_proj and its columns of o_proj. A KV group: the rows of k_proj and v_proj and of every query head "
        "that shares it in q_proj, and those heads' columns of o_proj. An MLP channel: a row of gate_proj and "
        "up_proj and a column of down_proj. Depth pruning removes a whole block, so nothing else changes shape.");
}

bool criterionTextsMatchCore() {
    for (const pb::CriterionInfo& c : pb::criteria()) {
        const Text* t = find(c.name);
        if (!t || c.label != t->label || c.explanation != t->explanation) return false;
    }
    return true;
}

} // namespace pb::ui
