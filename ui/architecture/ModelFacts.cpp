#include "ui/architecture/ModelFacts.h"

#include <QCoreApplication>

#include <algorithm>

#include "core/model/loader.h"
#include "core/tokenizer/tokenizer.h"
#include "ui/widgets/Format.h"

namespace pb::ui {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(pb::ui::ModelFacts)
};

template <class Get>
QString layerRange(const pb::ModelConfig& config, Get get) {
    if (config.layers.empty()) return Text::tr("—");
    qint64 lo = get(config.layers.front());
    qint64 hi = lo;
    for (const auto& layer : config.layers) {
        lo = std::min<qint64>(lo, get(layer));
        hi = std::max<qint64>(hi, get(layer));
    }
    return format::countRange(lo, hi);
}
} // namespace

QList<ModelFact> modelFacts(const pb::LoadedModel& model) {
    const pb::ModelConfig& c = model.config;
    const qint64 total = c.totalParams();
    const qint64 embedding = c.embeddingParams();
    const QString arch = QString::fromStdString(c.architecture.empty() ? c.family : c.architecture);
    const QString formatName = model.format == "gguf" ? Text::tr("GGUF") : Text::tr("Hugging Face");
    const bool uniform = c.layers.empty() || c.uniform();

    QList<ModelFact> facts;
    facts.append({Text::tr("Architecture"), arch,
                  Text::tr("As the source names it. Family: %1.").arg(QString::fromStdString(c.family))});
    facts.append({Text::tr("Layers"), format::count(c.numLayers()), Text::tr("Decoder blocks.")});
    facts.append({Text::tr("Hidden size"), format::count(c.hidden), Text::tr("Width of the residual stream.")});
    facts.append({Text::tr("Heads / KV heads"),
                  Text::tr("%1 / %2").arg(layerRange(c, [](const pb::LayerDims& d) { return d.n_heads; }),
                                    layerRange(c, [](const pb::LayerDims& d) { return d.n_kv_heads; })),
                  uniform ? Text::tr("Query heads and key/value heads per block.")
                          : Text::tr("Query heads and key/value heads per block; the blocks differ (see the table).")});
    facts.append({Text::tr("Head dim"), format::count(c.head_dim), Text::tr("Width of one attention head.")});
    facts.append({Text::tr("FFN width"), layerRange(c, [](const pb::LayerDims& d) { return d.ffn; }),
                  uniform ? Text::tr("Intermediate width of the MLP.")
                          : Text::tr("Intermediate width of the MLP; the blocks differ (see the table).")});
    facts.append({Text::tr("Parameters"), format::compact(total), Text::tr("%1 parameters in all.").arg(format::count(total))});
    facts.append({Text::tr("Embeddings"),
                  c.tie_embeddings ? Text::tr("%1 (tied)").arg(format::compact(embedding)) : format::compact(embedding),
                  Text::tr("Token embeddings, the output head (unless tied to the embeddings) and the final norm: "
                     "%1 parameters, %2 of the model.")
                      .arg(format::count(embedding), format::percent(total > 0 ? double(embedding) / double(total) : 0.0))});
    facts.append({Text::tr("Vocabulary"), format::count(c.vocab), Text::tr("Tokens the model knows.")});
    facts.append({Text::tr("Context"), format::count(c.max_position), Text::tr("Maximum position the model was trained for.")});
    facts.append({Text::tr("Weights"),
                  c.source_dtype.empty() ? formatName
                                         : Text::tr("%1 · %2").arg(QString::fromStdString(c.source_dtype), formatName),
                  Text::tr("Data type of the weights in the file, and the file format.")});
    facts.append({Text::tr("Tokenizer"), model.tokenizer ? QString::fromStdString(model.tokenizer->kind()) : Text::tr("—"),
                  Text::tr("How text becomes tokens.")});
    return facts;
}

ParameterSplit parameterSplit(const pb::ModelConfig& config) {
    ParameterSplit split;
    split.embedding = config.embeddingParams();
    for (size_t i = 0; i < config.layers.size(); ++i) {
        split.attention += config.attentionParams(i);
        split.mlp += config.mlpParams(i);
    }
    split.total = config.totalParams();
    return split;
}

} // namespace pb::ui
