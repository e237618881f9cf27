#include "ui/widgets/Format.h"

#include <QCoreApplication>
#include <QLocale>

namespace pb::ui::format {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(pb::ui::Format)
};
} // namespace

QString count(qint64 n) { return QLocale().toString(n); }

QString compact(qint64 n) {
    const QLocale locale;
    const double v = static_cast<double>(n);
    if (n >= 1'000'000'000) return Text::tr("%1 B").arg(locale.toString(v / 1e9, 'f', 2));
    if (n >= 1'000'000) return Text::tr("%1 M").arg(locale.toString(v / 1e6, 'f', 1));
    if (n >= 10'000) return Text::tr("%1 K").arg(locale.toString(v / 1e3, 'f', 1));
    return locale.toString(n);
}

QString percent(double fraction, int decimals) {
    return Text::tr("%1 %").arg(QLocale().toString(fraction * 100.0, 'f', decimals));
}

QString gib(double bytes) { return Text::tr("%1 GiB").arg(QLocale().toString(bytes / double(1ull << 30), 'f', 1)); }

QString seconds(double s) { return Text::tr("%1 s").arg(QLocale().toString(s, 'f', 2)); }

QString countRange(qint64 lo, qint64 hi) {
    if (lo == hi) return count(lo);
    return Text::tr("%1–%2").arg(count(lo), count(hi));
}

} // namespace pb::ui::format
