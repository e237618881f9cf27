#pragma once
// Which of n items (calibration samples, perplexity windows, zero-shot requests, the examples
// of a training batch) a rank takes: a contiguous range, the first n % size ranks one more.
// Ranks' ranges in rank order cover [0, n) once.
#include <cstdint>

namespace pb::dist {

class World;

struct Shard {
    int64_t begin = 0, end = 0;  // [begin, end)
    int64_t count() const { return end - begin; }
};

Shard shardOf(int64_t n, int rank, int size);
Shard shardOf(int64_t n, const World& world);

} // namespace pb::dist
