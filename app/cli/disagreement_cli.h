#pragma once
// `prunebench-cli score --against B`: the text table of where two criteria disagree.
#include "core/plan/disagreement.h"

namespace pbcli {

// Per layer (width) or for the blocks (depth): rank correlation and removal overlap, then the
// most disputed units.
void printDisagreement(const pb::Disagreement& d, bool depth);

} // namespace pbcli
