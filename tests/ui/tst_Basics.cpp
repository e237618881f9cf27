// Small pieces: number formatting, command line, recent files, language.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "tests/ui/TestRegistry.h"
#include "ui/widgets/Format.h"
#include "ui/shell/Language.h"
#include "ui/shell/LaunchOptions.h"
#include "ui/shell/ModelPaths.h"
#include "ui/shell/RecentFiles.h"

namespace format = pb::ui::format;

class FormatTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formatsCounts() {
        QCOMPARE(format::count(1234567), QStringLiteral("1,234,567"));
        QCOMPARE(format::compact(134515008), QStringLiteral("134.5 M"));
        QCOMPARE(format::compact(1240000000), QStringLiteral("1.24 B"));
        QCOMPARE(format::compact(576), QStringLiteral("576"));
        QCOMPARE(format::percent(0.02632), QStringLiteral("2.63 %"));
        QCOMPARE(format::countRange(4, 4), QStringLiteral("4"));
        QCOMPARE(format::countRange(1024, 8192), QStringLiteral("1,024–8,192"));
    }
};

class LaunchOptionsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesAllOptions() {
        pb::ui::LaunchOptions o;
        QString error;
        QVERIFY(pb::ui::parseLaunchOptions({"prunebench", "--model", "demo", "--view", "architecture", "--screenshot",
                                            "/tmp/x.png", "--lang", "zh_CN"},
                                           &o, &error));
        QCOMPARE(o.model, QStringLiteral("demo"));
        QCOMPARE(o.view, QStringLiteral("architecture"));
        QCOMPARE(o.screenshot, QStringLiteral("/tmp/x.png"));
        QCOMPARE(o.language, QStringLiteral("zh_CN"));
    }
    void defaultsAndErrors() {
        pb::ui::LaunchOptions o;
        QString error;
        QVERIFY(pb::ui::parseLaunchOptions({"prunebench"}, &o, &error));
        QVERIFY(o.model.isEmpty());
        QCOMPARE(o.view, QStringLiteral("architecture"));
        QVERIFY(!pb::ui::parseLaunchOptions({"prunebench", "--view", "nonsense"}, &o, &error));
        QVERIFY(error.contains(QStringLiteral("nonsense")));
        QVERIFY(!pb::ui::parseLaunchOptions({"prunebench", "--lang", "fr"}, &o, &error));
        QVERIFY(!pb::ui::parseLaunchOptions({"prunebench", "--bogus"}, &o, &error));
    }
    void aFileArgumentIsTheModel() {  // "prunebench FILE", as the .desktop file's Exec=prunebench %F runs it
        pb::ui::LaunchOptions o;
        QString error;
        QVERIFY(pb::ui::parseLaunchOptions({"prunebench", "/data/m.gguf", "--view", "graph"}, &o, &error));
        QCOMPARE(o.model, QStringLiteral("/data/m.gguf"));
        QCOMPARE(o.view, QStringLiteral("graph"));
        QVERIFY(o.notice.isEmpty());
        QVERIFY(pb::ui::parseLaunchOptions({"prunebench", "a.gguf", "b.gguf"}, &o, &error));
        QCOMPARE(o.model, QStringLiteral("a.gguf"));
        QVERIFY(o.notice.contains(QStringLiteral("b.gguf")));
        QVERIFY(!pb::ui::parseLaunchOptions({"prunebench", "a.gguf", "--model", "demo"}, &o, &error));
    }
};

class RecentFilesTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { pb::ui::RecentFiles::clear(); }
    void keepsNewestFirstWithoutDuplicatesAndAtMostEight() {
        QTemporaryDir dir;
        QStringList paths;
        for (int i = 0; i < 10; ++i) {
            const QString path = dir.filePath(QStringLiteral("m%1.gguf").arg(i));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            paths << path;
            pb::ui::RecentFiles::add(path);
        }
        pb::ui::RecentFiles::add(paths[5]);
        const QStringList entries = pb::ui::RecentFiles::entries();
        QCOMPARE(entries.size(), pb::ui::RecentFiles::kMax);
        QCOMPARE(entries.first(), paths[5]);
        QCOMPARE(entries[1], paths[9]);
        QCOMPARE(entries.count(paths[5]), 1);
    }
    void prunesMissingEntries() {
        QTemporaryDir dir;
        const QString kept = dir.filePath(QStringLiteral("kept.gguf"));
        const QString gone = dir.filePath(QStringLiteral("gone.gguf"));
        for (const QString& p : {kept, gone}) {
            QFile f(p);
            QVERIFY(f.open(QIODevice::WriteOnly));
            pb::ui::RecentFiles::add(p);
        }
        QVERIFY(QFile::remove(gone));
        QCOMPARE(pb::ui::RecentFiles::entries(), QStringList{kept});
    }
    void recognisesModelPaths() {
        QTemporaryDir dir;
        const QString gguf = dir.filePath(QStringLiteral("Model.GGUF"));
        const QString txt = dir.filePath(QStringLiteral("notes.txt"));
        for (const QString& p : {gguf, txt}) {
            QFile f(p);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        QVERIFY(pb::ui::isOpenableModelPath(dir.path()));
        QVERIFY(pb::ui::isOpenableModelPath(gguf));
        QVERIFY(!pb::ui::isOpenableModelPath(txt));
        QVERIFY(!pb::ui::isOpenableModelPath(dir.filePath(QStringLiteral("missing.gguf"))));
        QCOMPARE(pb::ui::modelDisplayName(gguf), QStringLiteral("Model"));
    }
};

class LanguageTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { pb::ui::installLanguage(QStringLiteral("en")); }
    void chineseTranslationIsEmbedded() {
        QVERIFY(pb::ui::installLanguage(QStringLiteral("zh_CN")));
        QCOMPARE(QCoreApplication::translate("pb::ui::MainWindow", "&File"), QStringLiteral("文件(&F)"));
        QCOMPARE(QCoreApplication::translate("pb::ui::ArchitectureModel", "Layer"), QStringLiteral("层"));
    }
    void englishIsTheSource() {
        QVERIFY(pb::ui::installLanguage(QStringLiteral("en")));
        QCOMPARE(QCoreApplication::translate("pb::ui::MainWindow", "&File"), QStringLiteral("&File"));
        QVERIFY(!pb::ui::installLanguage(QStringLiteral("xx")));
    }
    void settingChoosesLanguageUnlessOverridden() {
        pb::ui::savePreferredLanguage(QStringLiteral("zh_CN"));
        QCOMPARE(pb::ui::chooseLanguage(), QStringLiteral("zh_CN"));
        QCOMPARE(pb::ui::chooseLanguage(QStringLiteral("en")), QStringLiteral("en"));
        QSettings().remove(QStringLiteral("ui/language"));
    }
};

PB_UI_TEST(FormatTest);
PB_UI_TEST(LaunchOptionsTest);
PB_UI_TEST(RecentFilesTest);
PB_UI_TEST(LanguageTest);
#include "tst_Basics.moc"
