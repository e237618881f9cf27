// libFuzzer: a sharded checkpoint, model.safetensors.index.json (the input) over two
// fixed valid shards.
#include <cstring>
#include <vector>

#include "core/io/safetensors.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzz_util.h"

namespace {
// A valid shard with tensors `a` and `b` (F32 [2] each).
void writeShard(const std::filesystem::path& p, const std::string& a, const std::string& b) {
    const std::string header = "{\"" + a + "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"" + b +
                               "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
    std::vector<uint8_t> bytes(8 + header.size() + 16, 0);
    const uint64_t n = header.size();
    std::memcpy(bytes.data(), &n, 8);
    std::memcpy(bytes.data() + 8, header.data(), header.size());
    pbfuzz::writeFile(p, bytes.data(), bytes.size());
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::filesystem::path dir = [] {
        const auto d = pbfuzz::folder("sharded");
        writeShard(d / "model-00001-of-00002.safetensors", "w.a", "w.b");
        writeShard(d / "model-00002-of-00002.safetensors", "w.c", "w.d");
        return d;
    }();
    pbfuzz::writeFile(dir / "model.safetensors.index.json", data, size);
    try {
        const pb::st::Checkpoint c = pb::st::Checkpoint::open(dir);
        for (const std::string& name : c.names())
            if (const auto* t = c.find(name); t && t->nbytes > 0) (void)t->data[t->nbytes - 1];
    } catch (const pb::Error&) {
    }
    return 0;
}
