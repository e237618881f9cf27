#include "ui/jobs/HiddenEffectJob.h"

#include "core/util/error.h"

namespace pb::ui::jobs {

pb::HiddenEffect hiddenEffect(const ModelPtr& model, const pb::HiddenEffectRequest& request,
                              const pb::ProgressFn& progress) {
    if (!model) throw pb::Error("no model is loaded");
    return pb::measureHiddenEffect(*model, request, progress);
}

} // namespace pb::ui::jobs
