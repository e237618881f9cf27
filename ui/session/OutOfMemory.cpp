#include "ui/session/OutOfMemory.h"

#include <QCoreApplication>

#include "ui/jobs/LoadJob.h"

namespace pb::ui {

namespace {
QString tr(const char* text) { return QCoreApplication::translate("pb::ui::JobRunner", text); }
QString gib(int64_t bytes) { return QString::number(double(bytes) / double(1LL << 30), 'f', 1); }
} // namespace

bool isOutOfMemory(const QString& message) { return message.contains(QLatin1String("out of memory"), Qt::CaseInsensitive); }

QString outOfMemoryText(const QString& device, const QString& detail) {
    QString where = tr("the CPU");
    QString memory;
    if (device.startsWith(QLatin1String("cuda"))) {
        bool ok = false;
        const int index = device.startsWith(QLatin1String("cuda:")) ? device.mid(5).toInt(&ok) : 0;
        const int i = ok || device == QLatin1String("cuda") ? index : 0;
        QString name;
        for (const auto& d : jobs::computeDevices())
            if (d.id == "cuda:" + std::to_string(i)) name = QString::fromStdString(d.name);
        where = name.isEmpty() ? QStringLiteral("cuda:%1").arg(i) : QStringLiteral("cuda:%1 (%2)").arg(i).arg(name);
        if (const auto [free, total] = jobs::cudaMemory(i); total > 0)
            memory = tr(" It has %1 GiB of memory, %2 GiB free now.").arg(gib(total), gib(free));
    }
    QString text = tr("The job does not fit in the memory of %1.").arg(where) + memory;
    text += device.startsWith(QLatin1String("cuda"))
                ? tr(" Try bfloat16 (Compute \u203a bfloat16), a smaller calibration batch (fewer windows or tokens), "
                     "or the CPU (Compute \u203a CPU).")
                : tr(" Try bfloat16 (Compute \u203a bfloat16), a smaller calibration batch (fewer windows or tokens), "
                     "or close other programs.");
    if (!detail.isEmpty()) text += QStringLiteral("\n\n") + detail;
    return text;
}

} // namespace pb::ui
