#pragma once
// Sums across the ranks of a World for what the data-parallel loops accumulate: host numbers
// (loss sums, token counts) and lists of tensors (gradients, moments), the tensors packed
// into a few flat buffers so that hundreds of small tensors cost a few collectives.
#include <vector>

#include <torch/types.h>

#include "core/dist/world.h"

namespace pb::dist {

// Flat buffers of at most this many elements (256 MiB of float32): the temporary copy of a
// model's gradients stays bounded.
inline constexpr int64_t kBucketElements = int64_t(1) << 26;

// In place: each value becomes its sum over the ranks (one float64 collective).
void allReduceSum(World& world, std::vector<double>& values);
double allReduceSum(World& world, double value);

// In place: every tensor (defined, any shape; views of a larger buffer are fine) becomes its
// sum over the ranks. Tensors are grouped by dtype and device, in the given order, which
// must be the same on every rank.
void allReduceSumAll(World& world, const std::vector<torch::Tensor>& tensors);

} // namespace pb::dist
