#include "ui/shell/LaunchOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include "ui/shell/Language.h"
#include "ui/widgets/Theme.h"

namespace pb::ui {

namespace {
const QStringList kViews = {QStringLiteral("architecture"), QStringLiteral("graph"), QStringLiteral("heatmap"),
                             QStringLiteral("plan"), QStringLiteral("charts"), QStringLiteral("compare"),
                             QStringLiteral("recovery"), QStringLiteral("disagreement")};
struct Text {
    Q_DECLARE_TR_FUNCTIONS(pb::ui::LaunchOptions)
};
} // namespace

bool parseLaunchOptions(const QStringList& arguments, LaunchOptions* options, QString* error) {
    QCommandLineParser parser;
    parser.setApplicationDescription(Text::tr("Structured pruning workbench for LLaMA-family language models."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption model(QStringLiteral("model"), Text::tr("Model to open: a folder, a .gguf file or \"demo\"."),
                                   Text::tr("model"));
    const QCommandLineOption view(QStringLiteral("view"), Text::tr("View to show first: %1.").arg(kViews.join(QStringLiteral(", "))),
                                  Text::tr("view"), QStringLiteral("architecture"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        Text::tr("Save the window as a PNG image once the model is shown, then exit."),
                                        Text::tr("file"));
    const QCommandLineOption lang(QStringLiteral("lang"), Text::tr("Interface language: %1.").arg(supportedLanguages().join(QStringLiteral(", "))),
                                  Text::tr("language"));
    const QCommandLineOption theme(QStringLiteral("theme"), Text::tr("Theme for this run: %1.").arg(themeNames().join(QStringLiteral(", "))),
                                   Text::tr("theme"));
    const QCommandLineOption device(QStringLiteral("device"),
                                    Text::tr("Where jobs run: cpu, cuda or cuda:N (as the Compute menu)."), Text::tr("device"));
    const QCommandLineOption plan(QStringLiteral("plan"),
                                  Text::tr("Plan JSON to load into the Plan tab once the model is shown."),
                                  Text::tr("file"));
    parser.addOptions({model, view, screenshot, lang, theme, device, plan});
    parser.addPositionalArgument(QStringLiteral("file"), Text::tr("Model to open (as --model): a folder or a .gguf file."),
                                 QStringLiteral("[file]"));

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version"))) parser.showVersion();
    const QStringList files = parser.positionalArguments();  // "prunebench FILE" (the .desktop file's %F)
    if (!files.isEmpty() && parser.isSet(model)) {
        *error = Text::tr("Give the model once: as --model or as a file, not both.");
        return false;
    }

    LaunchOptions out;
    out.model = files.isEmpty() ? parser.value(model) : files.first();
    if (files.size() > 1)  // a file manager may pass several (%F): the first is opened
        out.notice = Text::tr("PruneBench opens one model at a time: opening %1, not %2.")
                         .arg(files.first(), files.mid(1).join(QStringLiteral(", ")));
    out.view = parser.value(view);
    out.screenshot = parser.value(screenshot);
    out.language = parser.value(lang);
    out.theme = parser.value(theme);
    out.device = parser.value(device);
    out.plan = parser.value(plan);
    if (!kViews.contains(out.view)) {
        *error = Text::tr("Unknown view \"%1\"; known views: %2.").arg(out.view, kViews.join(QStringLiteral(", ")));
        return false;
    }
    if (!out.language.isEmpty() && !isSupportedLanguage(out.language)) {
        *error = Text::tr("Unknown language \"%1\"; supported: %2.").arg(out.language, supportedLanguages().join(QStringLiteral(", ")));
        return false;
    }
    if (!out.theme.isEmpty() && !themeChoiceFromName(out.theme)) {
        *error = Text::tr("Unknown theme \"%1\"; known themes: %2.").arg(out.theme, themeNames().join(QStringLiteral(", ")));
        return false;
    }
    if (!out.device.isEmpty() && !QRegularExpression(QStringLiteral("^(cpu|cuda(:[0-9]+)?)$")).match(out.device).hasMatch()) {
        *error = Text::tr("Unknown device \"%1\"; use cpu, cuda or cuda:N.").arg(out.device);
        return false;
    }
    *options = out;
    return true;
}

} // namespace pb::ui
