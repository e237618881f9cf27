#include "ui/MainWindow.h"

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
#include <QVBoxLayout>

#include "core/data/assets.h"
#include "core/model/runtime.h"
#include "ui/ArchitectureView.h"
#include "ui/JobProgressWidget.h"
#include "ui/JobRunner.h"
#include "ui/Language.h"
#include "ui/MessageBanner.h"
#include "ui/ModelPaths.h"
#include "ui/ModelStatusWidget.h"
#include "ui/RecentFiles.h"
#include "ui/SettingsKeys.h"
#include "ui/WelcomePage.h"

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
      architecture_(new ArchitectureView(this)), modelStatus_(new ModelStatusWidget(this)),
      jobProgress_(new JobProgressWidget(this)) {
    setWindowTitle(tr("PruneBench"));
    setAcceptDrops(true);

    tabs_->setDocumentMode(true);
    tabs_->addTab(architecture_, tr("Architecture"));
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
    statusBar()->addPermanentWidget(modelStatus_);
    jobProgress_->follow(session_->jobs());
    connect(session_->jobs(), &JobRunner::started, welcome_, [this]() { welcome_->setEnabled(false); });
    connect(session_->jobs(), &JobRunner::finished, welcome_, [this]() { welcome_->setEnabled(true); });

    connect(welcome_, &WelcomePage::openFolderRequested, this, &MainWindow::openFolder);
    connect(welcome_, &WelcomePage::openGgufRequested, this, &MainWindow::openGguf);
    connect(welcome_, &WelcomePage::openDemoRequested, this, [this]() { openModel(QStringLiteral("demo")); });
    connect(session_, &ModelSession::modelChanged, this, &MainWindow::showModel);
    connect(session_, &ModelSession::loadFailed, this, &MainWindow::showLoadFailure);
    connect(session_, &ModelSession::loadStarted, banner_, &QWidget::hide);
    connect(session_, &ModelSession::loadCancelled, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Loading %1 cancelled").arg(modelDisplayName(path)), 5000);
    });

    buildMenus();
    resize(1280, 820);
    const QSettings settings;
    restoreGeometry(settings.value(keys::kWindowGeometry).toByteArray());
    restoreState(settings.value(keys::kWindowState).toByteArray());
}

MainWindow::~MainWindow() = default;

QStringList MainWindow::viewNames() { return {QStringLiteral("architecture")}; }

bool MainWindow::showView(const QString& name) {
    if (name == QLatin1String("architecture")) {
        tabs_->setCurrentWidget(architecture_);
        return true;
    }
    return false;
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
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Architecture"), QKeySequence(tr("Ctrl+1")), this,
                    [this]() { showView(QStringLiteral("architecture")); });
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

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About PruneBench"), this, &MainWindow::about);
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
    Q_EMIT modelShown();
}

void MainWindow::showLoadFailure(const QString& path, const QString& message) {
    const QString kept = session_->model() ? tr("The open model is unchanged.") : QString();
    banner_->showMessage(MessageBanner::Kind::Error, tr("Could not open %1").arg(modelDisplayName(path)),
                         kept.isEmpty() ? message : message + QLatin1Char('\n') + kept);
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
                                QString::fromStdString(pb::torchVersion()),
                                tr("%n compute thread(s)", nullptr, pb::runtimeThreads())));
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
