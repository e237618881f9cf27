#include "ui/charts/ChartExport.h"

#include <QChartView>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QPainter>
#include <QSaveFile>
#include <QStringList>
#include <QSvgGenerator>

namespace pb::ui {

// Every file is written atomically (QSaveFile: a temporary beside the target, renamed on commit),
// so a failed or interrupted export never leaves a half file under the name the user chose.
bool exportChartPng(QChartView* view, const QString& path) {
    const QPixmap pixmap = view->grab();
    QSaveFile f(path);
    return !pixmap.isNull() && f.open(QIODevice::WriteOnly) && pixmap.save(&f, "PNG") && f.commit();
}

bool exportChartSvg(QChartView* view, const QString& path) {
    const QSize size = view->size().isEmpty() ? QSize(640, 400) : view->size();
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    QSvgGenerator svg;
    svg.setOutputDevice(&f);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(view->chart() ? view->chart()->title() : QString());
    svg.setDescription(QStringLiteral("PruneBench chart"));
    QPainter painter;
    if (!painter.begin(&svg)) return false;
    painter.setRenderHint(QPainter::Antialiasing);
    view->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), QRect(QPoint(0, 0), size));
    painter.end();
    return f.size() > 0 && f.commit();
}

bool writeTextFile(const QString& path, const QString& text) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
    return f.write(text.toUtf8()) >= 0 && f.commit();
}

QStringList exportChartFiles(QChartView* view, const QString& csv, const QString& base) {
    const QString png = base + QStringLiteral(".png");
    const QString svg = base + QStringLiteral(".svg");
    const QString data = base + QStringLiteral(".csv");
    if (!exportChartPng(view, png) || !exportChartSvg(view, svg) || !writeTextFile(data, csv)) return {};
    return {png, svg, data};
}

QString exportChartInteractive(QWidget* parent, QChartView* view, const QString& csv, const QString& suggestedName) {
    const QString png = QFileDialog::getSaveFileName(parent, QCoreApplication::translate("ChartExport", "Export Chart"), suggestedName + QStringLiteral(".png"),
                                                     QCoreApplication::translate("ChartExport", "PNG image, plus SVG and CSV beside it (*.png)"));
    if (png.isEmpty()) return {};
    const QFileInfo info(png);
    const QString base = info.dir().filePath(info.completeBaseName());
    const QStringList written = exportChartFiles(view, csv, base);
    if (written.isEmpty()) return QCoreApplication::translate("ChartExport", "Could not write %1.").arg(QDir::toNativeSeparators(png));
    return QCoreApplication::translate("ChartExport", "Saved %1 (.png, .svg, .csv).").arg(QDir::toNativeSeparators(base));
}

} // namespace pb::ui
