#include "ui/jobs/ExportJobs.h"

#include <exception>
#include <filesystem>

#include "core/data/assets.h"
#include "core/export/export_target.h"
#include "core/export/gguf_export.h"
#include "core/export/hf_export.h"
#include "core/model/llama_model.h"
#include "core/prune/apply.h"
#include "core/recover/adapter_export.h"
#include "core/util/error.h"

namespace pb::ui::jobs {

bool ggufExportAvailable() { return true; }

std::vector<std::string> exportDtypes(ExportFormat format) {
    if (format == ExportFormat::Gguf) return {"f16", "q8_0", "bf16", "f32"};
    return {"bf16", "f16", "f32"};
}

std::string exportRefusal(ExportFormat format, const std::string& out_path, const std::vector<pb::SourcePath>& sources) {
    if (out_path.empty()) return "choose where to save the model first";
    return pb::exportTargetRefusal(format == ExportFormat::Gguf ? pb::ExportTarget::GgufFile : pb::ExportTarget::HfFolder,
                                   out_path, sources);  // core's one export rule
}

std::string adapterRefusal(const std::string& adapter_path, const std::string& model_folder,
                           const std::vector<pb::SourcePath>& sources) {
    return pb::adapterTargetRefusal(adapter_path, model_folder, sources);
}

std::string defaultAdapterPath(const std::string& model_folder) {
    return model_folder.empty() ? std::string() : pb::defaultAdapterFolder(model_folder).string();
}

namespace {

// The options both writers take alike (pb::GgufExportOptions, pb::HfExportOptions): the
// request's dtype, the model's source and the run's other sources; the rest stay default.
template <typename Options>
Options writerOptions(const ExportRequest& r, const std::filesystem::path& source, const std::vector<pb::SourcePath>& sources) {
    Options o;
    o.dtype = r.dtype;
    o.source = source;
    o.other_sources = sources;
    return o;
}

// What the job reports of either writer's result (pb::GgufExportResult, pb::HfExportResult),
// `where` being its file or folder.
template <typename WriterResult>
ExportResult resultOf(const WriterResult& w, const std::filesystem::path& where) {
    ExportResult out;
    out.path = where.string();
    out.bytes = w.bytes;
    out.parameters = w.parameters;
    out.summary = w.summary;
    return out;
}

} // namespace

ExportResult exportModel(const ModelPtr& model, const ExportRequest& r, const pb::ProgressFn& progress) {
    if (!model || !model->model || !model->tokenizer) throw pb::Error("no model is loaded");
    std::vector<pb::SourcePath> sources = pb::modelSource(model->source);
    if (!r.plan.empty() && !r.calib.text.empty())
        sources.push_back({pb::assets::textSourcePath(r.calib.text), "the calibration text", false});
    if (const std::string why = exportRefusal(r.format, r.out_path, sources); !why.empty()) throw pb::Error(why);
    if (r.adapters) {
        if (r.format != ExportFormat::HuggingFace || !r.recovered)
            throw pb::Error("a PEFT adapter is saved with the Hugging Face folder of its unmerged base model");
        if (const std::string why = adapterRefusal(r.adapter_path, r.out_path, sources); !why.empty()) throw pb::Error(why);
    }
    std::shared_ptr<const pb::LlamaModel> pruned = r.recovered;
    const double pruneShare = pruned ? 0.0 : 0.3;
    if (!pruned) {
        pb::reportProgress(progress, 0.0, "pruning by the plan");
        if (r.plan.empty()) {
            pruned = model->model;
        } else {
            if (!r.plan.resolved()) throw pb::Error("the plan's ratios are not resolved to kept units: score first");
            pruned = std::make_shared<pb::LlamaModel>(pb::applyPlan(*model->model, r.plan));
        }
    }
    const pb::ProgressFn rest = subProgress(progress, pruneShare, 1.0);
    if (r.format == ExportFormat::Gguf) {
        const auto g = pb::exportGguf(*pruned, *model->tokenizer, r.out_path,
                                      writerOptions<pb::GgufExportOptions>(r, model->source, sources), rest);
        return resultOf(g, g.file);
    }
    const auto h = pb::exportHuggingFace(*pruned, *model->tokenizer, r.out_path,
                                         writerOptions<pb::HfExportOptions>(r, model->source, sources), rest);
    ExportResult out = resultOf(h, h.dir);
    if (r.adapters) {  // after the folder: the adapter names it as its base
        out.adapter_path = pb::saveAdapterForFolder(*r.adapters, r.adapter_path, h.dir, sources).string();
        out.summary += "\nPEFT adapter: " + out.adapter_path + " (base_model_name_or_path: " + h.dir.string() + ")";
    }
    return out;
}

Loadability loadability(const pb::ModelConfig& config, const pb::PruningPlan& plan) {
    Loadability l;
    pb::ModelConfig pruned = config;
    try {
        pruned = pb::prunedConfig(config, plan);
    } catch (const std::exception&) {
    }
    for (const auto& d : pruned.layers)
        l.uniform = l.uniform && d.n_heads == pruned.layers.front().n_heads &&
                    d.n_kv_heads == pruned.layers.front().n_kv_heads && d.ffn == pruned.layers.front().ffn;
    l.transformers_reason = pb::transformersLoadableReason(pruned);
    try {
        l.gguf_arch = pb::ggufExportArch(pruned, "auto");
    } catch (const std::exception& e) {
        l.gguf_reason = e.what();
    }
    return l;
}

} // namespace pb::ui::jobs
