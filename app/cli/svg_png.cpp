#include "app/cli/svg_png.h"

#ifdef PRUNEBENCH_CLI_PNG

#include <cstdio>
#include <filesystem>
#include <system_error>

#include <unistd.h>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QString>
#include <QSvgRenderer>

namespace pbcli {

namespace {

constexpr qreal kScale = 2.0; // PNG pixels per SVG unit: crisp when shown at the SVG's size

// Start-up chatter of the offscreen platform ("XDG_RUNTIME_DIR not set") is not the
// CLI's business; critical and fatal messages still get through.
void quietStartup(QtMsgType type, const QMessageLogContext&, const QString& msg) {
    if (type == QtCriticalMsg || type == QtFatalMsg) std::fprintf(stderr, "%s\n", qPrintable(msg));
}

// Text rendering needs a QGuiApplication (fonts). The CLI has none: make one on the
// offscreen platform, unless the caller named a platform, and keep it until exit.
void ensureGuiApplication() {
    if (QCoreApplication::instance()) return;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "prunebench-cli";
    static char* argv[] = {name, nullptr};
    const QtMessageHandler previous = qInstallMessageHandler(quietStartup);
    new QGuiApplication(argc, argv); // intentionally never deleted: lives as long as the process
    qInstallMessageHandler(previous);
}

bool svgToPng(const std::string& svg_path, const std::string& png_path) {
    ensureGuiApplication();
    QSvgRenderer renderer(QString::fromStdString(svg_path));
    if (!renderer.isValid()) return false;
    const QSize size = renderer.defaultSize();
    if (size.isEmpty()) return false;
    QImage image(size * kScale, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        renderer.render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())));
    }
    // Beside the target, then renamed: a reader never sees half a PNG.
    const std::string tmp = png_path + ".tmp-" + std::to_string(::getpid());
    if (!image.convertToFormat(QImage::Format_RGB32).save(QString::fromStdString(tmp), "PNG")) {
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        return false;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, png_path, ec);
    if (!ec) return true;
    std::filesystem::remove(tmp, ec);
    return false;
}

} // namespace

pb::report::Rasteriser svgRasteriser() { return svgToPng; }

std::string noPngNote() { return {}; }

} // namespace pbcli

#else

namespace pbcli {

pb::report::Rasteriser svgRasteriser() { return {}; }

std::string noPngNote() {
    return "Charts are SVG files: this prunebench-cli was built without Qt, which it needs to write PNG.";
}

} // namespace pbcli

#endif
