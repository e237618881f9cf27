#pragma once
// The colours of the light and the dark theme in one struct: the palette, the stylesheet
// (resources/styles/prunebench.qss names them as @token), painted views (heatmap, graph),
// rich-text labels and charts all read them from here, so that no view keeps a colour of
// its own that the other theme cannot read.
#include <QColor>
#include <QString>

#include <array>

class QPalette;

namespace pb::ui {

struct ThemeColors {
    bool dark = false;
    // Surfaces and lines.
    QColor canvas, card, altBase, line, border, statusBg, statusBorder;
    // Text: main, secondary (hints, headers), caption (small print), faint (the least).
    QColor text, secondary, caption, faint, details;
    // The accent (tab underline, progress, selected outline) and the primary button.
    QColor accent, accentSoft, accentSoftText, primary, primaryHover, onPrimary, selection, hoverBorder;
    // Messages: error text; error, info and warning boxes.
    QColor error, errorBg, errorBorder, infoBg, infoBorder, warnBg, warnBorder, warnText;
    // Scroll bars, progress track, the dropped-blocks list.
    QColor scroll, scrollHover, progressBg, droppedBg, droppedBorder;
    // Painted views: the graph's canvas and tensors, removed and absent cells, the hatching
    // and the wash under it, the coupled-group highlight, the parameter composition.
    QColor plot, tensor, tensorEdge, removedFill, absent, hatch, wash, highlight;
    QColor compositionEmbedding, compositionAttention, compositionMlp;
    // Sequential importance scale, low to high (the heatmap).
    std::array<QColor, 5> heat;
    // Categorical series colours (curves, models) and bars (muted = before, strong = after).
    std::array<QColor, 7> series;
    QColor barFill, barBorder, barMutedFill, barMutedBorder;

    static ThemeColors light();
    static ThemeColors darkTheme();
    QPalette palette() const;
    // The stylesheet template with each @token replaced by its colour (unknown tokens stay).
    QString styleSheet(const QString& templ) const;
};

// The colours of the theme in use: dark when the application's window colour is dark.
const ThemeColors& themeColors();
bool isDarkPalette(const QPalette& palette);

// WCAG 2 contrast ratio of two colours (1 to 21).
double contrastRatio(const QColor& a, const QColor& b);

} // namespace pb::ui
