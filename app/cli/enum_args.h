#pragma once
// Criterion, aggregation and attention unit options: the one place the CLI turns their
// names into core's enums (core/plan/criteria.h) and writes their help text from the
// catalogue. A bad name is a UsageError listing the allowed names:
//   option '--criterion' is 'l3', use one of: random, l1, ... (width); block_magnitude, ... (depth)
#include <optional>
#include <string>

#include "app/cli/args.h"
#include "core/plan/criteria.h"

namespace pbcli {

// The value of --criterion (or --`option`), or `def` when absent. `depth` set: only width
// (false) or only block (true) criteria; `streamed`: only those core/stream scores.
pb::Criterion criterionArg(const Args& args, pb::Criterion def, std::optional<bool> depth = std::nullopt,
                           bool streamed = false, const std::string& option = "criterion");
// One name of a list option (e.g. --criteria a,b): any criterion.
pb::Criterion criterionNamed(const std::string& value, const std::string& option);
pb::Aggregation aggregationArg(const Args& args);        // --aggregation (default core's)
pb::AttentionUnit attentionUnitArg(const Args& args);    // --attention-unit (default core's)

// The lists of names come from core: pb::criterionList(depth, streamed) ("random, l1, ...").
// "width: random, l1, ...; depth: block_magnitude, ... (default taylor_element1)"
std::string criterionHelp(bool streamed = false);
std::string aggregationHelp();     // "sum (default), mean, max, prod, last"
std::string attentionUnitHelp();   // "group (default): whole KV groups ...; head: ..."
// The catalogue for `prunebench-cli --help`: one line per criterion.
std::string criteriaTable();

} // namespace pbcli
