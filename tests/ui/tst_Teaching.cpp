#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

#include "core/plan/criteria.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/importance/CriterionCombo.h"
#include "ui/importance/CriterionText.h"
#include "ui/shell/Language.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/SettingsKeys.h"
#include "ui/shell/Walkthrough.h"

using namespace pb::ui;

namespace {
bool walkthroughVisible() {
    for (QWidget* w : QApplication::topLevelWidgets())
        if (qobject_cast<Walkthrough*>(w) && w->isVisible()) return true;
    return false;
}
} // namespace

class TeachingTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyCriterionHasAnExplanation() {
        QVERIFY(dependencyRuleText().contains(QStringLiteral("o_proj")));
        for (const pb::CriterionInfo& c : pb::criteria()) {
            const QString tip = CriterionCombo::explanation(QString::fromStdString(c.name));
            QVERIFY2(tip.size() > 40, c.name.c_str());
        }
        CriterionCombo width(false), depth(true);
        for (CriterionCombo* box : {&width, &depth})
            for (int i = 0; i < box->count(); ++i) QVERIFY(!box->itemData(i, Qt::ToolTipRole).toString().isEmpty());
        QCOMPARE(width.count() + depth.count(), int(pb::criteria().size()));
        QCOMPARE(criterionLabel("taylor_element1"), QStringLiteral("Taylor element-wise, 1st order"));  // core's English
        QComboBox* agg = makeAggregationCombo(nullptr);
        QCOMPARE(agg->count(), int(pb::aggregationTable().size()));
        QCOMPARE(agg->itemData(0).toString(), QStringLiteral("sum"));
        QCOMPARE(agg->itemData(0, Qt::ToolTipRole).toString(), QStringLiteral("Sum of the members' scores (LLM-Pruner's default)"));
        delete agg;
    }

    // Core's catalogue is the English source; every label and explanation of it has a zh_CN
    // entry (when core's text changes, the .ts entry must follow: this fails until then),
    // and the GUI shows the translation.
    void everyCatalogueTextIsTranslated() {
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/prunebench_zh_CN.qm")));
        QStringList missing;
        auto check = [&](const std::string& english) {
            if (zh.translate("CriterionText", english.c_str()).isEmpty()) missing << QString::fromStdString(english);
        };
        for (const pb::CriterionInfo& c : pb::criteria()) check(c.label), check(c.explanation);
        for (const pb::AggregationInfo& a : pb::aggregationTable()) check(a.explanation);
        for (const pb::AttentionUnitInfo& u : pb::attentionUnitTable()) check(u.label), check(u.explanation);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(" | "))));
        QVERIFY(installLanguage(QStringLiteral("zh_CN")));
        const QString shown = criterionLabel("block_bi"), tip = aggregationExplanation(pb::Aggregation::Sum);
        QVERIFY(installLanguage(QStringLiteral("en")));
        QCOMPARE(shown, zh.translate("CriterionText", "Block Influence"));
        QVERIFY(shown != criterionLabel("block_bi"));
        QVERIFY(tip != aggregationExplanation(pb::Aggregation::Sum));
    }

    void walkthroughStepsShowTheirViews() {
        QStringList views;
        Walkthrough w([&views](const QString& v) { views << v; });
        for (int i = 1; i < Walkthrough::stepCount(); ++i) w.setStep(i);
        QCOMPARE(views.size(), Walkthrough::stepCount());
        QVERIFY(views.contains(QStringLiteral("graph")));
        QSettings().remove(keys::kWalkthroughShown);
        QVERIFY(!Walkthrough::wasShown());
        Walkthrough::markShown();
        QVERIFY(Walkthrough::wasShown());
        QSettings().remove(keys::kWalkthroughShown);
    }

    // Tests (and --screenshot runs) never enable the walk-through: opening a model shows none.
    void walkthroughDoesNotShowInTests() {
        QSettings().remove(keys::kWalkthroughShown);
        MainWindow window;
        QVERIFY(!window.walkthroughEnabled());
        window.show();
        QSignalSpy shown(&window, &MainWindow::modelShown);
        window.openModel(test::tinyModelPath());
        QVERIFY(shown.wait(30000));
        QTest::qWait(500);
        QVERIFY(!walkthroughVisible());
        QVERIFY(!Walkthrough::wasShown());
        window.showWalkthrough();  // Help › Walk-through
        QVERIFY(walkthroughVisible());
        QVERIFY(Walkthrough::wasShown());
        QSettings().remove(keys::kWalkthroughShown);
    }
};

PB_UI_TEST(TeachingTest);
#include "tst_Teaching.moc"
