#pragma once
// The main window arranges menus, tabs, the message banner and the status bar, and wires
// them to the ModelSession. It holds no logic of its own.
#include <QDialog>
#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include "ui/session/ModelSession.h"

class QAction;
class QMenu;
class QStackedWidget;
class QTabWidget;

namespace pb::ui {

class ArchitectureView;
class ChartsView;
class CompareView;
class GraphView;
class HeatmapView;
class PlanEditor;
class RecoverySession;
class RecoveryView;
class Workbench;
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
    QWidget* viewWidget(const QString& name) const;

    ModelSession* session() const { return session_; }
    ArchitectureView* architectureView() const { return architecture_; }
    Workbench* workbench() const { return bench_; }
    HeatmapView* heatmapView() const { return heatmap_; }
    GraphView* graphView() const { return graph_; }
    PlanEditor* planEditor() const { return planEditor_; }
    CompareView* compareView() const { return compare_; }
    ChartsView* chartsView() const { return charts_; }
    RecoverySession* recovery() const { return recovery_; }
    RecoveryView* recoveryView() const { return recoveryView_; }

    // The first-run walk-through appears only when enabled (interactive runs; never in
    // tests or --screenshot), on the demo model, once.
    void setWalkthroughEnabled(bool enabled) { walkthroughEnabled_ = enabled; }
    bool walkthroughEnabled() const { return walkthroughEnabled_; }

    MessageBanner* banner() const { return banner_; }
    ModelStatusWidget* modelStatus() const { return modelStatus_; }
    JobProgressWidget* jobProgress() const { return jobProgress_; }
    QAction* saveAction() const { return saveAction_; }  // File > Save: enabled once a model is shown
    QAction* undoAction() const { return undoAction_; }  // Edit > Undo / Redo: the plan's history
    QAction* redoAction() const { return redoAction_; }

public Q_SLOTS:
    void openModel(const QString& spec);
    void openSaveDialog();
    void showWalkthrough();
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
    void setCompute(const QString& device, const QString& dtype);  // empty: unchanged
    void maybeShowWalkthrough(const ModelPtr& model);

    ModelSession* session_;
    MessageBanner* banner_;
    QStackedWidget* stack_;
    WelcomePage* welcome_;
    QTabWidget* tabs_;
    ArchitectureView* architecture_;
    Workbench* bench_;
    HeatmapView* heatmap_;
    GraphView* graph_;
    PlanEditor* planEditor_;
    CompareView* compare_;
    ChartsView* charts_;
    RecoverySession* recovery_;
    RecoveryView* recoveryView_;
    ModelStatusWidget* modelStatus_;
    JobProgressWidget* jobProgress_;
    QAction* saveAction_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QPointer<QDialog> saveDialog_;
    QPointer<QDialog> walkthrough_;
    bool walkthroughEnabled_ = false;
};

} // namespace pb::ui
