#pragma once
// Opening a model and asking the runtime what it is, as plain functions: the only places
// outside the other jobs where the GUI reaches libtorch-backed core (pb::loadModel,
// pb::torchVersion). ModelSession and the About box call these; torch-free header.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/model/loader.h"
#include "core/model/runtime.h"
#include "core/util/progress.h"

namespace pb::ui::jobs {

// Runs on JobRunner's worker thread. Throws pb::Error or pb::Cancelled.
std::shared_ptr<pb::LoadedModel> loadModel(const std::filesystem::path& path, const pb::LoadOptions& options,
                                           const pb::ProgressFn& progress);

std::string torchVersion();
int computeThreads();
bool cudaAvailable();
// The CPU, then each CUDA device with its name and memory (core/model/runtime).
std::vector<pb::ComputeDevice> computeDevices();
// Free and total bytes of CUDA device `index` now; {-1, -1} when unknown.
std::pair<int64_t, int64_t> cudaMemory(int index);

} // namespace pb::ui::jobs
