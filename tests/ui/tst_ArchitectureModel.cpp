#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include "tests/ui/TestConfigs.h"
#include "tests/ui/TestRegistry.h"
#include "ui/architecture/ArchitectureModel.h"

using pb::ui::ArchitectureModel;

class ArchitectureModelTest : public QObject {
    Q_OBJECT
private:
    static QString text(const ArchitectureModel& m, int row, int column) {
        return m.data(m.index(row, column)).toString();
    }
    static qlonglong value(const ArchitectureModel& m, int row, int column) {
        return m.data(m.index(row, column), ArchitectureModel::ValueRole).toLongLong();
    }

private Q_SLOTS:
    void passesModelTester() {
        ArchitectureModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setConfig(pb::ui::test::unevenConfig());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.columnCount(), int(ArchitectureModel::ColumnCount));
        model.setConfig(pb::ui::test::unevenConfig());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.setConfig(pb::ui::test::unevenConfig());

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(ArchitectureModel::ValueRole);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(ArchitectureModel::BlockParams, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, ArchitectureModel::Layer).data(ArchitectureModel::ValueRole).toLongLong(), 0LL);
        QCOMPARE(proxy.index(4, ArchitectureModel::Layer).data(ArchitectureModel::ValueRole).toLongLong(), 4LL);
    }

    void showsEachLayersOwnDims() {
        ArchitectureModel model;
        const pb::ModelConfig config = pb::ui::test::unevenConfig();
        model.setConfig(config);
        QCOMPARE(text(model, 0, ArchitectureModel::QueryHeads), QStringLiteral("4"));
        QCOMPARE(text(model, 1, ArchitectureModel::QueryHeads), QStringLiteral("2"));
        QCOMPARE(text(model, 1, ArchitectureModel::KvHeads), QStringLiteral("1"));
        QCOMPARE(text(model, 0, ArchitectureModel::GroupSize), QStringLiteral("2"));
        QCOMPARE(text(model, 1, ArchitectureModel::GroupSize), QStringLiteral("2"));
        QCOMPARE(text(model, 0, ArchitectureModel::HeadDim), QStringLiteral("16"));
        QCOMPARE(text(model, 2, ArchitectureModel::FfnWidth), QStringLiteral("128"));
        for (int row = 0; row < 5; ++row) {
            const auto i = static_cast<size_t>(row);
            QCOMPARE(value(model, row, ArchitectureModel::AttentionParams), qlonglong(config.attentionParams(i)));
            QCOMPARE(value(model, row, ArchitectureModel::MlpParams), qlonglong(config.mlpParams(i)));
            QCOMPARE(value(model, row, ArchitectureModel::BlockParams), qlonglong(config.layerParams(i)));
            QCOMPARE(value(model, row, ArchitectureModel::Layer), qlonglong(row));
        }
    }

    void marksPrunedSublayers() {
        ArchitectureModel model;
        model.setConfig(pb::ui::test::unevenConfig());
        // Block 2: attention removed; block 3: MLP removed; block 4: identity.
        const QString dash = QStringLiteral("—");
        QCOMPARE(text(model, 2, ArchitectureModel::QueryHeads), dash);
        QCOMPARE(text(model, 2, ArchitectureModel::GroupSize), dash);
        QCOMPARE(text(model, 2, ArchitectureModel::HeadDim), dash);
        QVERIFY(model.data(model.index(2, ArchitectureModel::QueryHeads), ArchitectureModel::AbsentRole).toBool());
        QVERIFY(!model.data(model.index(2, ArchitectureModel::FfnWidth), ArchitectureModel::AbsentRole).toBool());
        QCOMPARE(text(model, 3, ArchitectureModel::FfnWidth), dash);
        QCOMPARE(text(model, 3, ArchitectureModel::MlpParams), QStringLiteral("0"));
        QVERIFY(model.data(model.index(3, ArchitectureModel::MlpParams), ArchitectureModel::AbsentRole).toBool());
        QCOMPARE(value(model, 4, ArchitectureModel::BlockParams), 0LL);
        QVERIFY(model.data(model.index(3, ArchitectureModel::FfnWidth), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("pruned")));
    }

    void sharesAddUpWithEmbeddings() {
        ArchitectureModel model;
        const pb::ModelConfig config = pb::ui::test::unevenConfig();
        model.setConfig(config);
        double sum = double(config.embeddingParams()) / double(config.totalParams());
        double maxBar = 0.0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex share = model.index(row, ArchitectureModel::Share);
            sum += share.data(ArchitectureModel::ValueRole).toDouble();
            const double bar = share.data(ArchitectureModel::BarRole).toDouble();
            QVERIFY(bar >= 0.0 && bar <= 1.0);
            maxBar = std::max(maxBar, bar);
            QVERIFY(share.data().toString().endsWith(QStringLiteral("%")));
        }
        QVERIFY(qAbs(sum - 1.0) < 1e-9);
        QCOMPARE(maxBar, 1.0);
    }

    void formatsNumbersForReading() {
        pb::ModelConfig config = pb::ui::test::unevenConfig();
        config.hidden = 2048;
        config.head_dim = 64;
        config.layers = {{32, 8, 8192}};
        ArchitectureModel model;
        model.setConfig(config);
        QCOMPARE(text(model, 0, ArchitectureModel::FfnWidth), QStringLiteral("8,192"));
        QVERIFY(text(model, 0, ArchitectureModel::MlpParams).count(QLatin1Char(',')) >= 2);
        const auto align = model.data(model.index(0, ArchitectureModel::MlpParams), Qt::TextAlignmentRole)
                               .value<Qt::Alignment>();
        QVERIFY(align & Qt::AlignRight);
    }

    void headersExplainEveryColumn() {
        ArchitectureModel model;
        for (int c = 0; c < ArchitectureModel::ColumnCount; ++c) {
            QVERIFY(!model.headerData(c, Qt::Horizontal).toString().isEmpty());
            QVERIFY(model.headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().size() > 20);
        }
    }
};

PB_UI_TEST(ArchitectureModelTest);
#include "tst_ArchitectureModel.moc"
