#pragma once
// The main window arranges menus, tabs, the message banner and the status bar, and wires
// them to the ModelSession. It holds no logic of its own.
#include <QMainWindow>
#include <QStringList>

#include "ui/ModelSession.h"

class QMenu;
class QStackedWidget;
class QTabWidget;

namespace pb::ui {

class ArchitectureView;
class JobProgressWidget;
class MessageBanner;
class ModelStatusWidget;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    static QStringList viewNames();  // names accepted by showView and --view
    bool showView(const QString& name);

    ModelSession* session() const { return session_; }
    ArchitectureView* architectureView() const { return architecture_; }
    MessageBanner* banner() const { return banner_; }
    ModelStatusWidget* modelStatus() const { return modelStatus_; }
    JobProgressWidget* jobProgress() const { return jobProgress_; }

public Q_SLOTS:
    void openModel(const QString& spec);
    void openFolder();
    void openGguf();

Q_SIGNALS:
    // Emitted once the views show a newly loaded model.
    void modelShown();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void rebuildRecentMenu();
    void showModel(const ModelPtr& model);
    void showLoadFailure(const QString& path, const QString& message);
    void setLanguage(const QString& code);
    void about();

    ModelSession* session_;
    MessageBanner* banner_;
    QStackedWidget* stack_;
    WelcomePage* welcome_;
    QTabWidget* tabs_;
    ArchitectureView* architecture_;
    ModelStatusWidget* modelStatus_;
    JobProgressWidget* jobProgress_;
    QMenu* recentMenu_ = nullptr;
};

} // namespace pb::ui
