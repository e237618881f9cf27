#include "ui/export/ReportWriter.h"

#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

#include <cmath>

#include "ui/charts/ChartExport.h"
#include "ui/export/OutputSources.h"
#include "ui/plan/PlanDocument.h"
#include "ui/session/RecoverySession.h"
#include "ui/session/Workbench.h"

namespace pb::ui {

namespace {

QString num(qint64 v) { return QLocale::c().toString(v); }
QString pct(double f) { return QString::number(f * 100.0, 'f', 1) + QLatin1Char('%'); }
QString fixed(double v, int digits = 2) { return std::isfinite(v) ? QString::number(v, 'f', digits) : QStringLiteral("—"); }
QString row(const QStringList& cells) { return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n"); }
QString header(const QStringList& cells) {
    QStringList dashes;
    for (qsizetype i = 0; i < cells.size(); ++i) dashes << QStringLiteral("---");
    return row(cells) + row(dashes);
}

QString modelSection(const Workbench& bench) {
    const auto& m = bench.model();
    const pb::ModelConfig& c = m->config;
    QString s = QStringLiteral("## ") + QCoreApplication::translate("ReportWriter", "Model") + QStringLiteral("\n\n");
    s += header({QCoreApplication::translate("ReportWriter", "source"), QCoreApplication::translate("ReportWriter", "family"), QCoreApplication::translate("ReportWriter", "layers"), QCoreApplication::translate("ReportWriter", "hidden"), QCoreApplication::translate("ReportWriter", "parameters")});
    s += row({QStringLiteral("`%1`").arg(QString::fromStdString(m->source.string())), QString::fromStdString(c.family),
              QString::number(c.numLayers()), QString::number(c.hidden), num(c.totalParams())});
    return s + QLatin1Char('\n');
}

QString planSection(const Workbench& bench) {
    const PlanTotals t = bench.plan()->totals();
    const pb::PruningPlan& p = bench.plan()->plan();
    QString s = QStringLiteral("## ") + QCoreApplication::translate("ReportWriter", "Plan") + QStringLiteral("\n\n");
    if (!t.valid) return s + QCoreApplication::translate("ReportWriter", "The plan does not fit the model: %1").arg(t.error) + QStringLiteral("\n\n");
    s += header({QCoreApplication::translate("ReportWriter", "quantity"), QCoreApplication::translate("ReportWriter", "before"), QCoreApplication::translate("ReportWriter", "after")});
    s += row({QCoreApplication::translate("ReportWriter", "parameters"), num(t.paramsBefore), num(t.paramsAfter)});
    s += row({QCoreApplication::translate("ReportWriter", "MACs per 128 tokens"), num(t.macsBefore), num(t.macsAfter)});
    s += row({QCoreApplication::translate("ReportWriter", "blocks"), QString::number(t.blocksBefore), QString::number(t.blocksAfter)});
    s += row({QCoreApplication::translate("ReportWriter", "estimated latency"), QStringLiteral("1.00"), fixed(t.latencyRatio)});
    s += QLatin1Char('\n') + QCoreApplication::translate("ReportWriter", "Removes %1 of the parameters (criterion %2, aggregation %3). Dropped blocks: %4. "
                                "A depth plan removing about the same parameters drops %5 blocks (%6).")
                                 .arg(pct(t.removedFraction), bench.widthCriterion(), bench.aggregation())
                                 .arg(p.dropped_blocks.empty() ? QCoreApplication::translate("ReportWriter", "none") : [&]() {
                                     QStringList b;
                                     for (auto i : p.dropped_blocks) b << QString::number(i);
                                     return b.join(QStringLiteral(", "));
                                 }())
                                 .arg(t.equalDepthBlocks)
                                 .arg(pct(t.equalDepthFraction));
    return s + QStringLiteral("\n\n");
}

QString compareSection(const Workbench& bench) {
    const auto& c = bench.comparison();
    if (!c) return {};
    QString s = QStringLiteral("## ") + QCoreApplication::translate("ReportWriter", "Comparison") + QStringLiteral("\n\n");
    s += header({QCoreApplication::translate("ReportWriter", "model"), QCoreApplication::translate("ReportWriter", "parameters"), QCoreApplication::translate("ReportWriter", "removed"), QCoreApplication::translate("ReportWriter", "blocks"), QCoreApplication::translate("ReportWriter", "perplexity"), QCoreApplication::translate("ReportWriter", "tokens/s")});
    for (const auto& [name, v] : {std::pair{QCoreApplication::translate("ReportWriter", "original"), &c->original}, std::pair{QCoreApplication::translate("ReportWriter", "width-pruned"), &c->width},
                                  std::pair{QCoreApplication::translate("ReportWriter", "depth-pruned"), &c->depth}}) {
        if (!v->ok) {
            s += row({name, QCoreApplication::translate("ReportWriter", "failed: %1").arg(QString::fromStdString(v->error)), QString(), QString(), QString(), QString()});
            continue;
        }
        s += row({name, num(v->params), pct(v->removed_fraction), QString::number(v->blocks), fixed(v->ppl),
                  fixed(v->tokens_per_s, 1)});
    }
    return s + QLatin1Char('\n');
}

QString sweepSection(const Workbench& bench) {
    const auto& points = bench.sweepPoints();
    if (points.empty()) return {};
    QString s = QStringLiteral("## ") + QCoreApplication::translate("ReportWriter", "Width vs depth sweep") + QStringLiteral("\n\n");
    s += header({QCoreApplication::translate("ReportWriter", "criterion"), QCoreApplication::translate("ReportWriter", "kind"), QCoreApplication::translate("ReportWriter", "target"), QCoreApplication::translate("ReportWriter", "removed"), QCoreApplication::translate("ReportWriter", "parameters"), QCoreApplication::translate("ReportWriter", "perplexity")});
    for (const auto& p : points)
        s += row({QString::fromStdString(p.criterion),
                  p.criterion == "dense" ? QCoreApplication::translate("ReportWriter", "dense") : p.depth ? QCoreApplication::translate("ReportWriter", "depth") : QCoreApplication::translate("ReportWriter", "width"), pct(p.target),
                  pct(p.removed_fraction), num(p.params),
                  p.error.empty() ? fixed(p.ppl) : QCoreApplication::translate("ReportWriter", "failed: %1").arg(QString::fromStdString(p.error))});
    return s + QLatin1Char('\n');
}

QString recoverySection(const RecoverySession* recovery) {
    if (!recovery || !recovery->result()) return {};
    const auto& r = *recovery->result();
    QString s = QStringLiteral("## ") + QCoreApplication::translate("ReportWriter", "LoRA recovery") + QStringLiteral("\n\n");
    s += QCoreApplication::translate("ReportWriter", "%1 steps, rank %2, alpha %3, learning rate %4: validation loss %5 → %6, final training loss %7 (%8 s).")
             .arg(r.steps_done)
             .arg(recovery->request().rank)
             .arg(recovery->request().alpha)
             .arg(recovery->request().lr)
             .arg(fixed(r.val_before, 3), fixed(r.val_after, 3), fixed(r.train_final, 3), fixed(r.seconds, 1));
    s += QStringLiteral("\n\n");
    if (!r.before.empty()) {
        s += header({QCoreApplication::translate("ReportWriter", "task"), QCoreApplication::translate("ReportWriter", "items"), QCoreApplication::translate("ReportWriter", "accuracy before"), QCoreApplication::translate("ReportWriter", "accuracy after")});
        for (size_t i = 0; i < r.before.size(); ++i)
            s += row({QString::fromStdString(r.before[i].task), QString::number(r.before[i].n), pct(r.before[i].acc),
                      i < r.after.size() ? pct(r.after[i].acc) : QStringLiteral("—")});
        s += QLatin1Char('\n');
    }
    return s;
}

} // namespace

QString reportMarkdown(const Workbench& bench, const RecoverySession* recovery, const QList<ReportChart>& charts,
                       const QString& baseName) {
    QString s = QStringLiteral("# ") + QCoreApplication::translate("ReportWriter", "PruneBench report") + QStringLiteral("\n\n");
    s += QCoreApplication::translate("ReportWriter", "Written %1.").arg(QDateTime::currentDateTime().toString(Qt::ISODate)) + QStringLiteral("\n\n");
    if (!bench.model()) return s + QCoreApplication::translate("ReportWriter", "No model is open.") + QLatin1Char('\n');
    s += modelSection(bench) + planSection(bench) + compareSection(bench) + sweepSection(bench) + recoverySection(recovery);
    if (!charts.isEmpty()) {
        s += QStringLiteral("## ") + QCoreApplication::translate("ReportWriter", "Charts") + QStringLiteral("\n\n");
        for (const ReportChart& c : charts)
            s += QStringLiteral("### %1\n\n![%1](%2-%3.png)\n\n").arg(c.title, baseName, c.id);
    }
    return s;
}

QStringList writeReport(const QString& path, const Workbench& bench, const RecoverySession* recovery,
                        const QList<ReportChart>& charts, QString* error, const std::vector<pb::SourcePath>& sources) {
    const QFileInfo info(path);
    const QString base = info.completeBaseName();
    QStringList written;
    QString refusal = outputRefusal(path, "report", sources);
    for (const ReportChart& c : charts)
        if (refusal.isEmpty())
            refusal = outputRefusal(info.dir().filePath(QStringLiteral("%1-%2.png").arg(base, c.id)), "report chart", sources);
    if (!refusal.isEmpty()) {
        if (error) *error = refusal;
        return {};
    }
    for (const ReportChart& c : charts) {
        const QString png = info.dir().filePath(QStringLiteral("%1-%2.png").arg(base, c.id));
        if (!c.view || !exportChartPng(c.view, png)) {
            if (error) *error = QCoreApplication::translate("ReportWriter", "Could not write %1.").arg(QDir::toNativeSeparators(png));
            return {};
        }
        written << png;
    }
    if (!writeTextFile(path, reportMarkdown(bench, recovery, charts, base))) {
        if (error) *error = QCoreApplication::translate("ReportWriter", "Could not write %1.").arg(QDir::toNativeSeparators(path));
        return {};
    }
    written.prepend(path);
    return written;
}

} // namespace pb::ui
