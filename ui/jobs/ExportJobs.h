#pragma once
// Saving a model: the resolved plan the views show applied (or the last recovered model)
// and written as a Hugging Face folder or one GGUF file, on JobRunner's worker thread. It
// never scores: the plan comes resolved (Workbench::runResolved). Torch-free header; the
// writing is core's (core/export).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/arch/model_config.h"
#include "core/plan/plan.h"
#include "core/util/output_path.h"
#include "core/util/progress.h"
#include "ui/jobs/ModelPtr.h"
#include "ui/jobs/WorkbenchJobs.h"

namespace pb {
class LlamaModel;
class LoraSet;
}

namespace pb::ui::jobs {

enum class ExportFormat { HuggingFace, Gguf };

// GGUF export is offered only when core/export/gguf_export.h is part of the build.
bool ggufExportAvailable();
// Storage dtypes of a format, the first is the default.
std::vector<std::string> exportDtypes(ExportFormat format);

struct ExportRequest {
    ExportFormat format = ExportFormat::HuggingFace;
    std::string out_path;      // a folder (Hugging Face) or a .gguf file
    std::string dtype = "f32";
    pb::PruningPlan plan;      // resolved (explicit kept units; used when `recovered` is null)
    CalibrationSpec calib;     // recorded: the calibration the plan was resolved on (a source, never overwritten)
    std::shared_ptr<const pb::LlamaModel> recovered;  // the last recovery job's model, if chosen
    // With adapters (Hugging Face only): `recovered` is their unmerged base and the PEFT adapter
    // is written to adapter_path after the folder, its base_model_name_or_path naming the
    // folder (core/recover/adapter_export.h).
    std::shared_ptr<const pb::LoraSet> adapters;
    std::string adapter_path;
};

struct ExportResult {
    std::string path;
    uint64_t bytes = 0;
    int64_t parameters = 0;
    std::string summary;       // core's few lines for the user
    std::string adapter_path;  // the adapter folder written, if any
};

// The refusals core's exporters make, checked before any work starts so that the user
// hears at once (core checks again when it writes): writing into or over the source
// model, into a non-empty folder that is not an earlier PruneBench export, or (GGUF) over
// a folder or a file that is not GGUF. "" when the target is fine.
// The source part is the one output rule (core/util/output_path.h) over `sources`
// (ui/export/OutputSources.h: the model, its folder, the calibration text).
std::string exportRefusal(ExportFormat format, const std::string& out_path, const std::vector<pb::SourcePath>& sources);

// The adapter folder's rule, checked before any work (core checks again when it writes):
// never the model folder, inside or around it, a source, or a folder holding other files.
// "" when fine. defaultAdapterPath: "<model folder>-lora".
std::string adapterRefusal(const std::string& adapter_path, const std::string& model_folder,
                           const std::vector<pb::SourcePath>& sources);
std::string defaultAdapterPath(const std::string& model_folder);

ExportResult exportModel(const ModelPtr& model, const ExportRequest& request, const pb::ProgressFn& progress);

// Which tools load the exported shapes: transformers (Hugging Face folder), llama.cpp
// (GGUF) and PruneBench, for the model that `plan` makes of `config`.
struct Loadability {
    bool uniform = true;              // every layer has the same dims
    std::string transformers_reason;  // "" when transformers loads the folder
    std::string gguf_arch;            // "" when GGUF cannot express the model
    std::string gguf_reason;          // why not, when gguf_arch is ""
};
Loadability loadability(const pb::ModelConfig& config, const pb::PruningPlan& plan);

} // namespace pb::ui::jobs
