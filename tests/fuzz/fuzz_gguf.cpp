// libFuzzer: the GGUF reader (header, metadata, tensor infos, data bounds) and the model
// config read from its metadata.
#include "core/arch/config_io.h"
#include "core/io/gguf.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = pbfuzz::writeInput("in.gguf", data, size);
    try {
        const pb::gguf::File f = pb::gguf::File::open(path);
        uint64_t sum = 0;
        for (const auto& t : f.tensors()) sum += t.elements() + t.nbytes + t.torchShape().size();
        for (const auto& [key, v] : f.metadata()) {
            sum += v.array_size();
            try {
                if (v.type != pb::gguf::ValueType::Array) {
                    (void)f.getFloat(key);
                    (void)f.getInt(key);
                }
                (void)f.getPerLayer(key, 4);
            } catch (const pb::Error&) {
            }
        }
        (void)sum;
        (void)pb::configFromGguf(f);
    } catch (const pb::Error&) {
    }
    return 0;
}
