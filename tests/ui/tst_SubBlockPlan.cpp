// Sub-block depth in the plan editor (core/plan/sub_block.h): dragging a block onto "Attention
// removed" or "MLP removed" takes out that part alone; the totals follow core's parameter count,
// a block losing both parts is dropped whole (core's rule), each drag is one undoable command.
#include <QApplication>
#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QTest>
#include <QUndoStack>

#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/plan/BlockListWidget.h"
#include "ui/plan/PlanDocument.h"
#include "ui/plan/PlanEditor.h"
#include "ui/session/Workbench.h"

using namespace pb::ui;

namespace {
void dropOnto(BlockListWidget* from, BlockListWidget* to, const QList<int>& blocks) {
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

class SubBlockPlanTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void documentFollowsCoresRule() {
        PlanDocument doc;
        const pb::ModelConfig c = test::uniformConfig();
        doc.setConfig(c);
        const qint64 before = doc.totals().paramsAfter;
        doc.removeSubBlocks({3}, pb::SubBlockPart::Attention);
        QCOMPARE(doc.plan().dropped_attention, (std::vector<int64_t>{3}));
        QVERIFY(doc.totals().valid);
        QCOMPARE(doc.totals().paramsAfter, before - c.attentionParams(3));
        QVERIFY(doc.totals().macsAfter < doc.totals().macsBefore);
        QVERIFY(doc.subBlockRemoved(3, pb::SubBlockPart::Attention));
        QVERIFY(!doc.subBlockRemoved(3, pb::SubBlockPart::Mlp));
        doc.removeSubBlocks({3}, pb::SubBlockPart::Mlp);  // both parts: the block goes whole
        QCOMPARE(doc.plan().dropped_blocks, (std::vector<int64_t>{3}));
        QVERIFY(doc.plan().dropped_attention.empty() && doc.plan().dropped_mlp.empty());
        QCOMPARE(doc.totals().paramsAfter, before - c.layerParams(3));
        doc.restoreSubBlocks({3}, pb::SubBlockPart::Attention);  // keep the attention of the dropped block
        QCOMPARE(doc.plan().dropped_mlp, (std::vector<int64_t>{3}));
        QVERIFY(doc.plan().dropped_blocks.empty());
        QCOMPARE(doc.totals().paramsAfter, before - c.mlpParams(3));
        QCOMPARE(doc.undoStack()->count(), 3);
        for (int i = 0; i < 3; ++i) doc.undoStack()->undo();
        QVERIFY(doc.plan().empty());
        QCOMPARE(doc.totals().paramsAfter, before);
    }

    void editorDragsAPartOut() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        PlanEditor editor(&bench);
        editor.resize(1100, 700);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QVERIFY(editor.noAttentionList() && editor.noMlpList());
        const QString totalsBefore = editor.totalsLabel()->text();

        dropOnto(editor.keptList(), editor.noAttentionList(), {2, 5});
        QCOMPARE(bench.plan()->plan().dropped_attention, (std::vector<int64_t>{2, 5}));
        QCOMPARE(editor.noAttentionList()->blocks(), (QList<int>{2, 5}));
        QCOMPARE(editor.keptList()->count(), 8);  // the blocks stay, without their attention
        QVERIFY(editor.keptList()->item(editor.keptList()->rowOfBlock(2))->text().contains(QStringLiteral("no attention")));
        QVERIFY(editor.totalsLabel()->text() != totalsBefore);
        QCOMPARE(bench.plan()->undoStack()->count(), 1);

        dropOnto(editor.keptList(), editor.noMlpList(), {5});  // block 5 loses both: dropped whole
        QCOMPARE(bench.plan()->plan().dropped_blocks, (std::vector<int64_t>{5}));
        QCOMPARE(editor.droppedList()->blocks(), (QList<int>{5}));
        QCOMPARE(editor.noAttentionList()->blocks(), (QList<int>{2}));

        dropOnto(editor.noAttentionList(), editor.keptList(), {2});  // back: whole again
        QVERIFY(bench.plan()->plan().dropped_attention.empty());
        bench.plan()->undoStack()->undo();
        bench.plan()->undoStack()->undo();
        bench.plan()->undoStack()->undo();
        QVERIFY(bench.plan()->plan().empty());
        QCOMPARE(editor.totalsLabel()->text(), totalsBefore);
    }
};

PB_UI_TEST(SubBlockPlanTest);
#include "tst_SubBlockPlan.moc"
