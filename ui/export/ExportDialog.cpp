#include "ui/export/ExportDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QStandardItemModel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

#include "ui/jobs/ExportJobs.h"
#include "ui/session/JobRunner.h"
#include "ui/export/OutputSources.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanFiles.h"
#include "ui/plan/PlanStateLabel.h"
#include "ui/session/RecoverySession.h"
#include "ui/session/Workbench.h"

namespace pb::ui {

namespace {
jobs::ExportFormat formatOf(const QComboBox* box) {
    return box->currentData().toInt() == 1 ? jobs::ExportFormat::Gguf : jobs::ExportFormat::HuggingFace;
}
} // namespace

ExportDialog::ExportDialog(Workbench* bench, RecoverySession* recovery, ChartsFn charts, QWidget* parent)
    : QDialog(parent), bench_(bench), recovery_(recovery), charts_(std::move(charts)), format_(new QComboBox(this)),
      dtype_(new QComboBox(this)), source_(new QComboBox(this)), path_(new QLineEdit(this)), adapter_(new QLineEdit(this)),
      adapterNote_(new QLabel(this)), loadable_(new QLabel(this)),
      status_(new QLabel(this)), save_(new QPushButton(tr("Save Model"), this)) {
    setWindowTitle(tr("Save"));
    setObjectName(QStringLiteral("exportDialog"));
    setMinimumWidth(560);
    format_->addItem(tr("Hugging Face folder (safetensors)"), 0);
    // GGUF appears only when core/export/gguf_export.h is built (jobs::ggufExportAvailable).
    if (jobs::ggufExportAvailable()) format_->addItem(tr("GGUF file (llama.cpp)"), 1);
    source_->addItem(tr("Pruned by the current plan"), 0);
    source_->addItem(tr("Pruned and recovered (last LoRA run, merged)"), 1);
    source_->addItem(tr("Pruned, with the last LoRA run's PEFT adapter beside it"), 2);
    adapter_->setObjectName(QStringLiteral("adapterPath"));
    adapter_->setAccessibleName(tr("Adapter folder"));
    adapterNote_->setObjectName(QStringLiteral("sectionHint"));
    adapterNote_->setWordWrap(true);
    adapterNote_->setText(
        tr("The pruned model the LoRA run trained on (adapters not merged) goes to the folder above as a Hugging Face "
           "folder; the PEFT adapter (adapter_config.json + adapter_model.safetensors) goes to its own folder, whose "
           "base_model_name_or_path names the model folder. Load the pair with "
           "PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(MODEL), ADAPTER). An adapter needs its "
           "base saved with it, so this choice always writes both (not GGUF)."));
    path_->setPlaceholderText(tr("Folder for Hugging Face, file name for GGUF"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    loadable_->setWordWrap(true);
    loadable_->setObjectName(QStringLiteral("sectionHint"));
    loadable_->setTextFormat(Qt::RichText);
    status_->setWordWrap(true);
    status_->setObjectName(QStringLiteral("exportStatus"));  // errors in the theme's error colour (prunebench.qss)
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    save_->setObjectName(QStringLiteral("primaryButton"));

    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path_, 1);
    pathRow->addWidget(browse);
    auto* adapterRow = new QHBoxLayout;
    adapterRow->addWidget(adapter_, 1);
    auto* browseAdapter = new QPushButton(tr("Browse…"), this);
    adapterRow->addWidget(browseAdapter);
    auto* form = new QFormLayout;
    form_ = form;
    form->addRow(tr("Format"), format_);
    form->addRow(tr("Weights"), dtype_);
    form->addRow(tr("Model"), source_);
    form->addRow(tr("Save to"), pathRow);
    form->addRow(tr("Adapter to"), adapterRow);
    form->addRow(QString(), adapterNote_);

    auto* planButton = new QPushButton(tr("Save Plan (ratios)…"), this);
    auto* resolvedButton = new QPushButton(tr("Save Resolved Plan (kept units)…"), this);
    auto* reportButton = new QPushButton(tr("Save Report…"), this);
    planButton->setToolTip(tr("The ratios as edited; prunebench-cli prune --plan resolves them again with its own scores"));
    resolvedButton->setToolTip(tr("The kept heads, groups and channels the heatmap hatches, with the calibration they come "
                                  "from; prunebench-cli prune --plan replays them exactly"));
    reportButton->setToolTip(tr("A Markdown file with the workbench's numbers, and the charts as PNG files beside it"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(save_, QDialogButtonBox::ActionRole);
    buttons->addButton(planButton, QDialogButtonBox::ActionRole);
    buttons->addButton(resolvedButton, QDialogButtonBox::ActionRole);
    buttons->addButton(reportButton, QDialogButtonBox::ActionRole);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new PlanStateLabel(bench_, this));
    layout->addWidget(loadable_);
    layout->addWidget(status_);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(source_, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(browseAdapter, &QPushButton::clicked, this, [this]() {
        const QString p = QFileDialog::getExistingDirectory(this, tr("Save the Adapter to Folder"));
        if (!p.isEmpty()) adapter_->setText(p);
    });
    connect(path_, &QLineEdit::textChanged, this, [this]() {  // the default adapter folder follows the model's
        adapter_->setPlaceholderText(QString::fromStdString(jobs::defaultAdapterPath(QDir::cleanPath(path_->text().trimmed()).toStdString())));
    });
    connect(save_, &QPushButton::clicked, this, &ExportDialog::saveModel);
    connect(planButton, &QPushButton::clicked, this, [this]() {
        const QString p =
            QFileDialog::getSaveFileName(this, tr("Save Plan (ratios)"), QStringLiteral("plan.json"), tr("Plans (*.json)"));
        if (!p.isEmpty()) savePlan(p);
    });
    connect(resolvedButton, &QPushButton::clicked, this, [this]() {
        const QString p = QFileDialog::getSaveFileName(this, tr("Save Resolved Plan (kept units)"),
                                                       QStringLiteral("plan-resolved.json"), tr("Plans (*.json)"));
        if (!p.isEmpty()) saveResolvedPlan(p);
    });
    connect(reportButton, &QPushButton::clicked, this, [this]() {
        const QString p = QFileDialog::getSaveFileName(this, tr("Save Report"), QStringLiteral("prunebench-report.md"),
                                                       tr("Markdown (*.md)"));
        if (!p.isEmpty()) saveReport(p);
    });
    JobRunner* runner = bench_->session()->jobs();
    connect(runner, &JobRunner::started, this, [this]() { save_->setEnabled(false); });
    connect(runner, &JobRunner::finished, this, [this, runner]() {
        // A job accepted from a finishing one (the export after its scoring) keeps it busy.
        save_->setEnabled(!runner->busy());
        if (!runner->busy()) ours_ = false;
    });
    connect(runner, &JobRunner::failed, this, [this](const QString& message) {
        if (ours_) showMessage(tr("The model was not saved: %1").arg(message), true);
    });
    connect(runner, &JobRunner::cancelled, this, [this]() {
        if (ours_) showMessage(tr("Saving was cancelled; nothing was written."), false);
    });
    connect(bench_->plan(), &PlanDocument::planChanged, this, &ExportDialog::refresh);
    save_->setEnabled(!runner->busy());
    refresh();
}

QString ExportDialog::message() const { return status_->text(); }

QString ExportDialog::adapterPath() const {
    const QString typed = adapter_->text().trimmed();
    if (!typed.isEmpty()) return QDir::cleanPath(typed);
    return QString::fromStdString(jobs::defaultAdapterPath(QDir::cleanPath(path_->text().trimmed()).toStdString()));
}
QString ExportDialog::loadabilityText() const { return loadable_->text(); }

void ExportDialog::showMessage(const QString& text, bool error) {
    error_ = error;
    status_->setProperty("error", error);
    status_->style()->unpolish(status_);
    status_->style()->polish(status_);
    status_->setText(text);
}

void ExportDialog::refresh() {
    const jobs::ExportFormat f = formatOf(format_);
    const QString keep = dtype_->currentText();
    dtype_->clear();
    for (const std::string& d : jobs::exportDtypes(f)) dtype_->addItem(QString::fromStdString(d));
    if (const int i = dtype_->findText(keep); i >= 0) dtype_->setCurrentIndex(i);
    const jobs::RecoveryResult* res = recovery_ && recovery_->result() ? &*recovery_->result() : nullptr;
    const bool recovered = res && res->recovered;
    const bool adapter = res && res->pruned && res->adapters;
    auto* items = qobject_cast<QStandardItemModel*>(source_->model());
    if (items && items->item(RecoveredMerged)) items->item(RecoveredMerged)->setEnabled(recovered);
    if (items && items->item(WithAdapter)) items->item(WithAdapter)->setEnabled(adapter);
    if ((!recovered && source_->currentIndex() == RecoveredMerged) || (!adapter && source_->currentIndex() == WithAdapter))
        source_->setCurrentIndex(PrunedByPlan);
    // The adapter's base is a Hugging Face folder: no GGUF with it.
    const bool withAdapter = source_->currentIndex() == WithAdapter;
    if (auto* formats = qobject_cast<QStandardItemModel*>(format_->model()); formats && formats->item(1))
        formats->item(1)->setEnabled(!withAdapter);
    if (withAdapter && formatOf(format_) != jobs::ExportFormat::HuggingFace) format_->setCurrentIndex(0);
    form_->setRowVisible(4, withAdapter);
    form_->setRowVisible(5, withAdapter);

    if (!bench_->model()) {
        loadable_->setText(tr("Open a model first."));
        return;
    }
    const jobs::Loadability l = jobs::loadability(bench_->model()->config, bench_->plan()->plan());
    QStringList lines;
    lines << (l.uniform ? tr("<b>Every layer keeps the same shape</b> (depth pruning, or the same ratios everywhere).")
                        : tr("<b>The layers differ in shape</b> (per-layer width pruning)."));
    lines << (l.transformers_reason.empty()
                  ? tr("Hugging Face folder: <b>transformers</b> and PruneBench load it.")
                  : tr("Hugging Face folder: PruneBench loads it; <b>transformers does not</b> (%1).")
                        .arg(QString::fromStdString(l.transformers_reason).toHtmlEscaped()));
    if (jobs::ggufExportAvailable())
        lines << (l.gguf_arch.empty() ? tr("GGUF: cannot be written for this model (%1).")
                                            .arg(QString::fromStdString(l.gguf_reason).toHtmlEscaped())
                  : l.gguf_arch == "deci"
                      ? tr("GGUF: written as arch <i>deci</i> with per-layer widths; <b>llama.cpp</b> and PruneBench load it.")
                      : tr("GGUF: written as arch <i>%1</i>; <b>llama.cpp</b> and PruneBench load it.")
                            .arg(QString::fromStdString(l.gguf_arch)));
    loadable_->setText(lines.join(QStringLiteral("<br>")));
}

void ExportDialog::browse() {
    if (formatOf(format_) == jobs::ExportFormat::Gguf) {
        const QString p = QFileDialog::getSaveFileName(this, tr("Save GGUF"), QStringLiteral("pruned.gguf"), tr("GGUF models (*.gguf)"));
        if (!p.isEmpty()) path_->setText(p);
    } else {
        const QString p = QFileDialog::getExistingDirectory(this, tr("Save to Folder"));
        if (!p.isEmpty()) path_->setText(p);
    }
}

bool ExportDialog::saveModel() {
    const ModelPtr model = bench_->model();
    if (!model) {
        showMessage(tr("Open a model first."), true);
        return false;
    }
    jobs::ExportRequest r;
    r.format = formatOf(format_);
    r.out_path = QDir::cleanPath(path_->text().trimmed()).toStdString();
    if (path_->text().trimmed().isEmpty()) r.out_path.clear();
    r.dtype = dtype_->currentText().toStdString();
    if (const std::string why = jobs::exportRefusal(r.format, r.out_path,
                                                    openSources(model, bench_->settings().calib.text));
        !why.empty()) {
        showMessage(tr("Not saved: %1.").arg(QString::fromStdString(why)), true);
        return false;
    }
    r.calib = bench_->settings().calib;
    if (source_->currentIndex() == RecoveredMerged && recovery_ && recovery_->result()) r.recovered = recovery_->result()->recovered;
    if (source_->currentIndex() == WithAdapter && recovery_ && recovery_->result()) {
        // The run's pruned model without the adapters is their base; the adapter names its folder.
        r.recovered = recovery_->result()->pruned;
        r.adapters = recovery_->result()->adapters;
        r.adapter_path = adapterPath().toStdString();
        if (const std::string why = jobs::adapterRefusal(r.adapter_path, r.out_path,
                                                         openSources(model, bench_->settings().calib.text));
            !why.empty()) {
            showMessage(tr("Not saved: %1.").arg(QString::fromStdString(why)), true);
            return false;
        }
    }
    // Runs now, or after the scoring job when the plan needs scores (the dialog may be
    // closed by then).
    QPointer<ExportDialog> self(this);
    auto start = [self, model, r](const pb::PruningPlan& plan) mutable {
        if (!self) return false;
        ExportDialog* dialog = self.data();
        r.plan = plan;  // the plan the views hatch, resolved: the job cuts it as it is
        r.calib = dialog->bench_->scoredCalibration();
        auto work = [model, r](const pb::ProgressFn& progress) { return jobs::exportModel(model, r, progress); };
        auto done = [self](const jobs::ExportResult& result) {
            if (!self) return;
            self->showMessage(tr("Saved %1 (%2 MB, %3 parameters).\n%4")
                                  .arg(QDir::toNativeSeparators(QString::fromStdString(result.path)))
                                  .arg(double(result.bytes) / 1e6, 0, 'f', 1)
                                  .arg(QLocale().toString(qlonglong(result.parameters)), QString::fromStdString(result.summary)),
                              false);
        };
        if (!dialog->bench_->session()->jobs()->start(tr("Saving the model"), std::move(work), std::move(done))) return false;
        dialog->ours_ = true;
        dialog->showMessage(tr("Saving… (progress and Cancel in the status bar)"), false);
        return true;
    };
    if (r.recovered) {
        // The recovered model is already cut (by the plan its recovery run resolved).
        if (!start(pb::PruningPlan{})) {
            showMessage(tr("Another job is running; save when it has finished."), true);
            return false;
        }
        return true;
    }
    const bool scoring = bench_->planState() != Workbench::PlanState::Ready;
    QString why;
    if (!bench_->runResolved(start, false, false, &why)) {
        if (why.endsWith(QLatin1Char('.'))) why.chop(1);
        showMessage(tr("Not saved: %1.").arg(why), true);  // a job runs, the plan does not fit its scores, …
        return false;
    }
    if (scoring && !ours_) showMessage(tr("Scoring first (the plan needs scores of the current choice), then saving…"), false);
    return true;
}

bool ExportDialog::savePlan(const QString& path) {
    QString message;
    if (!saveRatioPlan(*bench_, path, &message)) {
        showMessage(tr("The plan was not saved: %1").arg(message), true);
        return false;
    }
    showMessage(message, false);
    return true;
}

bool ExportDialog::saveResolvedPlan(const QString& path) {
    QPointer<ExportDialog> self(this);
    QString why;
    const bool started = pb::ui::saveResolvedPlan(*bench_, path, [self](bool ok, const QString& message) {
        if (self) self->showMessage(ok ? message : tr("The plan was not saved: %1").arg(message), !ok);
    }, &why);
    if (!started) {
        showMessage(tr("The plan was not saved: %1").arg(why), true);
        return false;
    }
    if (bench_->session()->jobs()->busy()) showMessage(tr("Scoring first (the plan needs scores of the current choice), then saving…"), false);
    return true;
}

bool ExportDialog::saveReport(const QString& path) {
    QString error;
    const QStringList files = writeReport(path, *bench_, recovery_, charts_ ? charts_() : QList<ReportChart>{}, &error,
                                          openSources(bench_->model(), bench_->settings().calib.text));
    if (files.isEmpty()) {
        showMessage(tr("The report was not saved: %1").arg(error), true);
        return false;
    }
    showMessage(tr("Report saved to %1, with %n chart image(s) beside it.", nullptr, int(files.size() - 1))
                    .arg(QDir::toNativeSeparators(path)),
                false);
    return true;
}

} // namespace pb::ui
