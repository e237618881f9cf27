#pragma once
// The texts the jobs read (File › Calibration Text / Evaluation Text), with their token counts
// in the open model's tokenizer: "Calibration: State of the Union (demo), 2,634,112 tokens ·
// Evaluation: Moby-Dick (demo), 312,006 tokens". A warning, in the theme's warning colour,
// when a text is too short for its job (calibration: samples × tokens per sample; perplexity:
// windows × 128 tokens) or cannot be read (the core's line). Shown on the Plan tab and,
// compact, in the status bar.
#include <QLabel>

namespace pb::ui {

class Workbench;

class TextsLabel : public QLabel {
    Q_OBJECT
public:
    // compact: one short line (the status bar), the details in the tooltip.
    TextsLabel(Workbench* bench, bool compact, QWidget* parent = nullptr);

    // The label's rich text; *warnings receives the warning sentences (plain text).
    static QString textFor(Workbench& bench, bool compact, QStringList* warnings = nullptr);

public Q_SLOTS:
    void refresh();

private:
    Workbench* bench_;
    bool compact_;
};

} // namespace pb::ui
