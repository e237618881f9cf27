// File > Open Sample Model (ui/shell/SampleModelMenu): the demo and the three fetched sample models
// from core's table, absent ones greyed with their fetch command, a present one opened like File > Open.
// The cache is a scratch XDG_CACHE_HOME holding sparse files of the pinned sizes.
#include <QAction>
#include <QFile>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <memory>

#include "core/data/sample_models.h"
#include "tests/ui/TestRegistry.h"
#include "ui/session/ModelSession.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/ModelPaths.h"
#include "ui/shell/SampleModelMenu.h"

using pb::assets::SampleModel;
using pb::ui::SampleModelMenu;

namespace {
void place(const SampleModel& m, std::uintmax_t bytes) {
    const std::filesystem::path p = pb::assets::sampleModelPath(m);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary).put('G');
    std::filesystem::resize_file(p, bytes);
}

QAction* entry(QMenu& menu, const QString& spec) {
    for (QAction* a : menu.actions())
        if (a->data().toString() == spec) return a;
    return nullptr;
}
} // namespace

class SampleModelMenuTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir cache_;
    QByteArray oldCache_;
    bool hadCache_ = false;

    const SampleModel& model(const char* spec) const { return *pb::assets::findSampleModel(spec); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(cache_.isValid());
        hadCache_ = qEnvironmentVariableIsSet("XDG_CACHE_HOME");
        oldCache_ = qgetenv("XDG_CACHE_HOME");
        qputenv("XDG_CACHE_HOME", cache_.path().toLocal8Bit());
    }
    void cleanupTestCase() {
        if (hadCache_) qputenv("XDG_CACHE_HOME", oldCache_);
        else qunsetenv("XDG_CACHE_HOME");
    }
    void cleanup() {
        for (const SampleModel& m : pb::assets::sampleModels()) std::filesystem::remove(pb::assets::sampleModelPath(m));
    }

    void listsTheDemoAndTheThreeGreyedWithTheirFetchCommand() {
        SampleModelMenu menu;
        QCOMPARE(menu.actions().size(), 4);
        const QStringList specs = {"demo", "demo:gemma3-270m", "demo:qwen2.5-0.5b", "demo:qwen2.5-1.5b"};
        for (int i = 0; i < specs.size(); ++i) {
            QAction* a = menu.actions().at(i);
            const SampleModel& m = model(qPrintable(specs[i]));
            QCOMPARE(a->data().toString(), specs[i]);
            QVERIFY2(a->text().contains(QString::fromStdString(m.label)), qPrintable(a->text()));
            QVERIFY(!a->isEnabled());
            QVERIFY2(a->toolTip().contains(QString::fromStdString(m.fetchCommand)), qPrintable(a->toolTip()));
            QCOMPARE(a->statusTip(), a->toolTip());
        }
        QVERIFY(entry(menu, "demo:qwen2.5-1.5b")->toolTip().contains("bash scripts/fetch_models.sh qwen2.5-1.5b"));
        QVERIFY(entry(menu, "demo:qwen2.5-1.5b")->text().contains("1117 MB"));
    }

    void aFetchedOneIsEnabledAndOpensItsFile() {
        SampleModelMenu menu;
        QVERIFY(!entry(menu, "demo:gemma3-270m")->isEnabled());
        place(model("demo:gemma3-270m"), model("demo:gemma3-270m").bytes);
        place(model("demo:qwen2.5-0.5b"), model("demo:qwen2.5-0.5b").bytes - 1);  // an unfinished copy
        Q_EMIT menu.aboutToShow();  // the menu re-reads the cache each time it opens
        QAction* gemma = entry(menu, "demo:gemma3-270m");
        QVERIFY(gemma->isEnabled());
        QVERIFY(!gemma->toolTip().contains("fetch_models"));
        QVERIFY(!entry(menu, "demo:qwen2.5-0.5b")->isEnabled());
        QSignalSpy open(&menu, &SampleModelMenu::openRequested);
        gemma->trigger();
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().at(0).toString(),
                 QString::fromStdString(pb::assets::sampleModelPath(model("demo:gemma3-270m")).string()));
        entry(menu, "demo:qwen2.5-0.5b")->trigger();  // disabled: nothing
        QCOMPARE(open.count(), 1);
        if (const QString shots = qEnvironmentVariable("PB_TEST_SHOTS"); !shots.isEmpty()) {  // to look at
            menu.adjustSize();
            menu.grab().save(shots + "/sample_model_menu.png");
        }
    }

    void aSampleNameKeepsItsDotsInTitles() {  // "demo:qwen2.5-0.5b" is no file name with a suffix
        QCOMPARE(pb::ui::modelDisplayName(QStringLiteral("demo:qwen2.5-0.5b")), QStringLiteral("demo:qwen2.5-0.5b"));
        QCOMPARE(pb::ui::modelDisplayName(QStringLiteral("demo")), QStringLiteral("demo"));
    }

    void theMainWindowsFileMenuOpensTheChosenOne() {
        place(model("demo:qwen2.5-1.5b"), model("demo:qwen2.5-1.5b").bytes);  // sparse: not a model
        pb::ui::MainWindow window;
        auto* menu = window.findChild<SampleModelMenu*>();
        QVERIFY(menu);
        QCOMPARE(menu->title(), QStringLiteral("Open Sa&mple Model"));
        QVERIFY(window.menuBar()->actions().first()->menu()->actions().contains(menu->menuAction()));
        Q_EMIT menu->aboutToShow();
        QSignalSpy failed(window.session(), &pb::ui::ModelSession::loadFailed);
        entry(*menu, "demo:qwen2.5-1.5b")->trigger();
        QVERIFY(failed.count() == 1 || failed.wait(60000));  // it went to the loader, which refuses zeros
        QCOMPARE(failed.first().at(0).toString(),
                 QString::fromStdString(pb::assets::sampleModelPath(model("demo:qwen2.5-1.5b")).string()));
    }
};

PB_UI_TEST(SampleModelMenuTest);
#include "tst_SampleModelMenu.moc"
