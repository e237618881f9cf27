// View > Theme: light and dark palettes keep text readable (WCAG contrast), the stylesheet has
// every @token filled in, a choice is applied at once, remembered, and overridable per run, and
// the views that paint with theme colours repaint in the new colours.
#include <QAction>
#include <QApplication>
#include <QImage>
#include <QPalette>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTest>

#include <algorithm>

#include "tests/ui/TestRegistry.h"
#include "ui/shell/SettingsKeys.h"
#include "ui/shell/ThemeMenu.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

using namespace pb::ui;

namespace {
QApplication& app() { return *qobject_cast<QApplication*>(QCoreApplication::instance()); }

void checkReadable(const ThemeColors& t) {
    // Body text and secondary text on every surface they sit on: WCAG AA (4.5:1).
    for (const QColor& surface : {t.canvas, t.card, t.altBase}) {
        QVERIFY2(contrastRatio(t.text, surface) >= 7.0, qPrintable(surface.name()));
        QVERIFY2(contrastRatio(t.secondary, surface) >= 4.5, qPrintable(t.secondary.name() + " on " + surface.name()));
        QVERIFY2(contrastRatio(t.caption, surface) >= 4.5, qPrintable(t.caption.name() + " on " + surface.name()));
    }
    QVERIFY(contrastRatio(t.onPrimary, t.primary) >= 4.5);
    QVERIFY(contrastRatio(t.error, t.card) >= 4.5);
    QVERIFY(contrastRatio(t.warnText, t.warnBg) >= 4.5);
    // The heat scale runs from one end to the other: its ends are far apart.
    QVERIFY(contrastRatio(t.heat.front(), t.heat.back()) >= 7.0);
}
} // namespace

class ThemeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { applyTheme(app(), ThemeChoice::Light); }

    void namesRoundTrip() {
        for (const QString& name : themeNames()) QCOMPARE(themeName(*themeChoiceFromName(name)), name);
        QCOMPARE(*themeChoiceFromName(QStringLiteral(" Dark ")), ThemeChoice::Dark);
        QVERIFY(!themeChoiceFromName(QStringLiteral("sepia")));
    }

    void contrastRatioIsWcags() {
        QCOMPARE(qRound(contrastRatio(Qt::black, Qt::white) * 10), 210);
        QCOMPARE(contrastRatio(Qt::gray, Qt::gray), 1.0);
        QCOMPARE(contrastRatio(Qt::black, Qt::white), contrastRatio(Qt::white, Qt::black));
    }

    void bothThemesAreReadable() {
        checkReadable(ThemeColors::light());
        checkReadable(ThemeColors::darkTheme());
        QVERIFY(!ThemeColors::light().dark);
        QVERIFY(ThemeColors::darkTheme().dark);
    }

    void darkIsAppliedWithEveryTokenFilled() {
        applyTheme(app(), ThemeChoice::Dark);
        QVERIFY(darkThemeActive());
        QVERIFY(isDarkPalette(QApplication::palette()));
        QCOMPARE(QApplication::palette().color(QPalette::Window), ThemeColors::darkTheme().canvas);
        QString sheet = app().styleSheet();
        QVERIFY(!sheet.isEmpty());
        sheet.remove(QRegularExpression(QStringLiteral(R"(/\*.*?\*/)"), QRegularExpression::DotMatchesEverythingOption));
        QVERIFY2(!sheet.contains(QLatin1Char('@')), qPrintable(sheet.mid(sheet.indexOf(QLatin1Char('@')), 40)));
        QVERIFY(sheet.contains(ThemeColors::darkTheme().canvas.name(), Qt::CaseInsensitive));
        applyTheme(app(), ThemeChoice::Light);
        QVERIFY(!darkThemeActive());
        QCOMPARE(QApplication::palette().color(QPalette::Window), ThemeColors::light().canvas);
    }

    void theMenuAppliesSavesAndFollows() {
        ThemeMenu menu;
        QVERIFY(menu.actionFor(ThemeChoice::System));
        int changes = 0;
        const QMetaObject::Connection counting =
            connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, [&changes]() { ++changes; });
        menu.actionFor(ThemeChoice::Dark)->trigger();
        disconnect(counting);
        QVERIFY(changes >= 1);
        QVERIFY(darkThemeActive());
        QCOMPARE(QSettings().value(keys::kTheme).toString(), QStringLiteral("dark"));
        QCOMPARE(savedThemeChoice(), ThemeChoice::Dark);
        QVERIFY(menu.actionFor(ThemeChoice::Dark)->isChecked());
        // A choice made elsewhere (--theme) moves the check mark.
        applyTheme(app(), ThemeChoice::Light);
        QVERIFY(menu.actionFor(ThemeChoice::Light)->isChecked());
        QVERIFY(!menu.actionFor(ThemeChoice::Dark)->isChecked());
        saveThemeChoice(ThemeChoice::System);
    }

    void theRunsOverrideBeatsTheSetting() {
        saveThemeChoice(ThemeChoice::Dark);
        QCOMPARE(startupThemeChoice(QStringLiteral("light")), ThemeChoice::Light);
        qputenv("PB_THEME", "light");
        QCOMPARE(startupThemeChoice(), ThemeChoice::Light);
        QCOMPARE(startupThemeChoice(QStringLiteral("dark")), ThemeChoice::Dark);
        qputenv("PB_THEME", "bogus");
        QCOMPARE(startupThemeChoice(), ThemeChoice::Dark);  // an invalid value is ignored
        qunsetenv("PB_THEME");
        QCOMPARE(startupThemeChoice(), ThemeChoice::Dark);
        saveThemeChoice(ThemeChoice::System);
        QCOMPARE(startupThemeChoice(), ThemeChoice::System);
    }

    void aDisabledButtonLooksDisabledInBothThemes() {
        for (const ThemeChoice choice : {ThemeChoice::Light, ThemeChoice::Dark}) {
            applyTheme(app(), choice);
            QPushButton button(QStringLiteral("Export…"));
            button.resize(120, 32);
            const QImage enabled = button.grab().toImage();
            button.setEnabled(false);
            const QImage disabled = button.grab().toImage();
            QVERIFY2(enabled != disabled, qPrintable(themeName(choice)));
            // The text is fainter: the darkest (light theme) or lightest (dark) pixel moves toward the background.
            auto extreme = [choice](const QImage& img) {
                int v = choice == ThemeChoice::Dark ? 0 : 255;
                for (int y = 0; y < img.height(); ++y)
                    for (int x = 0; x < img.width(); ++x) {
                        const int l = img.pixelColor(x, y).lightness();
                        v = choice == ThemeChoice::Dark ? std::max(v, l) : std::min(v, l);
                    }
                return v;
            };
            if (choice == ThemeChoice::Dark) QVERIFY(extreme(disabled) < extreme(enabled) - 20);
            else QVERIFY(extreme(disabled) > extreme(enabled) + 20);
        }
    }

    void aWidgetRepaintsInTheNewTheme() {
        QWidget w;
        w.resize(40, 30);
        w.setAutoFillBackground(true);
        applyTheme(app(), ThemeChoice::Light);
        const QColor lightPixel = w.grab().toImage().pixelColor(20, 15);
        applyTheme(app(), ThemeChoice::Dark);
        const QColor darkPixel = w.grab().toImage().pixelColor(20, 15);
        QVERIFY2(lightPixel.lightness() > 200, qPrintable(lightPixel.name()));
        QVERIFY2(darkPixel.lightness() < 60, qPrintable(darkPixel.name()));
    }
};

PB_UI_TEST(ThemeTest);

#include "tst_Theme.moc"
