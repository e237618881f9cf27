#pragma once
// The FLOP/s a large matrix product reaches on a device, measured once and cached per device
// (cacheDir()/latency/gemm-peak.json): the "practical" peak that utilisation figures are
// compared with, instead of a number fixed for one GPU. No torch in this header.
#include <string>

namespace pb {

// bf16 (f16 where bf16 is missing) products of n x n matrices, n = 8192 on a GPU, median of
// 10 after 3 untimed; 0 for the CPU (utilisation is reported on GPUs only) and when the
// product fails. `use_cache` false measures again (and stores the new figure).
double measuredGemmPeak(const std::string& device, bool use_cache = true);

} // namespace pb
