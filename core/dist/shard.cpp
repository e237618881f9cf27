#include "core/dist/shard.h"

#include <algorithm>

#include "core/dist/world.h"

namespace pb::dist {

Shard shardOf(int64_t n, int rank, int size) {
    const int64_t s = std::max(size, 1), r = std::clamp<int64_t>(rank, 0, s - 1);
    const int64_t base = n / s, extra = n % s;
    const int64_t begin = r * base + std::min(r, extra);
    return {begin, begin + base + (r < extra ? 1 : 0)};
}

Shard shardOf(int64_t n, const World& world) { return shardOf(n, world.rank(), world.size()); }

} // namespace pb::dist
