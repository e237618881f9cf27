#pragma once
// Command line of the GUI: --model M, --view V, --screenshot OUT.png, --lang L.
#include <QString>
#include <QStringList>

namespace pb::ui {

struct LaunchOptions {
    QString model;       // "demo", a folder or a .gguf file; empty: none (first start opens the demo)
    QString view = QStringLiteral("architecture");
    QString screenshot;  // save the window as PNG once the model is shown, then exit
    QString language;    // "en", "zh_CN"; empty: setting or system
};

// arguments includes the program name. --help and --version print and exit the process.
// Returns false with *error set for unknown options or values.
bool parseLaunchOptions(const QStringList& arguments, LaunchOptions* options, QString* error);

} // namespace pb::ui
