// Plan editing through the widgets: the table model (under QAbstractItemModelTester), the
// spin-box delegate, the global ratio, dragging a block into "Dropped blocks" and undoing.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/plan/BlockListWidget.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
#include "ui/plan/PlanTableModel.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

namespace {
// Drags the given blocks from one list onto another as a user's drop would deliver them.
void dragBlocks(BlockListWidget* from, BlockListWidget* to, const QList<int>& blocks) {
    QModelIndexList indexes;
    for (int b : blocks) indexes << from->model()->index(from->rowOfBlock(b), 0);
    std::unique_ptr<QMimeData> mime(from->model()->mimeData(indexes));
    QVERIFY(mime);
    const QPoint at = to->viewport()->rect().center();
    QDragEnterEvent enter(at, Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(to->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(to->viewport(), &drop);
    QVERIFY(drop.isAccepted());
}
} // namespace

class PlanEditorTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tableModelPassesTester() {
        PlanDocument doc;
        PlanTableModel model(&doc);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        doc.setConfig(test::uniformConfig());
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(model.columnCount(), int(PlanTableModel::ColumnCount));
        QVERIFY(model.setData(model.index(5, PlanTableModel::MlpRatio), 0.5));
        QCOMPARE(doc.plan().layers[5].mlp_ratio, 0.5);
        QCOMPARE(model.index(5, PlanTableModel::MlpKept).data().toString(), QStringLiteral("48/96"));
        QVERIFY(!model.setData(model.index(5, PlanTableModel::Layer), 0.5));  // not editable
        doc.dropBlocks({2});
        QVERIFY(!(model.flags(model.index(2, PlanTableModel::AttentionRatio)) & Qt::ItemIsEditable));
        doc.setConfig(test::uniformConfig(3));  // reset
        QCOMPARE(model.rowCount(), 3);
    }

    void editsAreUndoable() {
        PlanDocument doc;
        doc.setConfig(test::uniformConfig());
        const qint64 before = doc.totals().paramsAfter;
        doc.setAttentionRatio(4, 0.5);
        QVERIFY(doc.totals().paramsAfter < before);
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.setAttentionRatio(4, 0.5);  // no change, no entry
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QCOMPARE(doc.plan().layers[4].attention_ratio, 0.0);
        QCOMPARE(doc.totals().paramsAfter, before);
        doc.undoStack()->redo();
        QCOMPARE(doc.plan().layers[4].attention_ratio, 0.5);
    }

    void totalsAndDepthTwin() {
        PlanDocument doc;
        doc.setConfig(test::uniformConfig());
        doc.applyGlobalRatio(0.5, 0.5, 0, 7);
        const PlanTotals t = doc.totals();
        QVERIFY(t.valid);
        QVERIFY(t.removedFraction > 0.2);
        QVERIFY(t.macsAfter < t.macsBefore);
        QCOMPARE(t.blocksAfter, 8);           // width keeps every block
        QVERIFY(t.latencyRatio > 0.5 && t.latencyRatio < 1.0);
        QVERIFY(t.equalDepthBlocks >= 1);
        QVERIFY(t.equalDepthLatencyRatio < t.latencyRatio);  // depth removes sequential stages
        QCOMPARE(estimatedLatencyRatio(100, 50, 10, 10), 0.75);
    }

    void editorDragsBlockOutAndUndoes() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        PlanEditor editor(&bench);
        editor.resize(1100, 700);
        editor.show();
        QCOMPARE(editor.keptList()->count(), 8);
        QCOMPARE(editor.droppedList()->count(), 0);
        const QString totalsBefore = editor.totalsLabel()->text();

        dragBlocks(editor.keptList(), editor.droppedList(), {3, 5});
        QCOMPARE(bench.plan()->plan().dropped_blocks, (std::vector<int64_t>{3, 5}));
        QCOMPARE(editor.keptList()->count(), 6);
        QCOMPARE(editor.droppedList()->blocks(), (QList<int>{3, 5}));
        QVERIFY(editor.totalsLabel()->text() != totalsBefore);
        QCOMPARE(bench.plan()->undoStack()->count(), 1);  // one drag = one command

        // A list ignores its own items.
        dragBlocks(editor.droppedList(), editor.keptList(), {5});
        QCOMPARE(editor.droppedList()->blocks(), (QList<int>{3}));

        bench.plan()->undoStack()->undo();
        QCOMPARE(editor.droppedList()->blocks(), (QList<int>{3, 5}));
        bench.plan()->undoStack()->undo();
        QCOMPARE(editor.droppedList()->count(), 0);
        QCOMPARE(editor.keptList()->count(), 8);
        QCOMPARE(editor.totalsLabel()->text(), totalsBefore);
    }

    void editorSpinBoxAndGlobalRatio() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        PlanEditor editor(&bench);
        editor.resize(1100, 700);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));

        const QModelIndex cell = editor.tableModel()->index(6, PlanTableModel::AttentionRatio);
        editor.table()->setCurrentIndex(cell);
        editor.table()->edit(cell);
        auto* spin = editor.table()->findChild<QDoubleSpinBox*>(QStringLiteral("ratioEditor"));
        QVERIFY(spin);
        spin->setValue(50.0);
        QTest::keyClick(spin, Qt::Key_Return);  // the delegate commits on a queued call
        QTRY_COMPARE(bench.plan()->plan().layers[6].attention_ratio, 0.5);

        editor.globalAttention()->setValue(25);
        editor.globalMlp()->setValue(40);
        editor.firstLayer()->setValue(2);
        editor.lastLayer()->setValue(5);
        QTest::mouseClick(editor.applyGlobalButton(), Qt::LeftButton);
        const auto& layers = bench.plan()->plan().layers;
        QCOMPARE(layers[1].mlp_ratio, 0.0);
        QCOMPARE(layers[2].mlp_ratio, 0.4);
        QCOMPARE(layers[5].attention_ratio, 0.25);
        QCOMPARE(layers[6].attention_ratio, 0.0);  // the global ratio replaces per-layer edits
        bench.plan()->undoStack()->undo();
        QCOMPARE(bench.plan()->plan().layers[6].attention_ratio, 0.5);
    }

    void planJsonRoundTrip() {
        PlanDocument doc;
        doc.setConfig(test::uniformConfig());
        doc.applyGlobalRatio(0.25, 0.5, 1, 6);
        doc.dropBlocks({7});
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plan.json"));
        QString error;
        QVERIFY2(doc.save(path, &error), qPrintable(error));
        PlanDocument other;
        other.setConfig(test::uniformConfig());
        QVERIFY2(other.load(path, &error), qPrintable(error));
        QCOMPARE(other.plan().dropped_blocks, (std::vector<int64_t>{7}));
        QCOMPARE(other.plan().layers[3].mlp_ratio, 0.5);
        QVERIFY(!other.load(dir.filePath(QStringLiteral("missing.json")), &error));
        QVERIFY(!error.isEmpty());
    }
};

PB_UI_TEST(PlanEditorTest);
#include "tst_PlanEditor.moc"
