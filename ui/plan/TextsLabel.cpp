#include "ui/plan/TextsLabel.h"

#include <algorithm>

#include "core/plan/defaults.h"
#include "ui/session/TextStats.h"
#include "ui/session/Workbench.h"
#include "ui/widgets/Format.h"
#include "ui/widgets/Theme.h"
#include "ui/widgets/ThemeColors.h"

namespace pb::ui {

namespace {

// "2,634,112 tokens" / "≈ 250.1 M tokens" / "counting…" / the error.
QString tokensText(const TextCount& c, bool compact) {
    if (!c.ready) return QObject::tr("counting tokens…");
    if (!c.ok) return c.error;
    const QString n = compact ? format::compact(c.tokens) : format::count(c.tokens);
    QString s = (c.approximate ? QObject::tr("≈ %1 tokens") : QObject::tr("%1 tokens")).arg(n);
    if (!compact && c.files > 1) s += QObject::tr(" in %1 files").arg(c.files);
    return s;
}

} // namespace

TextsLabel::TextsLabel(Workbench* bench, bool compact, QWidget* parent) : QLabel(parent), bench_(bench), compact_(compact) {
    setObjectName(compact ? QStringLiteral("textsStatus") : QStringLiteral("textsNote"));
    setTextFormat(Qt::RichText);
    setWordWrap(!compact);
    setAccessibleName(tr("Calibration and evaluation texts"));
    connect(bench_, &Workbench::textsChanged, this, &TextsLabel::refresh);
    connect(bench_, &Workbench::planStateChanged, this, &TextsLabel::refresh);  // the calibration's size
    connect(bench_, &Workbench::modelChanged, this, &TextsLabel::refresh);
    connect(bench_, &Workbench::comparisonChanged, this, &TextsLabel::refresh);  // the perplexity windows
    connect(bench_->textStats(), &TextStats::counted, this, &TextsLabel::refresh);
    connect(ThemeNotifier::instance(), &ThemeNotifier::changed, this, &TextsLabel::refresh);
    refresh();
}

QString TextsLabel::textFor(Workbench& bench, bool compact, QStringList* warningsOut) {
    if (!bench.model()) return {};
    const JobSettings& s = bench.settings();
    TextStats* stats = bench.textStats();
    const TextCount calib = stats->count(s.calib.text);
    const TextCount eval = stats->count(s.pplText);
    const QString calibName = TextStats::displayName(s.calib.text), evalName = TextStats::displayName(s.pplText);
    QStringList warnings;
    const qint64 calibNeed = s.calib.samples * s.calib.seq_len;
    if (calib.ready && calib.ok && calib.tokens < calibNeed)
        warnings << tr("The calibration draws %1 × %2 = %3 tokens and %4 has %5: its samples overlap.")
                        .arg(s.calib.samples)
                        .arg(s.calib.seq_len)
                        .arg(format::count(calibNeed), calibName, format::count(calib.tokens));
    const qint64 evalNeed = s.pplWindows * pb::defaults::kPplSeqLen + 1;
    if (eval.ready && eval.ok && eval.tokens < evalNeed) {
        const qint64 windows = std::max<qint64>(0, (eval.tokens - 1) / pb::defaults::kPplSeqLen);
        warnings << tr("Perplexity reads %1 windows of %2 tokens (%3 tokens) and %4 has %5: it measures %6.")
                        .arg(s.pplWindows)
                        .arg(pb::defaults::kPplSeqLen)
                        .arg(format::count(evalNeed), evalName, format::count(eval.tokens))
                        .arg(windows == 0 ? tr("nothing (fewer tokens than one window)") : tr("%n window(s)", nullptr, int(windows)));
    }
    if (calib.ready && !calib.ok) warnings << tr("Calibration text: %1").arg(calib.error);
    if (eval.ready && !eval.ok) warnings << tr("Evaluation text: %1").arg(eval.error);
    if (warningsOut) *warningsOut = warnings;

    const ThemeColors& c = themeColors();
    const bool canCount = bench.model()->tokenizer != nullptr;  // a model without one (tests) shows the names only
    const auto part = [&](const QString& what, const QString& name, const TextCount& t, bool bad) {
        const QString body = canCount ? QStringLiteral("%1: <b>%2</b>, %3").arg(what, name.toHtmlEscaped(), tokensText(t, compact).toHtmlEscaped())
                                      : QStringLiteral("%1: <b>%2</b>").arg(what, name.toHtmlEscaped());
        return bad ? QStringLiteral("<span style='color:%1'>⚠ %2</span>").arg(c.warnText.name(), body) : body;
    };
    const bool calibBad = !calib.ok && calib.ready ? true : calib.ready && calib.tokens < calibNeed;
    const bool evalBad = !eval.ok && eval.ready ? true : eval.ready && eval.tokens < evalNeed;
    QString html = part(compact ? tr("Calibration") : tr("Calibration (scoring, LoRA)"), calibName, calib, calibBad) +
                   QStringLiteral(" · ") + part(compact ? tr("Evaluation") : tr("Evaluation (perplexity)"), evalName, eval, evalBad);
    if (!compact && eval.ready && eval.ok && !eval.dataset.isEmpty())
        html += QStringLiteral("<br>") + eval.dataset.toHtmlEscaped();
    if (!compact && !warnings.isEmpty())
        html += QStringLiteral("<br><span style='color:%1'>%2</span>").arg(c.warnText.name(), warnings.join(QLatin1Char(' ')).toHtmlEscaped());
    return html;
}

void TextsLabel::refresh() {
    QStringList warnings;
    setText(textFor(*bench_, compact_, &warnings));
    const JobSettings& s = bench_->settings();
    QString tip = tr("Calibration text: %1\nEvaluation text: %2\nChoose them in File › Calibration Text and File › Evaluation Text.")
                      .arg(QString::fromStdString(s.calib.text), QString::fromStdString(s.pplText));
    if (!warnings.isEmpty()) tip += QLatin1String("\n\n") + warnings.join(QLatin1Char('\n'));
    setToolTip(tip);
    setVisible(bench_->model() != nullptr);
}

} // namespace pb::ui
