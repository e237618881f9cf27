// libFuzzer: one safetensors file (header length, JSON header, offsets, sizes).
#include "core/io/safetensors.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = pbfuzz::writeInput("in.safetensors", data, size);
    try {
        const pb::st::File f = pb::st::File::open(path);
        uint64_t sum = 0;
        for (const auto& t : f.tensors()) {
            sum += t.elements() + t.nbytes + pb::st::dtypeBytes(t.dtype);
            if (t.nbytes > 0) sum += t.data[0] + t.data[t.nbytes - 1];  // inside the mapping
        }
        (void)sum;
    } catch (const pb::Error&) {
    }
    return 0;
}
