#include "ui/shell/Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

#include "ui/shell/SettingsKeys.h"

namespace pb::ui {

namespace {
const QString kEnglish = QStringLiteral("en");
const QString kChinese = QStringLiteral("zh_CN");

QPointer<QTranslator>& appTranslator() {
    static QPointer<QTranslator> translator;
    return translator;
}
QPointer<QTranslator>& qtTranslator() {
    static QPointer<QTranslator> translator;
    return translator;
}

void removeTranslator(QPointer<QTranslator>& translator) {
    if (translator) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}
} // namespace

QStringList supportedLanguages() { return {kEnglish, kChinese}; }

bool isSupportedLanguage(const QString& code) { return supportedLanguages().contains(code); }

QString languageDisplayName(const QString& code) {
    if (code == kChinese) return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

QString chooseLanguage(const QString& requested) {
    if (isSupportedLanguage(requested)) return requested;
    const QString saved = QSettings().value(keys::kLanguage).toString();
    if (isSupportedLanguage(saved)) return saved;
    return QLocale::system().language() == QLocale::Chinese ? kChinese : kEnglish;
}

void savePreferredLanguage(const QString& code) {
    if (isSupportedLanguage(code)) QSettings().setValue(keys::kLanguage, code);
}

bool installLanguage(const QString& code) {
    if (!isSupportedLanguage(code)) return false;
    removeTranslator(appTranslator());
    removeTranslator(qtTranslator());
    if (code == kEnglish) {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        return true;
    }
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::SimplifiedChineseScript, QLocale::China));
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        qtTranslator() = qt;
    } else {
        delete qt;
    }
    auto* app = new QTranslator(QCoreApplication::instance());
    if (!app->load(QStringLiteral(":/i18n/prunebench_") + code)) {
        delete app;
        return false;
    }
    QCoreApplication::installTranslator(app);
    appTranslator() = app;
    return true;
}

} // namespace pb::ui
