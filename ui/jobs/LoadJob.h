#pragma once
// Opening a model and asking the runtime what it is, as plain functions: the only places
// outside the other jobs where the GUI reaches libtorch-backed core (pb::loadModel,
// pb::torchVersion). ModelSession and the About box call these; torch-free header.
#include <filesystem>
#include <memory>
#include <string>

#include "core/model/loader.h"
#include "core/util/progress.h"

namespace pb::ui::jobs {

// Runs on JobRunner's worker thread. Throws pb::Error or pb::Cancelled.
std::shared_ptr<pb::LoadedModel> loadModel(const std::filesystem::path& path, const pb::LoadOptions& options,
                                           const pb::ProgressFn& progress);

std::string torchVersion();
int computeThreads();
bool cudaAvailable();

} // namespace pb::ui::jobs
