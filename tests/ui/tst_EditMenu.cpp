// Edit > Undo / Redo act on the plan's history from every tab, name the edit they undo, are
// disabled when there is nothing to undo; every shortcut is in a menu, and none is taken twice.
#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
#include "ui/session/Workbench.h"
#include "ui/shell/MainWindow.h"

using namespace pb::ui;

namespace {
QMenu* menuNamed(QMainWindow& w, const QString& title) {
    for (QAction* a : w.menuBar()->actions())
        if (a->menu() && a->text().remove(QLatin1Char('&')) == title) return a->menu();
    return nullptr;
}

bool inSomeMenu(const QAction* action) {
    for (QObject* o : action->associatedObjects())
        if (qobject_cast<QMenu*>(o)) return true;
    return false;
}
} // namespace

class EditMenuTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void undoAndRedoNameTheEditAndRestoreThePlan() {
        MainWindow w;
        QMenu* edit = menuNamed(w, QStringLiteral("Edit"));
        QVERIFY(edit);
        QVERIFY(edit->actions().contains(w.undoAction()));
        QVERIFY(edit->actions().contains(w.redoAction()));
        QCOMPARE(w.undoAction()->shortcut(), QKeySequence(QKeySequence::Undo));
        QCOMPARE(w.redoAction()->shortcut(), QKeySequence(QKeySequence::Redo));
        QVERIFY(!w.undoAction()->isEnabled());  // nothing to undo yet
        QVERIFY(!w.redoAction()->isEnabled());

        w.workbench()->setModel(test::fakeModel(test::uniformConfig()));
        PlanDocument* doc = w.workbench()->plan();
        doc->setAttentionRatio(2, 0.5);
        QVERIFY(w.undoAction()->isEnabled());
        QVERIFY2(w.undoAction()->text().contains(QStringLiteral("Attention ratio of layer 2")),
                 qPrintable(w.undoAction()->text()));
        QVERIFY(!w.redoAction()->isEnabled());

        w.undoAction()->trigger();
        QCOMPARE(doc->plan().layers[2].attention_ratio, 0.0);
        QVERIFY(!w.undoAction()->isEnabled());
        QVERIFY(w.redoAction()->isEnabled());
        QVERIFY2(w.redoAction()->text().contains(QStringLiteral("Attention ratio of layer 2")),
                 qPrintable(w.redoAction()->text()));
        w.redoAction()->trigger();
        QCOMPARE(doc->plan().layers[2].attention_ratio, 0.5);
    }

    void ctrlZWorksFromEveryTabIncludingThePlan() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        w.workbench()->setModel(test::fakeModel(test::uniformConfig()));
        PlanDocument* doc = w.workbench()->plan();
        for (const QString& view : MainWindow::viewNames()) {
            doc->dropBlocks({3});
            QVERIFY(doc->isDropped(3));
            QVERIFY(w.showView(view));
            w.setFocus();  // not a text field: those keep Ctrl+Z for their own text
            QTest::keySequence(&w, QKeySequence::Undo);
            QVERIFY2(!doc->isDropped(3), qPrintable(view));  // an ambiguous shortcut would do nothing
        }
    }

    void everyShortcutIsInAMenuAndUnique() {
        MainWindow w;
        QSet<QString> seen;
        int withShortcut = 0;
        for (QAction* a : w.findChildren<QAction*>()) {
            if (a->shortcut().isEmpty()) continue;
            ++withShortcut;
            const QString key = a->shortcut().toString();
            QVERIFY2(inSomeMenu(a), qPrintable(a->text() + QStringLiteral(" ") + key));
            QVERIFY2(!seen.contains(key), qPrintable(QStringLiteral("taken twice: ") + key));
            seen.insert(key);
        }
        QVERIFY(withShortcut >= 10);
        // The Plan tab's own buttons use the same history but leave the keys to the Edit menu.
        for (QToolButton* b : w.planEditor()->findChildren<QToolButton*>())
            if (b->defaultAction()) QVERIFY(b->defaultAction()->shortcut().isEmpty());
    }
};

PB_UI_TEST(EditMenuTest);
#include "tst_EditMenu.moc"
