#pragma once
// The open model as the GUI holds it: shared by the session, the views (read-only) and
// the jobs running on the worker thread. Torch-free, Qt-free.
#include <memory>

#include "core/model/loader.h"

namespace pb::ui {

using ModelPtr = std::shared_ptr<pb::LoadedModel>;

} // namespace pb::ui
