#include "ui/shell/TextMenu.h"

#include <QAction>
#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

#include "core/data/benchmark_text.h"

#include "core/plan/defaults.h"
#include "ui/session/TextStats.h"
#include "ui/session/Workbench.h"
#include "ui/shell/SettingsKeys.h"

namespace pb::ui {

namespace {

QLatin1StringView keyOf(TextMenu::Kind kind) {
    return kind == TextMenu::Kind::Calibration ? keys::kCalibrationText : keys::kEvaluationText;
}

std::string currentOf(TextMenu::Kind kind, const Workbench& bench) {
    return kind == TextMenu::Kind::Calibration ? bench.settings().calib.text : bench.settings().pplText;
}

void apply(TextMenu::Kind kind, Workbench* bench, const std::string& spec) {
    if (kind == TextMenu::Kind::Calibration) bench->setCalibrationText(spec);
    else bench->setEvaluationText(spec);
}

// Whether a remembered spec can still be read: a demo name, or a path that exists.
bool stillThere(const QString& spec) {
    if (spec.startsWith(QLatin1String("demo:"))) return true;
    try {
        if (const auto b = pb::parseBenchmarkSpec(spec.toStdString())) return QFileInfo::exists(QString::fromStdString(b->path.string()));
    } catch (const std::exception&) {
        return false;
    }
    return QFileInfo::exists(spec);
}



} // namespace

TextMenu::TextMenu(Kind kind, Workbench* bench, QWidget* parent)
    : QMenu(kind == Kind::Calibration ? tr("&Calibration Text") : tr("E&valuation Text"), parent), kind_(kind), bench_(bench) {
    setObjectName(kind == Kind::Calibration ? QStringLiteral("calibrationTextMenu") : QStringLiteral("evaluationTextMenu"));
    setToolTipsVisible(true);
    file_ = addAction(tr("Text &File…"), this, &TextMenu::chooseFile);
    folder_ = addAction(tr("F&older of .txt Files…"), this, &TextMenu::chooseFolder);
    file_->setToolTip(kind == Kind::Calibration
                          ? tr("A UTF-8 text file to draw calibration samples from (scoring) and to train LoRA on")
                          : tr("A UTF-8 text file to measure perplexity on"));
    folder_->setToolTip(tr("Every .txt file of a folder, in name order, joined by blank lines"));
    benchmark_ = addAction(tr("&WikiText-2 or PTB File…"), this, &TextMenu::chooseBenchmark);
    benchmark_->setToolTip(tr("WikiText-2 (wiki.test.raw, wiki.test.tokens, JSON rows) or Penn Treebank (ptb.valid.txt, "
                              "ptb.test.txt, JSON rows), read as LLM-Pruner reads the Hugging Face datasets: the "
                              "builders' rows joined by blank lines"));
    addSeparator();
    auto* group = new QActionGroup(this);
    current_ = addAction(QString());
    current_->setCheckable(true);
    sotu_ = addAction(tr("&State of the Union (demo)"), this, [this]() { choose("demo:sotu"); });
    moby_ = addAction(tr("&Moby-Dick (demo)"), this, [this]() { choose("demo:moby-dick"); });
    for (QAction* a : {current_, sotu_, moby_}) {
        a->setCheckable(true);
        group->addAction(a);
    }
    connect(bench_, &Workbench::textsChanged, this, &TextMenu::sync);
    sync();
}

std::string TextMenu::specFor(const QString& path) {
    const std::string p = path.toStdString();
    if (const auto kind = pb::detectBenchmarkKind(p)) return pb::benchmarkSpec(*kind, p);
    return p;
}

void TextMenu::choose(const std::string& spec) {
    if (spec.empty()) return;
    QSettings().setValue(keyOf(kind_), QString::fromStdString(spec));
    apply(kind_, bench_, spec);
    sync();
}

void TextMenu::chooseFile() {
    const QString title = kind_ == Kind::Calibration ? tr("Calibration Text") : tr("Evaluation Text");
    const QString file = QFileDialog::getOpenFileName(parentWidget(), title, {}, tr("Text files (*.txt);;All files (*)"));
    if (!file.isEmpty()) choose(specFor(file));  // wiki.test.raw, ptb.valid.txt: recognised
}

void TextMenu::chooseBenchmark() {
    const QString file = QFileDialog::getOpenFileName(
        parentWidget(), tr("WikiText-2 or PTB File"), {},
        tr("WikiText-2 and PTB (wiki.*.raw wiki.*.tokens ptb.*.txt *.json *.jsonl);;All files (*)"));
    if (file.isEmpty()) return;
    auto kind = pb::detectBenchmarkKind(file.toStdString());
    if (!kind) {  // a name that does not say: ask
        QMessageBox box(QMessageBox::Question, tr("WikiText-2 or PTB File"),
                        tr("Which dataset does %1 hold?").arg(QFileInfo(file).fileName()), QMessageBox::Cancel, parentWidget());
        QPushButton* wiki = box.addButton(tr("WikiText-2"), QMessageBox::AcceptRole);
        QPushButton* ptb = box.addButton(tr("Penn Treebank"), QMessageBox::AcceptRole);
        box.exec();
        if (box.clickedButton() == wiki) kind = pb::BenchmarkKind::Wikitext2;
        else if (box.clickedButton() == ptb) kind = pb::BenchmarkKind::Ptb;
        else return;
    }
    choose(pb::benchmarkSpec(*kind, file.toStdString()));
}

void TextMenu::chooseFolder() {
    const QString title = kind_ == Kind::Calibration ? tr("Calibration Text: Folder of .txt Files")
                                                     : tr("Evaluation Text: Folder of .txt Files");
    const QString dir = QFileDialog::getExistingDirectory(parentWidget(), title);
    if (!dir.isEmpty()) choose(specFor(dir));  // wikitext-2-raw/, simple-examples/: recognised
}

void TextMenu::sync() {
    const std::string spec = currentOf(kind_, *bench_);
    const bool demo = spec == "demo:sotu" || spec == "demo:moby-dick";
    current_->setVisible(!demo);
    current_->setText(tr("Current: %1").arg(TextStats::displayName(spec)));  // "wiki.test.raw (WikiText-2)"
    current_->setToolTip(QString::fromStdString(spec));
    current_->setChecked(!demo);
    sotu_->setChecked(spec == "demo:sotu");
    moby_->setChecked(spec == "demo:moby-dick");
}

QString TextMenu::restoreTexts(Workbench* bench) {
    QSettings settings;
    QStringList gone;
    for (Kind kind : {Kind::Calibration, Kind::Evaluation}) {
        const QString spec = settings.value(keyOf(kind)).toString();
        if (spec.isEmpty()) continue;
        if (!stillThere(spec)) {
            gone << spec;
            settings.remove(keyOf(kind));
            continue;
        }
        apply(kind, bench, spec.toStdString());
    }
    if (gone.isEmpty()) return {};
    return tr("The text chosen last time is gone (%1): the demo text is used instead.").arg(gone.join(QStringLiteral(", ")));
}

} // namespace pb::ui
