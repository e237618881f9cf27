#include "ui/ChartExport.h"

#include <QChartView>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QPainter>
#include <QStringList>
#include <QSvgGenerator>

namespace pb::ui {

bool exportChartPng(QChartView* view, const QString& path) {
    const QPixmap pixmap = view->grab();
    return !pixmap.isNull() && pixmap.save(path, "PNG");
}

bool exportChartSvg(QChartView* view, const QString& path) {
    const QSize size = view->size().isEmpty() ? QSize(640, 400) : view->size();
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(view->chart() ? view->chart()->title() : QString());
    svg.setDescription(QStringLiteral("PruneBench chart"));
    QPainter painter;
    if (!painter.begin(&svg)) return false;
    painter.setRenderHint(QPainter::Antialiasing);
    view->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), QRect(QPoint(0, 0), size));
    painter.end();
    return QFileInfo(path).size() > 0;
}

bool writeTextFile(const QString& path, const QString& text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text | QIODevice::Truncate)) return false;
    return f.write(text.toUtf8()) >= 0;
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
