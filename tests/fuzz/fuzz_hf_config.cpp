// libFuzzer: a Hugging Face model folder's config.json -> ModelConfig.
#include "core/arch/config_io.h"
#include "core/util/error.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto dir = pbfuzz::folder("hf");
    pbfuzz::writeFile(dir / "config.json", data, size);
    try {
        const pb::ModelConfig c = pb::readHfConfig(dir / "config.json");
        (void)c.totalParams();
        (void)c.macs(128);
    } catch (const pb::Error&) {
    }
    return 0;
}
