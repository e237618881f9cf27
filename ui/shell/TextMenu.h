#pragma once
// File › Calibration Text and File › Evaluation Text: any text file or folder of .txt files
// (core/data/assets.h), WikiText-2 / PTB files (recognised by name or rows and read as
// wikitext2:PATH / ptb:PATH, core/data/benchmark_text.h), or a demo text, for calibration (scoring and LoRA recovery) or for
// evaluation (perplexity). The choice goes to the workbench's job settings at once and is
// remembered (QSettings); restoreTexts() brings it back at start (a remembered path that is
// gone falls back to the demo text, and says so).
#include <QMenu>

#include <string>

namespace pb::ui {

class Workbench;

class TextMenu : public QMenu {
    Q_OBJECT
public:
    enum class Kind { Calibration, Evaluation };
    TextMenu(Kind kind, Workbench* bench, QWidget* parent = nullptr);

    // Chooses `spec` (demo:NAME, a file or a folder): into the settings and the workbench.
    void choose(const std::string& spec);
    QAction* fileAction() const { return file_; }
    QAction* folderAction() const { return folder_; }
    QAction* benchmarkAction() const { return benchmark_; }

    // A chosen file or folder as a text spec: WikiText-2 / PTB files (recognised by name or rows,
    // core/data/benchmark_text.h) as wikitext2:PATH / ptb:PATH, anything else as it is.
    static std::string specFor(const QString& path);
    // The remembered texts into the workbench; returns a sentence when one was gone (else "").
    static QString restoreTexts(Workbench* bench);

private:
    void chooseFile();
    void chooseFolder();
    void chooseBenchmark();  // a WikiText-2 / PTB file, its kind recognised (or asked)
    void sync();  // the checked entry and the current choice's line

    Kind kind_;
    Workbench* bench_;
    QAction* file_;
    QAction* folder_;
    QAction* benchmark_;  // WikiText-2 or PTB File…
    QAction* current_;  // "Current: NAME" when a file or folder is chosen
    QAction* sotu_;
    QAction* moby_;
};

} // namespace pb::ui
