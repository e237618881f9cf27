#pragma once
// File › Calibration Text and File › Evaluation Text: any text file or folder of .txt files
// (core/data/assets.h), or a demo text, for calibration (scoring and LoRA recovery) or for
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

    // The remembered texts into the workbench; returns a sentence when one was gone (else "").
    static QString restoreTexts(Workbench* bench);

private:
    void chooseFile();
    void chooseFolder();
    void sync();  // the checked entry and the current choice's line

    Kind kind_;
    Workbench* bench_;
    QAction* file_;
    QAction* folder_;
    QAction* current_;  // "Current: NAME" when a file or folder is chosen
    QAction* sotu_;
    QAction* moby_;
};

} // namespace pb::ui
