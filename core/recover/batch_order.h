#pragma once
// The order LoRA recovery reads its training examples in: shuffled by the seed, reshuffled each
// time the examples run out. One rule for recover() (core/recover/train) and the pipeline's LoRA
// (core/dist/pipeline_lora), which must draw the same global batches to give the same loss curve.
// The shuffle is written out (std::shuffle's draws depend on the standard library).
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace pb {

// The portable seeded shuffle (also splitExamples' validation split).
void shuffleIndices(std::vector<size_t>& v, std::mt19937_64& rng);

class BatchOrder {
public:
    BatchOrder(size_t examples, uint64_t seed);
    // The next `count` example indices (wrapping into a new shuffle when the examples run out).
    std::vector<size_t> next(int64_t count);

private:
    std::mt19937_64 rng_;
    std::vector<size_t> order_;
    size_t cursor_ = 0;
};

} // namespace pb
