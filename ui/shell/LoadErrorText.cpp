#include "ui/shell/LoadErrorText.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace pb::ui {

namespace {

// The translation context of these sentences (lupdate reads LoadError::tr as context "LoadError").
struct LoadError {
    Q_DECLARE_TR_FUNCTIONS(LoadError)
};

bool has(const QString& message, const char* part) { return message.contains(QLatin1String(part), Qt::CaseInsensitive); }

} // namespace

QString loadErrorSentence(const QString& path, const QString& message) {
    if (has(message, "not a regular file"))
        return LoadError::tr("This is not a model file: it is a special file (such as a pipe or a device) "
                             "that PruneBench does not read. Choose a .gguf file or a model folder.");
    if (has(message, "does not exist"))
        return LoadError::tr("The file or folder is not there any more. It may have been moved or deleted.");
    if (has(message, "permission denied"))
        return LoadError::tr("PruneBench is not allowed to read this file. Check its permissions.");
    if (has(message, "more than the limit"))
        return LoadError::tr("The file is larger than PruneBench accepts for its kind, so it was not read.");
    const bool gguf = QFileInfo(path).suffix().compare(QLatin1String("gguf"), Qt::CaseInsensitive) == 0 ||
                      has(message, "gguf");
    if (has(message, "neither a Hugging Face model folder nor a GGUF file") || has(message, "magic") ||
        has(message, "not a gguf"))
        return gguf ? LoadError::tr("This file is not a GGUF model (it does not start like one).")
                    : LoadError::tr("This is neither a GGUF model file nor a Hugging Face model folder.");
    const bool cut = has(message, "truncated") || has(message, "past end") || has(message, "end of the file") ||
                     has(message, "end of file") || has(message, "beyond") || has(message, "exceeds file size") ||
                     has(message, "out of bounds") || has(message, "overlap") || has(message, "bytes remain");
    if (gguf && cut)
        return LoadError::tr("The GGUF file is damaged or incomplete, perhaps from an interrupted download. "
                             "Download it again.");
    if (has(message, "tokenizer"))
        return LoadError::tr("The model's tokenizer (tokenizer.json or the tokenizer part of the file) is "
                             "damaged or uses a form PruneBench does not support.");
    if (has(message, "config.json") || has(message, "config"))
        return LoadError::tr("The model's settings file (config.json) is damaged or describes a model "
                             "PruneBench does not support.");
    if (has(message, "safetensors"))
        return LoadError::tr("A weights file (.safetensors) of this model is damaged or incomplete. "
                             "Download the model again.");
    if (cut || has(message, "offset"))
        return LoadError::tr("A file of this model is damaged or incomplete. Download the model again.");
    if (has(message, "shape") || has(message, "expected") || has(message, "missing"))
        return LoadError::tr("The model's weights do not match its description, so it cannot be used.");
    if (has(message, "unsupported") || has(message, "not supported") || has(message, "does not support") ||
        has(message, "unknown"))
        return LoadError::tr("PruneBench does not support this kind of model.");
    if (gguf) return LoadError::tr("The GGUF file could not be read; it may be damaged.");
    return LoadError::tr("PruneBench could not read this model.");
}

QString loadErrorTechnical(const QString& message) {
    return message.isEmpty() ? QString() : LoadError::tr("Details: %1").arg(message);
}

} // namespace pb::ui
