#include "core/recover/batch_order.h"

#include <numeric>
#include <utility>

namespace pb {

void shuffleIndices(std::vector<size_t>& v, std::mt19937_64& rng) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

BatchOrder::BatchOrder(size_t examples, uint64_t seed) : rng_(seed ^ 0x9E3779B97F4A7C15ull), order_(examples) {
    std::iota(order_.begin(), order_.end(), size_t(0));
    shuffleIndices(order_, rng_);
}

std::vector<size_t> BatchOrder::next(int64_t count) {
    std::vector<size_t> which;
    if (order_.empty()) return which;
    while (int64_t(which.size()) < count) {
        if (cursor_ == order_.size()) {
            shuffleIndices(order_, rng_);
            cursor_ = 0;
        }
        which.push_back(order_[cursor_++]);
    }
    return which;
}

} // namespace pb
