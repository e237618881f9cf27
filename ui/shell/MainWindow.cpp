#include "ui/shell/MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include <filesystem>
#include <system_error>

#include "core/data/assets.h"
#include "ui/architecture/ArchitectureView.h"
#include "ui/jobs/LoadJob.h"
#include "ui/charts/ChartsView.h"
#include "ui/charts/LatencyChart.h"
#include "ui/compare/CompareView.h"
#include "ui/dependencies/GraphView.h"
#include "ui/importance/HeatmapView.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
#include "ui/plan/TextsLabel.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/JobProgressWidget.h"
#include "ui/session/JobRunner.h"
#include "ui/shell/ComputeMenu.h"
#include "ui/shell/Language.h"
#include "ui/widgets/MessageBanner.h"
#include "ui/shell/ModelPaths.h"
#include "ui/widgets/ModelStatusWidget.h"
#include "ui/shell/LoadErrorText.h"
#include "ui/shell/RecentFiles.h"
#include "ui/shell/SampleModelMenu.h"
#include "ui/shell/SettingsKeys.h"
#include "ui/shell/HarnessMenu.h"
#include "ui/shell/TextMenu.h"
#include "ui/shell/ThemeMenu.h"
#include "ui/shell/WelcomePage.h"
#include "ui/export/ExportDialog.h"
#include "ui/session/RecoverySession.h"
#include "ui/recovery/LossChart.h"
#include "ui/recovery/RecoveryView.h"
#include "ui/charts/ZeroShotChart.h"
#include "ui/shell/Walkthrough.h"

namespace pb::ui {

namespace {
QString localModelPath(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
    const QString path = mime->urls().first().toLocalFile();
    return isOpenableModelPath(path) ? path : QString();
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), session_(new ModelSession(this)), banner_(new MessageBanner(this)),
      stack_(new QStackedWidget(this)), welcome_(new WelcomePage(this)), tabs_(new QTabWidget(this)),
      architecture_(new ArchitectureView(this)), bench_(new Workbench(session_, this)),
      heatmap_(new HeatmapView(bench_, this)), graph_(new GraphView(bench_, this)), planEditor_(new PlanEditor(bench_, this)),
      compare_(new CompareView(bench_, this)), charts_(new ChartsView(bench_, this)),
      recovery_(new RecoverySession(bench_, this)), recoveryView_(new RecoveryView(recovery_, this)), modelStatus_(new ModelStatusWidget(this)),
      jobProgress_(new JobProgressWidget(this)) {
    setWindowTitle(tr("PruneBench"));
    setAcceptDrops(true);

    tabs_->setDocumentMode(true);
    tabs_->addTab(architecture_, tr("Architecture"));
    tabs_->addTab(graph_, tr("Dependencies"));
    tabs_->addTab(heatmap_, tr("Importance"));
    tabs_->addTab(planEditor_, tr("Plan"));
    tabs_->addTab(compare_, tr("Compare"));
    tabs_->addTab(charts_, tr("Charts"));
    tabs_->addTab(recoveryView_, tr("Recovery"));
    tabs_->setTabToolTip(1, tr("Coupled structures: what must be removed together"));
    tabs_->setTabToolTip(2, tr("Importance scores of heads, channels and blocks"));
    tabs_->setTabToolTip(3, tr("Edit what to remove: ratios per layer and whole blocks"));
    tabs_->setTabToolTip(4, tr("Original, width-pruned and depth-pruned side by side"));
    tabs_->setTabToolTip(5, tr("Perplexity against parameters removed, and block sensitivity"));
    tabs_->setTabToolTip(6, tr("LoRA recovery: live loss curve and zero-shot accuracy before and after"));
    connect(planEditor_, &PlanEditor::pruneRequested, this, [this]() {
        showView(QStringLiteral("compare"));
        compare_->prune();
    });
    connect(bench_, &Workbench::statusMessage, this, [this](const QString& text) { statusBar()->showMessage(text, 20000); });
    connect(bench_, &Workbench::jobFailed, this, [this](const QString& title, const QString& message) {
        banner_->showMessage(MessageBanner::Kind::Error, tr("%1 failed").arg(title), message);
    });
    welcome_->setDemoAvailable(pb::assets::demoAvailable());
    stack_->addWidget(welcome_);
    stack_->addWidget(tabs_);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* bannerBox = new QVBoxLayout;
    bannerBox->setContentsMargins(16, 10, 16, 0);
    bannerBox->addWidget(banner_);
    layout->addLayout(bannerBox);
    layout->addWidget(stack_, 1);
    setCentralWidget(central);

    statusBar()->setSizeGripEnabled(false);
    statusBar()->addWidget(jobProgress_, 1);
    statusBar()->addPermanentWidget(new TextsLabel(bench_, true, this));
    statusBar()->addPermanentWidget(modelStatus_);
    jobProgress_->follow(session_->jobs());
    connect(session_->jobs(), &JobRunner::started, welcome_, [this]() { welcome_->setEnabled(false); });
    connect(session_->jobs(), &JobRunner::finished, welcome_, [this]() { welcome_->setEnabled(true); });

    connect(welcome_, &WelcomePage::openFolderRequested, this, &MainWindow::openFolder);
    connect(welcome_, &WelcomePage::openGgufRequested, this, &MainWindow::openGguf);
    connect(welcome_, &WelcomePage::openDemoRequested, this, [this]() { openModel(QStringLiteral("demo")); });
    connect(session_, &ModelSession::modelChanged, this, &MainWindow::showModel);
    connect(session_, &ModelSession::modelChanged, this, &MainWindow::maybeShowWalkthrough);
    connect(session_, &ModelSession::loadFailed, this, &MainWindow::showLoadFailure);
    connect(session_, &ModelSession::loadStarted, banner_, &QWidget::hide);
    connect(session_, &ModelSession::loadCancelled, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Loading %1 cancelled").arg(modelDisplayName(path)), 5000);
    });

    HarnessMenu::restore(bench_);  // File > Zero-shot Harness, remembered
    const QString textsGone = TextMenu::restoreTexts(bench_);  // File > Calibration / Evaluation Text, remembered
    buildMenus();
    if (!textsGone.isEmpty()) statusBar()->showMessage(textsGone, 15000);
    resize(1280, 820);
    const QSettings settings;
    restoreGeometry(settings.value(keys::kWindowGeometry).toByteArray());
    restoreState(settings.value(keys::kWindowState).toByteArray());
}

MainWindow::~MainWindow() = default;

QStringList MainWindow::viewNames() {
    return {QStringLiteral("architecture"), QStringLiteral("graph"), QStringLiteral("heatmap"), QStringLiteral("plan"),
            QStringLiteral("charts"), QStringLiteral("compare"), QStringLiteral("recovery"), QStringLiteral("disagreement")};
}

QWidget* MainWindow::viewWidget(const QString& name) const {
    if (name == QLatin1String("architecture")) return architecture_;
    if (name == QLatin1String("heatmap") || name == QLatin1String("disagreement")) return heatmap_;
    if (name == QLatin1String("graph")) return graph_;
    if (name == QLatin1String("plan")) return planEditor_;
    if (name == QLatin1String("compare")) return compare_;
    if (name == QLatin1String("charts")) return charts_;
    if (name == QLatin1String("recovery")) return recoveryView_;
    return nullptr;
}

bool MainWindow::showView(const QString& name) {
    QWidget* w = viewWidget(name);
    if (!w) return false;
    tabs_->setCurrentWidget(w);
    if (w == heatmap_) heatmap_->showDisagreement(name == QLatin1String("disagreement"));
    return true;
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &Folder…"), QKeySequence::Open, this, &MainWindow::openFolder);
    file->addAction(tr("Open &GGUF…"), QKeySequence(tr("Ctrl+Shift+O")), this, &MainWindow::openGguf);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    if (pb::assets::demoAvailable()) {
        file->addAction(tr("Open &Demo Model"), this, [this]() { openModel(QStringLiteral("demo")); });
    }
    auto* samples = new SampleModelMenu(file);
    file->addMenu(samples);
    connect(samples, &SampleModelMenu::openRequested, this, &MainWindow::openModel);
    file->addSeparator();
    // The texts every job reads: any file or folder of .txt files (remembered).
    file->addMenu(new TextMenu(TextMenu::Kind::Calibration, bench_, file));
    file->addMenu(new TextMenu(TextMenu::Kind::Evaluation, bench_, file));
    file->addMenu(new HarnessMenu(bench_, file));  // zero-shot rules (remembered)
    file->addSeparator();
    saveAction_ = file->addAction(tr("&Save…"), QKeySequence::Save, this, &MainWindow::openSaveDialog);
    // Disabled until a model is shown: Ctrl+S then does nothing visibly, and the menu says why.
    saveAction_->setEnabled(false);
    saveAction_->setStatusTip(tr("Save the pruned model, its plan and a report (open a model first)"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // Edit: the plan's history, from every tab. The texts name the edit ("Undo Drop block 3").
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    undoAction_ = bench_->plan()->undoStack()->createUndoAction(this, tr("&Undo"));
    redoAction_ = bench_->plan()->undoStack()->createRedoAction(this, tr("&Redo"));
    undoAction_->setObjectName(QStringLiteral("editUndo"));
    redoAction_->setObjectName(QStringLiteral("editRedo"));
    undoAction_->setShortcut(QKeySequence::Undo);
    redoAction_->setShortcut(QKeySequence::Redo);
    undoAction_->setStatusTip(tr("Undo the last change to the plan"));
    redoAction_->setStatusTip(tr("Redo the change to the plan that was undone"));
    edit->addAction(undoAction_);
    edit->addAction(redoAction_);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Architecture"), QKeySequence(tr("Ctrl+1")), this,
                    [this]() { showView(QStringLiteral("architecture")); });
    const QStringList names = {tr("&Dependencies"), tr("&Importance"), tr("&Plan"), tr("&Compare"), tr("C&harts"),
                               tr("&Recovery")};
    const QStringList ids = {QStringLiteral("graph"), QStringLiteral("heatmap"), QStringLiteral("plan"), QStringLiteral("compare"),
                             QStringLiteral("charts"), QStringLiteral("recovery")};
    for (int i = 0; i < ids.size(); ++i) {
        const QString id = ids[i];
        view->addAction(names[i], QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 2)), this, [this, id]() { showView(id); });
    }
    view->addSeparator();
    QMenu* language = view->addMenu(tr("&Language"));
    auto* group = new QActionGroup(language);
    const QString current = chooseLanguage();
    for (const QString& code : supportedLanguages()) {
        QAction* action = language->addAction(languageDisplayName(code), this, [this, code]() { setLanguage(code); });
        action->setCheckable(true);
        action->setChecked(code == current);
        group->addAction(action);
    }
    view->addMenu(new ThemeMenu(view));

    // Where jobs run: the model is (re)loaded on this device with this dtype.
    auto* compute = new ComputeMenu(session_, this);
    menuBar()->addMenu(compute);
    connect(compute, &ComputeMenu::chosen, this, &MainWindow::setCompute);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    // F1 (the platform's help key) opens the walk-through: the tour of the views, step by step.
    help->addAction(tr("&Walk-through"), QKeySequence::HelpContents, this, &MainWindow::showWalkthrough)
        ->setObjectName(QStringLiteral("helpWalkthrough"));
    help->addAction(tr("&About PruneBench"), this, &MainWindow::about);
}

void MainWindow::openSaveDialog() {
    if (!saveDialog_) {
        auto charts = [this]() {
            return QList<ReportChart>{{QStringLiteral("width-vs-depth"), tr("Perplexity vs parameters removed"), charts_->pplChart()},
                                      {QStringLiteral("block-sensitivity"), tr("Per-block sensitivity"), charts_->sensitivityChart()},
                                      {QStringLiteral("lora-loss"), tr("LoRA recovery loss"), recoveryView_->lossChart()},
                                      {QStringLiteral("zero-shot"), tr("Zero-shot accuracy"), recoveryView_->zeroShotChart()},
                                      {QStringLiteral("latency-prefill"), tr("Measured prefill time vs context length"),
                                       charts_->latencyChart()->prefillChart()},
                                      {QStringLiteral("latency-decode"), tr("Measured decode speed vs batch size"),
                                       charts_->latencyChart()->decodeChart()}};
        };
        auto* dialog = new ExportDialog(bench_, recovery_, charts, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        saveDialog_ = dialog;
    }
    saveDialog_->show();
    saveDialog_->raise();
    saveDialog_->activateWindow();
}

void MainWindow::showWalkthrough() {
    if (!walkthrough_) {
        auto* w = new Walkthrough([this](const QString& view) { showView(view); }, this);
        w->setAttribute(Qt::WA_DeleteOnClose);
        walkthrough_ = w;
    }
    Walkthrough::markShown();
    walkthrough_->show();
    walkthrough_->raise();
}

void MainWindow::maybeShowWalkthrough(const ModelPtr& model) {
    if (!walkthroughEnabled_ || !model || Walkthrough::wasShown()) return;
    std::error_code ec;
    if (!std::filesystem::equivalent(model->source, pb::assets::demoModelPath(), ec)) return;
    QTimer::singleShot(300, this, &MainWindow::showWalkthrough);  // after the views show the model
}

void MainWindow::setCompute(const QString& device, const QString& dtype) {
    pb::LoadOptions options = session_->loadOptions();
    if (!device.isEmpty()) options.device = device.toStdString();
    if (!dtype.isEmpty()) options.dtype = dtype.toStdString();
    session_->setLoadOptions(options);
    if (session_->model() && !session_->jobs()->busy()) {
        statusBar()->showMessage(tr("Reloading the model on %1 (%2)").arg(QString::fromStdString(options.device),
                                                                         QString::fromStdString(options.dtype)), 5000);
        openModel(QString::fromStdString(session_->model()->source.string()));
    }
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList entries = RecentFiles::entries();
    for (const QString& path : entries) {
        QAction* action = recentMenu_->addAction(QDir::toNativeSeparators(path), this, [this, path]() { openModel(path); });
        action->setToolTip(path);
    }
    if (entries.isEmpty()) {
        recentMenu_->addAction(tr("No recent models"))->setEnabled(false);
        return;
    }
    recentMenu_->addSeparator();
    recentMenu_->addAction(tr("Clear List"), this, []() { RecentFiles::clear(); });
}

void MainWindow::openModel(const QString& spec) {
    if (session_->jobs()->busy()) {
        banner_->showMessage(MessageBanner::Kind::Info, tr("Still busy with %1").arg(session_->jobs()->title()),
                             tr("Wait for it to finish or cancel it in the status bar, then open the model again."));
        return;
    }
    session_->open(spec);
}

void MainWindow::openFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"));
    if (!dir.isEmpty()) openModel(dir);
}

void MainWindow::openGguf() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open GGUF Model"), {}, tr("GGUF models (*.gguf)"));
    if (!file.isEmpty()) openModel(file);
}

void MainWindow::showModel(const ModelPtr& model) {
    if (!model) return;
    const QString source = QString::fromStdString(model->source.string());
    RecentFiles::add(source);
    banner_->hide();
    architecture_->setModel(*model);
    modelStatus_->setModel(*model, QString::fromStdString(session_->loadOptions().device));
    setWindowTitle(tr("%1 — PruneBench").arg(modelDisplayName(source)));
    stack_->setCurrentWidget(tabs_);
    saveAction_->setEnabled(true);
    saveAction_->setStatusTip(tr("Save the pruned model, its plan and a report"));
    Q_EMIT modelShown();
}

void MainWindow::showLoadFailure(const QString& path, const QString& message) {
    const QString kept = session_->model() ? tr("The open model is unchanged.") : QString();
    // A plain sentence first, the core's technical line after it (ui/shell/LoadErrorText.h).
    const QString sentence = loadErrorSentence(path, message);
    banner_->showMessage(MessageBanner::Kind::Error, tr("Could not open %1").arg(modelDisplayName(path)),
                         kept.isEmpty() ? sentence : sentence + QLatin1Char(' ') + kept, loadErrorTechnical(message));
}

void MainWindow::setLanguage(const QString& code) {
    savePreferredLanguage(code);
    banner_->showMessage(MessageBanner::Kind::Info, tr("Language saved"),
                         tr("PruneBench will use %1 from the next start.").arg(languageDisplayName(code)));
}

void MainWindow::about() {
    QMessageBox::about(this, tr("About PruneBench"),
                       tr("<h3>PruneBench %1</h3>"
                          "<p>A workbench for structured pruning of LLaMA-family language models: "
                          "see which heads, channels and blocks matter, prune them and measure the effect.</p>"
                          "<p>Qt %2 · libtorch %3 · %4</p>")
                           .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                                QString::fromStdString(jobs::torchVersion()),
                                tr("%n compute thread(s)", nullptr, jobs::computeThreads())));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (localModelPath(event->mimeData()).isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = localModelPath(event->mimeData());
    if (path.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    openModel(path);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    session_->cancel();
    QSettings settings;
    settings.setValue(keys::kWindowGeometry, saveGeometry());
    settings.setValue(keys::kWindowState, saveState());
    QMainWindow::closeEvent(event);
}

} // namespace pb::ui
