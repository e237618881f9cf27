#include "core/plan/criteria.h"

namespace pb {

const std::vector<CriterionInfo>& criteria() {
    static const std::vector<CriterionInfo> table = {
        {"random", "Random", false, false,
         "Uniform random scores: the baseline every criterion must beat."},
        {"l1", "Magnitude L1", false, false, "Sum of |W| over the unit's weights. No data needed."},
        {"l2", "Magnitude L2", false, false, "Sum of W squared over the unit's weights. No data needed."},
        {"taylor_vector", "Taylor vector-wise", false, true,
         "|sum of g*W| over the unit: the first-order estimate of the loss change when the whole unit is removed "
         "(LLM-Pruner 'vector')."},
        {"taylor_element1", "Taylor element-wise, 1st order", false, true,
         "Sum over the unit of |g*W|: each weight's first-order loss change, added up (LLM-Pruner 'element1')."},
        {"taylor_element2", "Taylor element-wise, 2nd order", false, true,
         "Sum over the unit of |W*F*W| with F the empirical Fisher from per-sample gradients (LLM-Pruner "
         "'element2')."},
        {"taylor_mix", "Taylor element-wise, 1st + 2nd order", false, true,
         "Sum over the unit of |g*W - W*F*W/2|: the second-order Taylor expansion with the Fisher diagonal."},
        {"fusion", "Adaptive fusion (PruneBench re-implementation)", false, true,
         "Per layer, a weighted mix of the normalised fine (element) and coarse (vector) Taylor scores; the weight "
         "is chosen per layer to minimise the calibration loss of that layer pruned alone. After HyWIA (Liu et al.); "
         "the exact published rule was not available, this is PruneBench's version."},
        {"wanda_sp", "Wanda-sp", false, false,
         "Structured Wanda: mean |W| of an input channel of o_proj/down_proj times the L2 norm of the activations "
         "feeding it. Forward passes only."},
        {"flap", "FLAP fluctuation", false, false,
         "Variance of the activations feeding an input channel of o_proj/down_proj times the squared norm of its "
         "weight column, standardised per layer; channels with stable inputs can be removed. Forward only."},
        {"block_magnitude", "Block magnitude", true, false, "Sum of |W| over every weight of the block."},
        {"block_taylor", "Block Taylor+", true, true,
         "Sum of |g*W| over the block (Shortened LLaMA). With the '+' heuristic the first 4 and last 2 blocks are "
         "never removed."},
        {"block_ppl", "Block PPL", true, false,
         "Calibration perplexity with the block removed: the block whose removal hurts least goes first. One "
         "forward pass per block."},
        {"block_bi", "Block Influence", true, false,
         "1 - cosine similarity of the block's input and output hidden states (ShortGPT): a block that barely "
         "changes its input matters little. Forward only."},
        {"block_sleb", "SLEB", true, false,
         "Greedy: at each step remove the block whose removal gives the lowest calibration loss, then repeat on the "
         "shortened model (SLEB)."},
    };
    return table;
}

const CriterionInfo* findCriterion(const std::string& name) {
    for (const auto& c : criteria())
        if (c.name == name) return &c;
    return nullptr;
}

std::vector<std::string> criterionNames(bool depth) {
    std::vector<std::string> out;
    for (const auto& c : criteria())
        if (c.depth == depth) out.push_back(c.name);
    return out;
}

std::string criterionList(bool depth) {
    std::string s;
    for (const auto& n : criterionNames(depth)) s += (s.empty() ? "" : ", ") + n;
    return s;
}

const std::vector<std::string>& aggregations() {
    static const std::vector<std::string> a = {"sum", "mean", "max", "prod", "last"};
    return a;
}

} // namespace pb
