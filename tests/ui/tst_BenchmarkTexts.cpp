// Issue 19 item 3 in the GUI: WikiText-2 / PTB files chosen as the evaluation text are recognised
// (wikitext2:/ptb: specs), named with their kind, counted as core rebuilds them and remembered;
// File › Zero-shot Harness sets the workbench's harness and is remembered.
#include <QCoreApplication>
#include <QDir>
#include <QPixmap>
#include <QSettings>
#include <QTest>

#include "core/data/assets.h"
#include "core/tokenizer/tokenizer.h"
#include "tests/ui/TestRegistry.h"
#include "tests/ui/WorkbenchFixtures.h"
#include "ui/plan/TextsLabel.h"
#include "ui/session/ModelSession.h"
#include "ui/session/TextStats.h"
#include "ui/session/Workbench.h"
#include "ui/shell/HarnessMenu.h"
#include "ui/shell/SettingsKeys.h"
#include "ui/shell/TextMenu.h"
#include "ui/widgets/Format.h"

using namespace pb::ui;

namespace {
QString fx(const char* f) { return QStringLiteral(PB_FIXTURE_DIR "/benchmark/") + QLatin1String(f); }
} // namespace

class BenchmarkTextsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QSettings().clear(); }

    void wikitextAndPtbFilesAreRecognisedCountedAndRemembered() {
        ModelSession session;
        Workbench bench(&session);
        QVERIFY(test::openTiny(session));
        bench.setModel(session.model());
        QCoreApplication::processEvents();
        // recognised by name (file or folder) or by rows; other files stay as they are
        QCOMPARE(TextMenu::specFor(fx("wikitext-2-raw/wiki.test.raw")), "wikitext2:" + fx("wikitext-2-raw/wiki.test.raw").toStdString());
        QCOMPARE(TextMenu::specFor(fx("simple-examples")), "ptb:" + fx("simple-examples").toStdString());
        QCOMPARE(TextMenu::specFor(fx("ptb_rows.json")), "ptb:" + fx("ptb_rows.json").toStdString());
        const QString plain = QStringLiteral(PB_FIXTURE_DIR "/zeroshot/boolq.jsonl");
        QCOMPARE(TextMenu::specFor(plain), plain.toStdString());

        TextMenu evaluation(TextMenu::Kind::Evaluation, &bench);
        QVERIFY(evaluation.benchmarkAction() != nullptr);
        const std::string spec = TextMenu::specFor(fx("wikitext-2-raw"));
        evaluation.choose(spec);
        QCOMPARE(bench.settings().pplText, spec);
        QCOMPARE(QSettings().value(keys::kEvaluationText).toString(), QString::fromStdString(spec));
        QCOMPARE(TextStats::displayName(spec), QStringLiteral("wikitext-2-raw/ (WikiText-2)"));
        TextsLabel label(&bench, false);
        bench.textStats()->waitForCounts();
        const auto tokens = qint64(session.model()->tokenizer->encode(pb::assets::loadText(spec), true).size());
        QTRY_VERIFY2(label.text().contains(format::count(tokens) + QStringLiteral(" tokens")), qPrintable(label.text()));
        QVERIFY2(label.text().contains(QStringLiteral("wikitext-2-raw/ (WikiText-2)")), qPrintable(label.text()));
        QVERIFY2(label.text().contains(QStringLiteral("WikiText-2 (wikitext-2-raw-v1, test split): 13 rows")), qPrintable(label.text()));
        // the wrong kind is refused in words
        bench.setEvaluationText("ptb:" + fx("wikitext-2-raw/wiki.test.raw").toStdString());
        bench.textStats()->waitForCounts();
        QTRY_VERIFY2(label.text().contains(QStringLiteral("use wikitext2:")), qPrintable(label.text()));
        // remembered with its kind; gone: back to the demo text
        evaluation.choose(TextMenu::specFor(fx("simple-examples/data/ptb.test.txt")));
        {
            ModelSession s2;
            Workbench w2(&s2);
            QVERIFY(TextMenu::restoreTexts(&w2).isEmpty());
            QCOMPARE(w2.settings().pplText, "ptb:" + fx("simple-examples/data/ptb.test.txt").toStdString());
        }
        QSettings().setValue(keys::kEvaluationText, QStringLiteral("ptb:/nonexistent/ptb.valid.txt"));
        ModelSession s3;
        Workbench w3(&s3);
        QVERIFY(!TextMenu::restoreTexts(&w3).isEmpty());
        QCOMPARE(w3.settings().pplText, std::string(pb::defaults::kPplText));
    }

    void harnessIsChosenAndRemembered() {
        ModelSession session;
        Workbench bench(&session);
        QCOMPARE(bench.settings().harness, pb::zs::Harness::LmEval);
        HarnessMenu menu(&bench);
        QCOMPARE(menu.actions().size(), 3);
        QVERIFY(menu.actionFor(pb::zs::Harness::LmEval)->isChecked());
        menu.actionFor(pb::zs::Harness::LlmPruner)->trigger();
        QCOMPARE(bench.settings().harness, pb::zs::Harness::LlmPruner);
        QVERIFY(menu.actionFor(pb::zs::Harness::LlmPruner)->isChecked());
        QVERIFY(!menu.actionFor(pb::zs::Harness::LmEval)->isChecked());
        QCOMPARE(QSettings().value(keys::kHarness).toString(), QStringLiteral("llm-pruner"));
        Workbench other(&session);
        HarnessMenu::restore(&other);
        QCOMPARE(other.settings().harness, pb::zs::Harness::LlmPruner);
        QSettings().setValue(keys::kHarness, QStringLiteral("no-such"));
        Workbench third(&session);
        HarnessMenu::restore(&third);
        QCOMPARE(third.settings().harness, pb::zs::Harness::LmEval);
        QVERIFY(!QSettings().contains(keys::kHarness));
    }

    // The two menus as the user sees them (PB_SCREENSHOT_DIR set: saved there as PNG).
    void menusShowTheChoices() {
        ModelSession session;
        Workbench bench(&session);
        bench.setEvaluationText("wikitext2:" + fx("wikitext-2-raw/wiki.test.raw").toStdString());
        TextMenu evaluation(TextMenu::Kind::Evaluation, &bench);
        HarnessMenu harness(&bench);
        harness.choose(pb::zs::Harness::LlmPruner);
        QStringList texts;
        for (QAction* a : evaluation.actions()) texts << a->text();
        QVERIFY2(texts.contains(QStringLiteral("&WikiText-2 or PTB File…")), qPrintable(texts.join(QLatin1Char('|'))));
        QVERIFY2(texts.contains(QStringLiteral("Current: wiki.test.raw (WikiText-2)")), qPrintable(texts.join(QLatin1Char('|'))));
        const QString dir = qEnvironmentVariable("PB_SCREENSHOT_DIR");
        for (QMenu* m : {static_cast<QMenu*>(&evaluation), static_cast<QMenu*>(&harness)}) {
            m->popup(QPoint(10, 10));
            QTest::qWait(50);
            const QPixmap shot = m->grab();
            QVERIFY(!shot.isNull());
            if (!dir.isEmpty()) QVERIFY(shot.save(QDir(dir).filePath(m->objectName() + QStringLiteral(".png"))));
            m->hide();
        }
    }
};

PB_UI_TEST(BenchmarkTextsTest);
#include "tst_BenchmarkTexts.moc"
