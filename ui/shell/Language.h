#pragma once
// UI language: English (source) or Simplified Chinese, from --lang, the setting or the system.
#include <QString>
#include <QStringList>

namespace pb::ui {

QStringList supportedLanguages();                 // "en", "zh_CN"
QString languageDisplayName(const QString& code); // in its own language: "English", "简体中文"
bool isSupportedLanguage(const QString& code);

// requested (from --lang) when given, else the saved setting, else the system language.
QString chooseLanguage(const QString& requested = {});
// The setting used by later starts.
void savePreferredLanguage(const QString& code);

// Installs the translators for code on the application (replacing earlier ones) and the
// matching default QLocale (number formatting). Returns false when code is unsupported or
// its translation could not be loaded.
bool installLanguage(const QString& code);

} // namespace pb::ui
