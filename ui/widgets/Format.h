#pragma once
// Number and text formatting shared by the views. Locale-aware (QLocale default).
#include <QString>
#include <QtGlobal>

namespace pb::ui::format {

QString count(qint64 n);                       // 1,234,567
QString compact(qint64 n);                     // 134.5 M, 1.24 B, 576
QString percent(double fraction, int decimals = 2);  // 0.0264 -> "2.64 %"
QString seconds(double s);                     // "0.84 s"
QString gib(double bytes);                     // "28.1 GiB"
QString countRange(qint64 lo, qint64 hi);      // "576" or "4–9"

} // namespace pb::ui::format
