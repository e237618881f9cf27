// exportHuggingFace: a LlamaModel + its tokenizer -> a Hugging Face model folder,
// written beside the target and renamed into place.
#include "core/export/hf_export.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/arch/family.h"
#include "core/arch/tensor_names.h"
#include "core/export/export_target.h"
#include "core/export/hf_internal.h"
#include "core/export/tokenizer_check.h"
#include "core/io/safetensors.h"
#include "core/model/llama_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/atomic_write.h"
#include "core/util/error.h"
#include "core/util/output_path.h"
#include "core/util/stale_temp.h"

namespace fs = std::filesystem;

namespace pb {

namespace {

using ojson = nlohmann::ordered_json;

constexpr const char* kMarker = kExportMarker;

struct DtypeSpec {
    torch::ScalarType torch;
    st::DType st;
    uint64_t bytes;
};

DtypeSpec dtypeSpec(const std::string& d) {
    if (d == "f32") return {torch::kFloat32, st::DType::F32, 4};
    if (d == "bf16") return {torch::kBFloat16, st::DType::BF16, 2};
    if (d == "f16") return {torch::kFloat16, st::DType::F16, 2};
    throw Error("unknown export dtype '" + d + "' (use f32, bf16 or f16)");
}

std::string mb(uint64_t bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error("cannot open " + p.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The folder a model lives in: itself for a model folder, the parent of a file.
fs::path sourceFolder(const fs::path& source) {
    fs::path s = fs::weakly_canonical(fs::absolute(source));
    if (fs::is_directory(s)) return s;
    return s.parent_path();
}

// The refusals that protect the sources (core/util/output_path.h: the model, the folder
// that holds it, the run's plan and texts) and unrelated files. Returns whether out exists.
bool checkTarget(const fs::path& out, const fs::path& source, const std::vector<SourcePath>& others) {
    std::vector<SourcePath> sources = modelSource(source);
    sources.insert(sources.end(), others.begin(), others.end());
    checkExportTarget(ExportTarget::HfFolder, out, sources);  // the one export rule
    return fs::exists(out);
}

// Bytes of model.safetensors (tensors + a header estimate) and of the tokenizer files.
uint64_t estimateBytes(const LlamaModel& m, uint64_t elem_bytes, const fs::path& source) {
    uint64_t elements = 0, tensors = 0;
    for (const auto& [name, t] : m.namedTensors()) {
        elements += static_cast<uint64_t>(t.numel());
        ++tensors;
    }
    // Zero biases filled in for a partly biased Llama (at most q/k/v/o, and gate/up, per layer).
    const ModelConfig& c = m.config;
    if (c.qkv_bias != c.o_bias || (c.family == "qwen2" && !c.qkv_bias))
        elements += static_cast<uint64_t>(c.numLayers()) * static_cast<uint64_t>(c.hidden + 3 * c.layers[0].n_heads * c.head_dim);
    if (c.down_bias && !c.mlp_bias)
        for (const LayerDims& d : c.layers) elements += 2 * static_cast<uint64_t>(d.ffn);
    uint64_t tokenizer = static_cast<uint64_t>(std::max<int64_t>(c.vocab, 1)) * 200;
    if (fs::is_directory(source) && fs::exists(source / "tokenizer.json"))
        tokenizer = 2 * fs::file_size(source / "tokenizer.json") + 65536;
    return elements * elem_bytes + tensors * 160 + tokenizer + 65536;
}

void writeText(const fs::path& p, const std::string& text) { writeFileAtomic(p.string(), text); }

// The Hugging Face names of the model's norm weights (final norm, every block's norms).
std::set<std::string> normTensorNames(const ModelConfig& c) {
    std::set<std::string> out = {hfTensorName(TensorRole::FinalNorm, 0, false, c.family)};
    for (size_t i = 0; i < c.layers.size(); ++i)
        for (const LayerSlotSpec& s : kLayerSlots)
            if (!s.bias && isNormRole(s.role)) out.insert(hfTensorName(s.role, static_cast<int>(i), false, c.family));
    return out;
}

// Moves the finished temporary folder to `out` (replacing an empty folder or a previous
// export) and removes what was there.
void commit(const fs::path& tmp, const fs::path& out, bool out_exists) {
    std::error_code ec;
    if (!out_exists) {
        fs::rename(tmp, out, ec);
        if (ec) throw Error("cannot move the export into '" + out.string() + "': " + ec.message());
        return;
    }
#ifdef RENAME_EXCHANGE
    if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) == 0) {
        fs::remove_all(tmp, ec);  // now the previous export
        return;
    }
#endif
    const fs::path old = out.string() + ".old-" + std::to_string(::getpid());
    fs::rename(out, old, ec);
    if (ec) throw Error("cannot move the previous export '" + out.string() + "' aside: " + ec.message());
    fs::rename(tmp, out, ec);
    if (ec) {
        std::error_code ec2;
        fs::rename(old, out, ec2);
        throw Error("cannot move the export into '" + out.string() + "': " + ec.message());
    }
    fs::remove_all(old, ec);
}

std::string isoTime() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

} // namespace

HfExportResult exportHuggingFace(const LlamaModel& model, const Tokenizer& tokenizer, const fs::path& out_dir,
                                 const HfExportOptions& options, const ProgressFn& progress) {
    torch::NoGradGuard no_grad;
    const DtypeSpec dt = dtypeSpec(options.dtype);
    if (options.source.empty())
        throw Error("export needs the path of the source model (HfExportOptions::source): the tokenizer is "
                    "rebuilt from it");
    if (!fs::exists(options.source)) throw Error("source model '" + options.source.string() + "' does not exist");
    if (out_dir.empty()) throw Error("no export folder given");
    const ModelConfig& c = model.config;
    model.checkShapes();
    ojson config = hfConfigJson(c, options.dtype);  // validates, refuses what transformers cannot express

    fs::path out = fs::absolute(out_dir).lexically_normal();
    if (out.filename().empty()) out = out.parent_path();
    const bool out_exists = checkTarget(out, options.source, options.other_sources);

    HfExportResult res;
    res.dir = out;
    res.transformers_loadable = transformersLoadable(c);
    res.parameters = c.totalParams();
    std::string rope_note;
    hfExpressibleRope(c.rope, c.head_dim, &rope_note);
    if (!rope_note.empty()) res.notes.push_back(rope_note);

    const uint64_t need = estimateBytes(model, dt.bytes, options.source);
    const fs::path space_dir = existingAncestor(out.parent_path());
    const uint64_t available = options.free_space ? options.free_space(space_dir) : fs::space(space_dir).available;
    if (static_cast<double>(available) < 1.1 * static_cast<double>(need))
        throw Error("not enough free disk space for the export: it needs about " + mb(need) + " (+10% margin) in '" +
                    out.parent_path().string() + "', and " + mb(available) + " are free");

    // Only now (checked first, created after): a new nested output folder's parents.
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    if (ec) throw Error("cannot create the folder '" + out.parent_path().string() + "': " + ec.message());
    removeStaleTemporaries(out);  // OUT.tmp-PID folders of exports that were killed
    const fs::path tmp = tempPathFor(out);
    fs::remove_all(tmp, ec);
    fs::create_directory(tmp);
    try {
        // 1. Tokenizer, checked by loading it back before anything heavy is written.
        reportProgress(progress, 0.0, "writing the tokenizer");
        HfTokenizerFiles tf = toHuggingFaceTokenizer(tokenizer, options.source, c.max_position);
        res.notes.insert(res.notes.end(), tf.notes.begin(), tf.notes.end());
        writeText(tmp / "tokenizer.json", tf.tokenizer_json);
        writeText(tmp / "tokenizer_config.json", tf.tokenizer_config_json);
        writeText(tmp / "special_tokens_map.json", tf.special_tokens_map_json);
        if (!tf.chat_template_jinja.empty()) writeText(tmp / "chat_template.jinja", tf.chat_template_jinja);
        reportProgress(progress, 0.05, "checking the tokenizer");
        checkSameTokenizer(tokenizer, *Tokenizer::fromHuggingFace(tmp), res.notes);

        // 2. config.json and generation_config.json. A Hugging Face source keeps its list
        //    of EOS ids (Llama-3.1: [128001, 128008, 128009]) and its generation settings.
        const fs::path src_dir = sourceFolder(options.source);
        const bool hf_source = fs::is_directory(options.source);
        if (hf_source && fs::exists(src_dir / "config.json")) {
            try {
                const auto src = ojson::parse(readText(src_dir / "config.json"));
                if (src.contains("eos_token_id") && src["eos_token_id"].is_array() && !src["eos_token_id"].empty() &&
                    src["eos_token_id"][0] == c.eos_id)
                    config["eos_token_id"] = src["eos_token_id"];
                if (src.contains("pad_token_id") && src["pad_token_id"].is_number_integer())
                    config["pad_token_id"] = src["pad_token_id"];
            } catch (const nlohmann::json::exception&) {
                // The source loaded, so its config is readable; if not, the plain ids stand.
            }
        }
        writeText(tmp / "config.json", config.dump(2) + "\n");
        if (hf_source && fs::exists(src_dir / "generation_config.json")) {
            writeText(tmp / "generation_config.json", readText(src_dir / "generation_config.json"));
        } else {
            ojson g = ojson::object();
            g["_from_model_config"] = true;
            if (c.bos_id >= 0) g["bos_token_id"] = c.bos_id;
            if (c.eos_id >= 0) g["eos_token_id"] = config["eos_token_id"];
            writeText(tmp / "generation_config.json", g.dump(2) + "\n");
        }

        // 3. Weights, in Hugging Face names and the export dtype. Biases that the config's
        //    single flag implies but the model lacks are written as zeros (exact).
        std::vector<std::pair<std::string, torch::Tensor>> named = model.namedTensors();
        const bool attention_bias = config.value("attention_bias", false) || c.family == "qwen2";
        if (attention_bias) {
            std::set<std::string> have;
            for (const auto& [n, t] : named) have.insert(n);
            for (size_t i = 0; i < c.layers.size(); ++i) {
                const LayerDims& d = c.layers[i];
                if (!d.hasAttention()) continue;
                const int l = static_cast<int>(i);
                const std::pair<TensorRole, int64_t> biases[] = {{TensorRole::Q, d.n_heads * c.head_dim},
                                                                 {TensorRole::K, d.n_kv_heads * c.head_dim},
                                                                 {TensorRole::V, d.n_kv_heads * c.head_dim},
                                                                 {TensorRole::O, c.hidden}};
                for (const auto& [role, size] : biases) {
                    if (role == TensorRole::O && c.family == "qwen2") continue;
                    const std::string name = hfTensorName(role, l, true);
                    if (have.count(name)) continue;
                    named.emplace_back(name, torch::zeros({size}, torch::kFloat32));
                    if (res.notes.empty() || res.notes.back().rfind("zero biases", 0) != 0)
                        res.notes.push_back("zero biases written for projections without one (the config has a "
                                            "single attention_bias flag)");
                }
            }
        }
        // mlp_bias (gate, up and down): zero gate/up biases beside a down_proj bias of its own.
        if (config.value("mlp_bias", false) && !c.mlp_bias) {
            for (size_t i = 0; i < c.layers.size(); ++i) {
                const LayerDims& d = c.layers[i];
                if (!d.hasMlp()) continue;
                for (TensorRole role : {TensorRole::Gate, TensorRole::Up})
                    named.emplace_back(hfTensorName(role, static_cast<int>(i), true), torch::zeros({d.ffn}, torch::kFloat32));
            }
            res.notes.push_back("zero gate/up biases written beside the down_proj biases (the config has a single "
                                "mlp_bias flag)");
        }
        // Gemma's HF RMSNorm scales by (1 + w); PruneBench (as GGUF) holds the multiplier itself.
        const FamilySpec* fam = familyByName(c.family);
        if (fam && fam->hf_norm_plus_one) {
            const std::set<std::string> norms = normTensorNames(c);
            for (auto& [n, t] : named)
                if (norms.count(n)) t = t.detach().to(torch::kFloat32) - 1.0f;  // [H] or [hd]
        }
        std::vector<torch::Tensor> keep;  // owns the converted tensors until written
        std::vector<st::TensorToWrite> tensors;
        keep.reserve(named.size());
        tensors.reserve(named.size());
        for (size_t i = 0; i < named.size(); ++i) {
            reportProgress(progress, 0.1 + 0.6 * double(i) / double(named.size()), "converting " + named[i].first);
            torch::Tensor t = named[i].second.detach().to(torch::kCPU, dt.torch).contiguous();
            if (!torch::isfinite(t).all().item<bool>())
                throw Error("tensor '" + named[i].first + "' has NaN or infinite values in " + options.dtype +
                            (options.dtype == "f32" ? "" : " (out of the dtype's range?)"));
            keep.push_back(t);
            st::TensorToWrite w;
            w.name = named[i].first;
            w.dtype = dt.st;
            w.shape = t.sizes().vec();
            w.data = t.data_ptr();
            w.nbytes = static_cast<uint64_t>(t.numel()) * dt.bytes;
            tensors.push_back(std::move(w));
        }
        reportProgress(progress, 0.7, "writing model.safetensors");
        st::write(tmp / "model.safetensors", tensors, {{"format", "pt"}});
        keep.clear();

        // 4. Marker (what makes the folder replaceable by a later export), then the move.
        res.files.clear();
        for (const auto& e : fs::directory_iterator(tmp)) {
            res.files.push_back(e.path().filename().string());
            res.bytes += e.file_size();
        }
        res.files.push_back(kMarker);
        std::sort(res.files.begin(), res.files.end());
        ojson marker = ojson::object();
        marker["prunebench_export"] = 1;
        marker["created"] = isoTime();
        marker["source"] = fs::absolute(options.source).string();
        marker["dtype"] = options.dtype;
        marker["parameters"] = res.parameters;
        marker["transformers_loadable"] = res.transformers_loadable;
        marker["files"] = res.files;
        marker["notes"] = res.notes;
        writeText(tmp / kMarker, marker.dump(2) + "\n");
        res.bytes += fs::file_size(tmp / kMarker);
        reportProgress(progress, 0.95, "moving the export into place");
        commit(tmp, out, out_exists);
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }

    std::ostringstream s;
    s << "Exported " << res.parameters << " parameters (" << options.dtype << ", " << mb(res.bytes) << ") to "
      << out.string() << ".\n";
    if (res.transformers_loadable) {
        s << "transformers: loads with AutoModelForCausalLM (" << config["architectures"][0].get<std::string>()
          << ") and AutoTokenizer.\n";
    } else {
        s << "transformers: CANNOT load this folder: " << transformersLoadableReason(c)
          << ". config.json lists each layer's widths in \"prunebench_layers\", which PruneBench loads exactly; "
             "transformers would build every layer with the largest widths.\n";
    }
    for (const auto& n : res.notes) s << "note: " << n << "\n";
    res.summary = s.str();
    reportProgress(progress, 1.0, "exported");
    return res;
}

} // namespace pb
