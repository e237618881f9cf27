#pragma once
// Command line of the GUI: [FILE] or --model M, --view V, --screenshot OUT.png, --lang L, --theme T, --device D.
#include <QString>
#include <QStringList>

namespace pb::ui {

struct LaunchOptions {
    QString model;       // "demo", a folder or a .gguf file; empty: none (first start opens the demo)
    QString view = QStringLiteral("architecture");
    QString screenshot;  // save the window as PNG once the model is shown, then exit
    QString language;    // "en", "zh_CN"; empty: setting or system
    QString theme;       // "system", "light", "dark"; empty: $PB_THEME, the setting or system
    QString device;      // "cpu", "cuda", "cuda:N"; empty: the CPU (Compute menu)
    QString plan;        // a plan JSON loaded into the Plan tab once the model is shown; empty: none
    QString notice;      // said on stderr at start (e.g. the files not opened when several are given)
};

// arguments includes the program name. --help and --version print and exit the process.
// Returns false with *error set for unknown options or values.
bool parseLaunchOptions(const QStringList& arguments, LaunchOptions* options, QString* error);

} // namespace pb::ui
