#pragma once
// The words the window shows when a model does not open. The core's messages are precise
// but technical ("tensor 'blk.0.attn_q.weight' data [123456, 200000) is beyond the end of
// the file"); the banner leads with a plain sentence that says what is wrong and what to do,
// and keeps the core's line below it as the technical detail.
#include <QString>

namespace pb::ui {

// The plain sentence for `message` (the core's pb::Error text) about the model at `path`.
QString loadErrorSentence(const QString& path, const QString& message);

// The banner's technical line: "Details: " and the core's message.
QString loadErrorTechnical(const QString& message);

} // namespace pb::ui
