// Screen readers: every field of the workbench's own views has a name and its caption is its
// buddy; the painted heatmap is a table of cells and the dependency graph a list of blocks
// and tensors whose description is the selected coupled group; the graph's labels are
// readable (at least 8 pt on screen) at the zoom it opens with.
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QTest>

#include "core/plan/criteria.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/dependencies/GraphView.h"
#include "ui/importance/HeatmapWidget.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/ModelSession.h"
#include "ui/session/Workbench.h"
#include "ui/shell/MainWindow.h"
#include "ui/widgets/JobProgressWidget.h"
#include "ui/widgets/MessageBanner.h"

using namespace pb::ui;

namespace {
bool isField(const QWidget* w) {
    return qobject_cast<const QAbstractSpinBox*>(w) || qobject_cast<const QComboBox*>(w) || qobject_cast<const QLineEdit*>(w);
}

// Parts of a compound widget (a spin box's line edit, a table's corner button) are named by it.
bool insideCompound(const QWidget* w, const QWidget* root) {
    for (const QWidget* p = w->parentWidget(); p && p != root; p = p->parentWidget())
        if (isField(p) || qobject_cast<const QAbstractItemView*>(p)) return true;
    return false;
}

QString describe(const QWidget* w) {
    return QStringLiteral("%1 '%2' in %3").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                                                w->window()->objectName());
}

// The SmolLM2-135M shape the demo model has (a wide MLP, 9 heads in 3 KV groups).
pb::ModelConfig smolConfig() {
    pb::ModelConfig c = test::uniformConfig(30);
    c.hidden = 576;
    c.head_dim = 64;
    c.vocab = 49152;
    c.layers.assign(30, pb::LayerDims{9, 3, 1536});
    return c;
}

QAccessibleInterface* childNamed(QAccessibleInterface* parent, const QString& part) {
    for (int i = 0; i < parent->childCount(); ++i)
        if (QAccessibleInterface* c = parent->child(i); c && c->text(QAccessible::Name).contains(part)) return c;
    return nullptr;
}
} // namespace

class AccessibilityTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFieldHasANameAndItsCaptionIsItsBuddy() {
        MainWindow w;
        w.workbench()->setModel(test::fakeModel(test::uniformConfig()));
        QList<QWidget*> roots;
        for (const char* view : {"architecture", "graph", "heatmap", "plan", "compare"}) roots << w.viewWidget(QLatin1String(view));
        for (QWidget* bar : w.findChildren<JobProgressWidget*>()) roots << bar;
        for (QWidget* banner : w.findChildren<MessageBanner*>()) roots << banner;
        int fields = 0, buddies = 0;
        for (QWidget* root : roots) {
            QVERIFY(root);
            for (QWidget* child : root->findChildren<QWidget*>()) {
                if (insideCompound(child, root)) continue;
                if (isField(child)) {
                    ++fields;
                    QVERIFY2(!child->accessibleName().isEmpty(), qPrintable(describe(child)));
                } else if (auto* button = qobject_cast<QAbstractButton*>(child)) {
                    const QString text = button->text().remove(QLatin1Char('&')).trimmed();
                    QVERIFY2(!text.isEmpty() || !button->accessibleName().isEmpty(), qPrintable(describe(child)));
                }
                // What a screen reader reads for it.
                if (isField(child)) {
                    QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(child);
                    QVERIFY(iface);
                    QVERIFY2(!iface->text(QAccessible::Name).isEmpty(), qPrintable(describe(child)));
                }
            }
            // A caption directly before a field in a layout is that field's buddy; one ending in ':' has a buddy.
            QList<QLayout*> layouts = root->findChildren<QLayout*>();
            if (root->layout()) layouts << root->layout();
            for (QLayout* layout : layouts)
                for (int i = 0; i + 1 < layout->count(); ++i) {
                    auto* label = qobject_cast<QLabel*>(layout->itemAt(i)->widget());
                    if (!label || label->text().isEmpty()) continue;
                    QWidget* next = layout->itemAt(i + 1)->widget();
                    if (next && isField(next)) {
                        ++buddies;
                        QVERIFY2(label->buddy() == next, qPrintable(label->text() + QStringLiteral(" before ") + describe(next)));
                    }
                }
            for (QLabel* label : root->findChildren<QLabel*>())
                if (label->text().trimmed().endsWith(QLatin1Char(':')))
                    QVERIFY2(label->buddy(), qPrintable(label->text()));
        }
        QVERIFY(fields >= 15);
        QVERIFY(buddies >= 9);
    }

    void heatmapIsATableOfLayersAndUnits() {
        const auto config = test::uniformConfig();
        const auto scores = test::rampScores(config);
        pb::BlockScores blocks;
        blocks.criterion = pb::Criterion::BlockBi;
        for (int i = 0; i < 8; ++i) blocks.scores.push_back(0.1 * i);
        HeatmapWidget w;
        w.resize(900, 500);
        w.setConfig(config);
        QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(&w);
        QVERIFY(iface);
        QCOMPARE(iface->role(), QAccessible::Table);
        QAccessibleTableInterface* table = iface->tableInterface();
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 0);  // nothing scored: the placeholder describes it
        QVERIFY(iface->text(QAccessible::Description).contains(QStringLiteral("Score")));

        w.setScores(&scores, &blocks);
        w.setPlan(pb::resolvePlan(config, pb::uniformWidthPlan(config, 0.5, 0.5, 2, 5), scores), {7});
        QCOMPARE(table->rowCount(), 8);
        QCOMPARE(table->columnCount(), 2 + 64 + 1);  // KV groups, MLP buckets, the block strip
        QCOMPARE(iface->childCount(), 8 * 67);
        QCOMPARE(table->columnDescription(0), QStringLiteral("KV group 0"));
        QCOMPARE(table->rowDescription(4), QStringLiteral("Layer 4"));

        QAccessibleInterface* cell = table->cellAt(2, 0);
        QVERIFY(cell && cell->isValid());
        QCOMPARE(cell->role(), QAccessible::Cell);
        QCOMPARE(iface->child(2 * 67), cell);
        QCOMPARE(iface->indexOfChild(cell), 2 * 67);
        const QString name = cell->text(QAccessible::Name);
        QVERIFY2(name.contains(QStringLiteral("Layer 2")) && name.contains(QStringLiteral("KV group 0")), qPrintable(name));
        QVERIFY2(name.contains(QStringLiteral("0.00 of the layer's range")), qPrintable(name));  // lowest of the layer
        QVERIFY2(name.contains(QStringLiteral("Removed by the current plan")), qPrintable(name));
        QVERIFY(!name.contains(QLatin1Char('\n')));
        QVERIFY(table->cellAt(2, 1)->text(QAccessible::Name).contains(QStringLiteral("1.00 of the layer's range")));
        QVERIFY(table->cellAt(3, 2)->text(QAccessible::Name).contains(QStringLiteral("Layer 3 · MLP channels 0–0")));
        const QString block = table->cellAt(7, 66)->text(QAccessible::Name);
        QVERIFY2(block.contains(QStringLiteral("Block 7")) && block.contains(QStringLiteral("removed by the plan")), qPrintable(block));
        QVERIFY(cell->rect().isValid());

        // Query heads: more columns, cells rebuilt.
        w.setAttentionUnit(HeatmapWidget::AttentionUnit::Heads);
        QCOMPARE(table->columnCount(), 4 + 64 + 1);
        QVERIFY(table->cellAt(1, 3)->text(QAccessible::Name).contains(QStringLiteral("query head 3")));
    }

    void graphListsBlocksAndTensorsAndDescribesTheSelection() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(test::uniformConfig()));
        GraphView view(&bench);
        view.resize(1200, 700);
        view.selectLayer(3);
        view.selectUnit(pb::GroupKind::AttentionGroup, 1);

        QAccessibleInterface* blocks = QAccessible::queryAccessibleInterface(view.overview());
        QVERIFY(blocks);
        QCOMPARE(blocks->role(), QAccessible::List);
        QCOMPARE(blocks->childCount(), 8 + 3);  // embedding, the blocks, final norm, lm_head
        QAccessibleInterface* block3 = childNamed(blocks, QStringLiteral("Block 3,"));
        QVERIFY(block3);
        QVERIFY(block3->state().selected);
        QVERIFY(block3->text(QAccessible::Name).contains(QStringLiteral("4 heads / 2 KV")));
        QVERIFY(!childNamed(blocks, QStringLiteral("Block 2,"))->state().selected);

        QAccessibleInterface* tensors = QAccessible::queryAccessibleInterface(view.detail());
        QVERIFY(tensors);
        QCOMPARE(tensors->role(), QAccessible::List);
        QVERIFY(tensors->childCount() >= 9);  // norms, q/k/v/o, gate/up/down
        QAccessibleInterface* q = childNamed(tensors, QStringLiteral("q_proj"));
        QVERIFY(q);
        QVERIFY2(q->text(QAccessible::Name).contains(QStringLiteral("[64 × 64]: selected rows 32–63")), qPrintable(q->text(QAccessible::Name)));
        QVERIFY(q->state().selected);
        QVERIFY(!childNamed(tensors, QStringLiteral("gate_proj"))->state().selected);
        QString description = tensors->text(QAccessible::Description);
        QVERIFY2(description.contains(QStringLiteral("KV group 1 of block 3")), qPrintable(description));
        QVERIFY(description.contains(QStringLiteral("q_proj rows 32–63")));
        QVERIFY(!description.contains(QLatin1Char('<')));  // plain text, not the panel's HTML

        // A new selection shows in the description and the items' states.
        view.selectUnit(pb::GroupKind::MlpChannel, 10);
        description = tensors->text(QAccessible::Description);
        QVERIFY2(description.contains(QStringLiteral("MLP channel 10 of block 3")), qPrintable(description));
        QVERIFY(childNamed(tensors, QStringLiteral("gate_proj"))->state().selected);
        QVERIFY(!childNamed(tensors, QStringLiteral("q_proj"))->state().selected);
        QVERIFY(childNamed(tensors, QStringLiteral("down_proj"))->text(QAccessible::Name).contains(QStringLiteral("selected columns 10")));

        bench.plan()->dropBlocks({3});
        QVERIFY(childNamed(blocks, QStringLiteral("Block 3,"))->text(QAccessible::Name).contains(QStringLiteral("removed")));
        QVERIFY(childNamed(tensors, QStringLiteral("q_proj"))->text(QAccessible::Name).contains(QStringLiteral("removed by the depth plan")));
    }

    void graphLabelsAreReadableAtTheDefaultZoom() {
        ModelSession session;
        Workbench bench(&session);
        bench.setModel(test::fakeModel(smolConfig()));
        GraphView view(&bench);
        view.resize(1248, 680);  // its size in a 1280 × 800 window
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.selectLayer(5);
        QVERIFY2(view.smallestLabelPointSize() >= GraphView::kMinLabelPointSize - 0.05,
                 qPrintable(QString::number(view.smallestLabelPointSize())));
        // A smaller window: the block is laid out again for the new fit.
        view.resize(1100, 600);
        QTest::qWait(20);
        QVERIFY2(view.smallestLabelPointSize() >= GraphView::kMinLabelPointSize - 0.05,
                 qPrintable(QString::number(view.smallestLabelPointSize())));
        // Zooming out is the user's choice: no relayout then.
        view.detail()->zoomBy(0.5);
        QVERIFY(view.smallestLabelPointSize() < GraphView::kMinLabelPointSize);
    }
};

PB_UI_TEST(AccessibilityTest);
#include "tst_Accessibility.moc"
