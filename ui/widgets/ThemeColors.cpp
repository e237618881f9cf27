#include "ui/widgets/ThemeColors.h"

#include <QGuiApplication>
#include <QHash>
#include <QPalette>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace pb::ui {

namespace {
QColor rgb(unsigned v, int alpha = 255) {
    QColor c(int((v >> 16) & 0xff), int((v >> 8) & 0xff), int(v & 0xff));
    c.setAlpha(alpha);
    return c;
}

double channel(double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double luminance(const QColor& c) {
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}
} // namespace

ThemeColors ThemeColors::light() {
    ThemeColors t;
    t.dark = false;
    t.canvas = rgb(0xf4f5f7), t.card = rgb(0xffffff), t.altBase = rgb(0xf8f9fb), t.line = rgb(0xe1e4e8);
    t.border = rgb(0xd0d5db), t.statusBg = rgb(0xeceef1), t.statusBorder = rgb(0xdcdfe3);
    t.text = rgb(0x1f2328), t.secondary = rgb(0x5b636e), t.caption = rgb(0x636b75), t.faint = rgb(0x8b949e);
    t.details = rgb(0x41474f);
    t.accent = rgb(0x3d6fb6), t.accentSoft = rgb(0xe3ecf8), t.accentSoftText = rgb(0x2f5a94);
    t.primary = rgb(0x3d6fb6), t.primaryHover = rgb(0x34609f), t.onPrimary = rgb(0xffffff);
    t.selection = rgb(0xdfe9f7), t.hoverBorder = rgb(0x9fb4d3);
    t.error = rgb(0xb42318), t.errorBg = rgb(0xfbeceb), t.errorBorder = rgb(0xefc6c2);
    t.infoBg = rgb(0xeaf1fb), t.infoBorder = rgb(0xc8daf3);
    t.warnBg = rgb(0xfff8e6), t.warnBorder = rgb(0xecd9a6), t.warnText = rgb(0x5a4510);
    t.scroll = rgb(0xcdd2d9), t.scrollHover = rgb(0xaab2bd), t.progressBg = rgb(0xdde2e8);
    t.droppedBg = rgb(0xfdf6f0), t.droppedBorder = rgb(0xe4b894);
    t.plot = rgb(0xf8f9fb), t.tensor = rgb(0xe8eef6), t.tensorEdge = rgb(0x9fb3cf), t.removedFill = rgb(0xf1f2f4);
    t.absent = rgb(0xeeeff1), t.hatch = rgb(0x24292f, 150), t.wash = rgb(0xffffff, 150), t.highlight = rgb(0xe07a1f, 200);
    t.compositionEmbedding = rgb(0xa9b4c2), t.compositionAttention = rgb(0x3d6fb6), t.compositionMlp = rgb(0x8db0e0);
    // ColorBrewer "Blues": pale for unimportant, deep for important.
    t.heat = {rgb(0xf7fbff), rgb(0xc6dbef), rgb(0x6baed6), rgb(0x2171b5), rgb(0x08306b)};
    t.series = {rgb(0x3d6fb6), rgb(0xd9732b), rgb(0x2a9d8f), rgb(0x8e5ea2), rgb(0xc0395a), rgb(0x6b8e23), rgb(0x9c6b3c)};
    t.barFill = rgb(0x6baed6), t.barBorder = rgb(0x2171b5), t.barMutedFill = rgb(0xc9d3e0), t.barMutedBorder = rgb(0x7a8aa0);
    return t;
}

ThemeColors ThemeColors::darkTheme() {
    ThemeColors t;
    t.dark = true;
    t.canvas = rgb(0x1b1e23), t.card = rgb(0x23272e), t.altBase = rgb(0x282d34), t.line = rgb(0x363c44);
    t.border = rgb(0x48505a), t.statusBg = rgb(0x17191d), t.statusBorder = rgb(0x2e343b);
    t.text = rgb(0xe6e8eb), t.secondary = rgb(0xb3bbc4), t.caption = rgb(0x9ea7b1), t.faint = rgb(0x8a949f);
    t.details = rgb(0xc8ced5);
    t.accent = rgb(0x6b9fe6), t.accentSoft = rgb(0x24364f), t.accentSoftText = rgb(0xaecbf2);
    t.primary = rgb(0x3b6db3), t.primaryHover = rgb(0x477bc4), t.onPrimary = rgb(0xffffff);
    t.selection = rgb(0x2d4468), t.hoverBorder = rgb(0x5f80ab);
    t.error = rgb(0xff8179), t.errorBg = rgb(0x3b2425), t.errorBorder = rgb(0x70393b);
    t.infoBg = rgb(0x1e2d42), t.infoBorder = rgb(0x34507a);
    t.warnBg = rgb(0x3a311d), t.warnBorder = rgb(0x6d5b2d), t.warnText = rgb(0xeedca6);
    t.scroll = rgb(0x4a525c), t.scrollHover = rgb(0x626c78), t.progressBg = rgb(0x363c44);
    t.droppedBg = rgb(0x33281f), t.droppedBorder = rgb(0x8c6846);
    t.plot = rgb(0x1f2328), t.tensor = rgb(0x2a3b52), t.tensorEdge = rgb(0x5f80ab), t.removedFill = rgb(0x2a2d32);
    t.absent = rgb(0x30343a), t.hatch = rgb(0xe6e8eb, 150), t.wash = rgb(0x1b1e23, 130), t.highlight = rgb(0xf08c3c, 215);
    t.compositionEmbedding = rgb(0x7f8a98), t.compositionAttention = rgb(0x5b8fdb), t.compositionMlp = rgb(0xa3c2ec);
    // The same blues turned round for a dark ground: unimportant fades into it, important glows.
    t.heat = {rgb(0x1c2838), rgb(0x1f4876), rgb(0x2f78c0), rgb(0x72b3ea), rgb(0xdaeeff)};
    t.series = {rgb(0x74a6ec), rgb(0xf0954d), rgb(0x3fc2b0), rgb(0xbb8fd6), rgb(0xec6784), rgb(0xa2c850), rgb(0xcfa06c)};
    t.barFill = rgb(0x4f8fd0), t.barBorder = rgb(0x94c1f2), t.barMutedFill = rgb(0x4a5563), t.barMutedBorder = rgb(0x8792a0);
    return t;
}

QPalette ThemeColors::palette() const {
    QPalette p(card, canvas);  // derives Light, Midlight, Dark, Shadow from the button colour
    p.setColor(QPalette::Window, canvas);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, card);
    p.setColor(QPalette::AlternateBase, altBase);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, card);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, dark ? rgb(0xffffff) : rgb(0x000000));
    p.setColor(QPalette::Highlight, primary);
    p.setColor(QPalette::HighlightedText, onPrimary);
    p.setColor(QPalette::ToolTipBase, card);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, caption);
    p.setColor(QPalette::Mid, border);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::LinkVisited, accent);
    if (dark) {
        p.setColor(QPalette::Light, rgb(0x3a4048));
        p.setColor(QPalette::Midlight, rgb(0x30353d));
        p.setColor(QPalette::Dark, rgb(0x15171a));
        p.setColor(QPalette::Shadow, rgb(0x0c0d0f));
    }
    for (QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, faint);
    p.setColor(QPalette::Disabled, QPalette::Base, canvas);
    p.setColor(QPalette::Disabled, QPalette::Button, canvas);
    return p;
}

QString ThemeColors::styleSheet(const QString& templ) const {
    const QHash<QString, QColor> tokens = {
        {QStringLiteral("canvas"), canvas},         {QStringLiteral("card"), card},
        {QStringLiteral("altBase"), altBase},       {QStringLiteral("line"), line},
        {QStringLiteral("border"), border},         {QStringLiteral("statusBg"), statusBg},
        {QStringLiteral("statusBorder"), statusBorder}, {QStringLiteral("text"), text},
        {QStringLiteral("secondary"), secondary},   {QStringLiteral("caption"), caption},
        {QStringLiteral("faint"), faint},           {QStringLiteral("details"), details},
        {QStringLiteral("accent"), accent},         {QStringLiteral("accentSoft"), accentSoft},
        {QStringLiteral("accentSoftText"), accentSoftText}, {QStringLiteral("primary"), primary},
        {QStringLiteral("primaryHover"), primaryHover}, {QStringLiteral("onPrimary"), onPrimary},
        {QStringLiteral("selection"), selection},   {QStringLiteral("hoverBorder"), hoverBorder},
        {QStringLiteral("error"), error},           {QStringLiteral("errorBg"), errorBg},
        {QStringLiteral("errorBorder"), errorBorder}, {QStringLiteral("infoBg"), infoBg},
        {QStringLiteral("infoBorder"), infoBorder}, {QStringLiteral("warnBg"), warnBg},
        {QStringLiteral("warnBorder"), warnBorder}, {QStringLiteral("warnText"), warnText},
        {QStringLiteral("scroll"), scroll},         {QStringLiteral("scrollHover"), scrollHover},
        {QStringLiteral("progressBg"), progressBg}, {QStringLiteral("droppedBg"), droppedBg},
        {QStringLiteral("droppedBorder"), droppedBorder}, {QStringLiteral("plot"), plot},
    };
    static const QRegularExpression token(QStringLiteral("@([A-Za-z]+)"));
    QString out;
    out.reserve(templ.size());
    qsizetype last = 0;
    for (auto it = token.globalMatch(templ); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(templ).mid(last, m.capturedStart() - last);
        const auto found = tokens.constFind(m.captured(1));
        out += found == tokens.constEnd() ? m.captured(0) : found->name();
        last = m.capturedEnd();
    }
    out += QStringView(templ).mid(last);
    return out;
}

bool isDarkPalette(const QPalette& palette) { return palette.color(QPalette::Window).lightness() < 128; }

const ThemeColors& themeColors() {
    static const ThemeColors lightColors = ThemeColors::light(), darkColors = ThemeColors::darkTheme();
    return isDarkPalette(QGuiApplication::palette()) ? darkColors : lightColors;
}

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace pb::ui
