#pragma once
// What the GUI accepts as a model: a Hugging Face folder or a .gguf file.
#include <QString>

namespace pb::ui {

// True for an existing folder or an existing file named *.gguf.
bool isOpenableModelPath(const QString& path);
// Short name for titles and the status bar: the .gguf file's base name or the folder's name
// ("demo" and "demo:NAME", the sample models' names, stay as they are).
QString modelDisplayName(const QString& path);

} // namespace pb::ui
