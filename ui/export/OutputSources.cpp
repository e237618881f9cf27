#include "ui/export/OutputSources.h"

#include "core/data/assets.h"
#include "core/model/loader.h"
#include "core/util/error.h"

namespace pb::ui {

std::vector<pb::SourcePath> openSources(const ModelPtr& model, const std::string& calibration_text) {
    std::vector<pb::SourcePath> s;
    if (model) s = pb::modelSource(model->source);
    if (!calibration_text.empty())
        s.push_back({pb::assets::textSourcePath(calibration_text), "the calibration text", false});
    return s;
}

QString outputRefusal(const QString& path, const std::string& what, const std::vector<pb::SourcePath>& sources) {
    try {
        pb::checkOutputPath(path.toStdString(), what, sources);
    } catch (const pb::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace pb::ui
