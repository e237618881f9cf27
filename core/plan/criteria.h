#pragma once
// The catalogue of importance criteria: names (stable, used by CLI and plans), kind,
// cost, and a short teaching explanation (CLI --help, GUI tooltips). Torch-free.
#include <string>
#include <vector>

namespace pb {

struct CriterionInfo {
    std::string name;       // e.g. "taylor_element1"
    std::string label;      // e.g. "Taylor element-wise (1st order)"
    bool depth = false;     // scores whole blocks (else width units)
    bool gradients = false; // needs backward passes
    std::string explanation;
};

const std::vector<CriterionInfo>& criteria();
const CriterionInfo* findCriterion(const std::string& name);  // nullptr when unknown
std::vector<std::string> criterionNames(bool depth);
// "random, l1, l2, ..." for messages.
std::string criterionList(bool depth);
const std::vector<std::string>& aggregations();  // sum, mean, max, prod, last

} // namespace pb
