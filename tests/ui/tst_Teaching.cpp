#include <QApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include "core/plan/criteria.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/importance/CriterionCombo.h"
#include "ui/importance/CriterionText.h"
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
        QVERIFY2(criterionTextsMatchCore(), "ui/importance/CriterionText.cpp no longer matches core/plan/criteria.cpp");
        QVERIFY(dependencyRuleText().contains(QStringLiteral("o_proj")));
        for (const pb::CriterionInfo& c : pb::criteria()) {
            const QString tip = CriterionCombo::explanation(QString::fromStdString(c.name));
            QVERIFY2(tip.size() > 40, c.name.c_str());
        }
        CriterionCombo width(false), depth(true);
        for (CriterionCombo* box : {&width, &depth})
            for (int i = 0; i < box->count(); ++i) QVERIFY(!box->itemData(i, Qt::ToolTipRole).toString().isEmpty());
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
