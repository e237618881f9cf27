// libFuzzer: a user's zero-shot task file (JSON, JSONL or datasets-server rows) read as each of
// the seven standard tasks.
#include <string>

#include "core/evalzs/tasks.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const auto& names = pb::zs::taskNames();
    const std::string& task = names[(data[0] & 0x7f) % names.size()];
    const auto path = pbfuzz::writeInput(data[0] & 0x80 ? "rows.jsonl" : "rows.json", data + 1, size - 1);
    try {
        const pb::zs::Task t = pb::zs::loadTask(task, path);
        for (const pb::zs::Item& item : t.items)
            for (const pb::zs::Request& r : item.requests) (void)pb::zs::codePoints(r.context + r.continuation);
    } catch (const pb::Error&) {
    }
    return 0;
}
