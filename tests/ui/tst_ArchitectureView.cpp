#include <QPixmap>
#include <QTableView>
#include <QTest>

#include "tests/ui/TestConfigs.h"
#include "tests/ui/TestRegistry.h"
#include "ui/architecture/ArchitectureModel.h"
#include "ui/architecture/ArchitectureSummary.h"
#include "ui/architecture/ArchitectureView.h"
#include "ui/architecture/CompositionBar.h"
#include "ui/architecture/ModelFacts.h"

class ArchitectureViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsSummaryAndRowsOfUnevenModel() {
        pb::ui::ArchitectureView view;
        view.resize(1100, 700);
        view.show();
        view.setModel(pb::ui::test::fakeLoadedModel(pb::ui::test::unevenConfig()));
        QCOMPARE(view.table()->model()->rowCount(), 5);
        QCOMPARE(view.summary()->valueOf(QStringLiteral("Layers")), QStringLiteral("5"));
        QCOMPARE(view.summary()->valueOf(QStringLiteral("Heads / KV heads")), QStringLiteral("0–4 / 0–2"));
        QCOMPARE(view.summary()->valueOf(QStringLiteral("FFN width")), QStringLiteral("0–256"));
        QCOMPARE(view.summary()->valueOf(QStringLiteral("Head dim")), QStringLiteral("16"));
        QVERIFY(view.summary()->valueOf(QStringLiteral("Embeddings")).contains(QStringLiteral("tied")));
        double sum = 0.0;
        for (const auto& part : view.summary()->splitBar()->parts()) sum += part.fraction;
        QCOMPARE(view.summary()->splitBar()->parts().size(), 3);
        QVERIFY(qAbs(sum - 1.0) < 1e-9);
        // Renders (delegate included) without trouble.
        const QPixmap shot = view.grab();
        QVERIFY(!shot.isNull());
    }

    void clearEmptiesEverything() {
        pb::ui::ArchitectureView view;
        view.setModel(pb::ui::test::fakeLoadedModel(pb::ui::test::unevenConfig()));
        view.clear();
        QCOMPARE(view.table()->model()->rowCount(), 0);
        QVERIFY(view.summary()->valueOf(QStringLiteral("Layers")).isEmpty());
    }

    void parameterSplitAddsUp() {
        const pb::ModelConfig config = pb::ui::test::unevenConfig();
        const pb::ui::ParameterSplit split = pb::ui::parameterSplit(config);
        QCOMPARE(split.embedding + split.attention + split.mlp, split.total);
        QCOMPARE(split.total, qint64(config.totalParams()));
    }

    void factsCoverTheHeadlineNumbers() {
        const auto facts = pb::ui::modelFacts(pb::ui::test::fakeLoadedModel(pb::ui::test::unevenConfig()));
        QStringList captions;
        for (const auto& fact : facts) {
            captions << fact.caption;
            QVERIFY2(!fact.value.isEmpty(), qPrintable(fact.caption));
            QVERIFY2(!fact.toolTip.isEmpty(), qPrintable(fact.caption));
        }
        for (const char* expected : {"Architecture", "Layers", "Hidden size", "Heads / KV heads", "Head dim", "FFN width",
                                     "Vocabulary", "Parameters", "Weights", "Tokenizer"}) {
            QVERIFY2(captions.contains(QLatin1String(expected)), expected);
        }
    }
};

PB_UI_TEST(ArchitectureViewTest);
#include "tst_ArchitectureView.moc"
