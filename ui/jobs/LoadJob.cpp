#include "ui/jobs/LoadJob.h"

#include "core/model/runtime.h"

namespace pb::ui::jobs {

std::shared_ptr<pb::LoadedModel> loadModel(const std::filesystem::path& path, const pb::LoadOptions& options,
                                           const pb::ProgressFn& progress) {
    return std::make_shared<pb::LoadedModel>(pb::loadModel(path, options, progress));
}

std::string torchVersion() { return pb::torchVersion(); }
int computeThreads() { return pb::runtimeThreads(); }
bool cudaAvailable() { return pb::cudaAvailable(); }
std::vector<pb::ComputeDevice> computeDevices() { return pb::computeDevices(); }
std::pair<int64_t, int64_t> cudaMemory(int index) { return pb::cudaMemory(index); }

} // namespace pb::ui::jobs
