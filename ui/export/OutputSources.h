#pragma once
// The window's side of the output rule (core/util/output_path.h): the sources of what is
// open (the model file or folder, the calibration text) that Save, Save Plan and Save
// Report may not write over, into or around. No Qt widgets here.
#include <string>
#include <vector>

#include <QString>

#include "core/util/output_path.h"
#include "ui/session/ModelSession.h"

namespace pb::ui {

std::vector<pb::SourcePath> openSources(const ModelPtr& model, const std::string& calibration_text);

// "" when `path` may be written as `what` ("plan file", "report", ...), else the refusal.
QString outputRefusal(const QString& path, const std::string& what, const std::vector<pb::SourcePath>& sources);

} // namespace pb::ui
