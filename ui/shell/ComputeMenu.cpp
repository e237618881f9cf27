#include "ui/shell/ComputeMenu.h"

#include <QActionGroup>

#include "ui/jobs/LoadJob.h"
#include "ui/session/ModelSession.h"

namespace pb::ui {

namespace {
QString gib(qint64 bytes) { return QString::number(double(bytes) / double(1LL << 30), 'f', 1); }
// "cuda" is the first CUDA device.
QString canonical(const QString& device) { return device == QLatin1String("cuda") ? QStringLiteral("cuda:0") : device; }
} // namespace

QString computeDeviceText(const QString& id, const QString& name, qint64 totalBytes) {
    if (id == QLatin1String("cpu")) return ComputeMenu::tr("CPU");
    const QString index = id.startsWith(QLatin1String("cuda:")) ? id.mid(5) : QStringLiteral("0");
    QString text = ComputeMenu::tr("GPU %1").arg(index);
    if (!name.isEmpty()) text += QStringLiteral(": ") + name;
    if (totalBytes > 0) text += (name.isEmpty() ? QStringLiteral(": ") : QStringLiteral(", ")) + ComputeMenu::tr("%1 GiB").arg(gib(totalBytes));
    return text;
}

ComputeMenu::ComputeMenu(ModelSession* session, QWidget* parent) : QMenu(tr("C&ompute"), parent), session_(session) {
    setObjectName(QStringLiteral("computeMenu"));
    setToolTipsVisible(true);
    auto* deviceGroup = new QActionGroup(this);
    const auto devices = jobs::computeDevices();
    for (const auto& d : devices) {
        const QString id = QString::fromStdString(d.id);
        QAction* a = addAction(computeDeviceText(id, QString::fromStdString(d.name), d.total_bytes), this,
                               [this, id]() { Q_EMIT chosen(id, QString()); });
        a->setData(id);
        a->setCheckable(true);
        deviceGroup->addAction(a);
        devices_ << a;
    }
    if (devices.size() == 1) {  // no CUDA device: say so where it would be
        QAction* a = addAction(tr("CUDA GPU"));
        a->setEnabled(false);
        a->setToolTip(tr("No CUDA device is available in this build or machine"));
    }
    addSeparator();
    auto* dtypeGroup = new QActionGroup(this);
    for (const auto& [id, text] : {std::pair{QStringLiteral("f32"), tr("float32 (exact)")},
                                   std::pair{QStringLiteral("bf16"), tr("bfloat16 (half the memory; f16 on CUDA)")}}) {
        QAction* a = addAction(text, this, [this, id = id]() { Q_EMIT chosen(QString(), id); });
        a->setData(id);
        a->setCheckable(true);
        dtypeGroup->addAction(a);
        dtypes_ << a;
    }
    connect(this, &QMenu::aboutToShow, this, &ComputeMenu::refresh);
    refresh();
}

QStringList ComputeMenu::deviceIds() const {
    QStringList ids;
    for (const QAction* a : devices_) ids << a->data().toString();
    return ids;
}

void ComputeMenu::refresh() {
    const QString device = canonical(QString::fromStdString(session_->loadOptions().device));
    const QString dtype = QString::fromStdString(session_->loadOptions().dtype);
    const auto devices = jobs::computeDevices();
    for (QAction* a : devices_) {
        const QString id = a->data().toString();
        a->setChecked(id == device);
        QString tip = tr("Run scoring, pruning and evaluation on this device (reloads the model)");
        for (const auto& d : devices)
            if (QString::fromStdString(d.id) == id && d.free_bytes >= 0 && d.total_bytes > 0)
                tip += QStringLiteral("\n") + tr("%1 GiB free of %2 GiB now").arg(gib(d.free_bytes), gib(d.total_bytes));
        a->setToolTip(tip);
    }
    for (QAction* a : dtypes_) a->setChecked(a->data().toString() == dtype);
}

} // namespace pb::ui
