#pragma once
// File › Save: the model (Hugging Face folder or GGUF file, with a storage dtype) cut by the
// resolved plan the views hatch, the plan as JSON in both forms (ratios; resolved kept
// units) and a Markdown report with the charts. Says which tools load the shapes the
// plan makes. The model is written by a background job (progress in the status bar);
// refusals and failures show in the dialog and change nothing. After a LoRA run it also
// offers the PEFT adapter: the run's pruned model (unmerged) as a Hugging Face folder and the
// adapter in its own folder beside it, naming that folder as its base (peft loads the pair).
#include <QDialog>

#include <functional>

#include "ui/export/ReportWriter.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace pb::ui {

class RecoverySession;
class Workbench;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    using ChartsFn = std::function<QList<ReportChart>()>;
    ExportDialog(Workbench* bench, RecoverySession* recovery, ChartsFn charts, QWidget* parent = nullptr);

    QComboBox* formatCombo() const { return format_; }
    QComboBox* dtypeCombo() const { return dtype_; }
    QComboBox* sourceCombo() const { return source_; }
    QLineEdit* pathEdit() const { return path_; }
    // Model choices (sourceCombo's index).
    enum Source { PrunedByPlan = 0, RecoveredMerged = 1, WithAdapter = 2 };
    QLineEdit* adapterEdit() const { return adapter_; }  // empty: "<folder>-lora"
    QString adapterPath() const;                          // where the adapter goes
    QLabel* adapterNote() const { return adapterNote_; }
    QString message() const;       // the status line's text
    bool messageIsError() const { return error_; }
    QString loadabilityText() const;

public Q_SLOTS:
    bool saveModel();                              // starts the job; false when refused
    bool savePlan(const QString& path);            // Save Plan (ratios): JSON as edited
    // Save Resolved Plan (kept units): the plan the views hatch; scores once first when it
    // needs scores (then written when they are in). False when nothing started.
    bool saveResolvedPlan(const QString& path);
    bool saveReport(const QString& path);          // NAME.md + NAME-<chart>.png

private:
    void refresh();
    void browse();
    void showMessage(const QString& text, bool error);

    Workbench* bench_;
    RecoverySession* recovery_;
    ChartsFn charts_;
    QComboBox* format_;
    QComboBox* dtype_;
    QComboBox* source_;
    QLineEdit* path_;
    QLineEdit* adapter_;
    QLabel* adapterNote_;
    QFormLayout* form_ = nullptr;
    QLabel* loadable_;
    QLabel* status_;
    QPushButton* save_;
    bool error_ = false;
    bool ours_ = false;  // the runner's job is this dialog's export
};

} // namespace pb::ui
