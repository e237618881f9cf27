#pragma once
// Compute menu: where jobs run (the CPU, each CUDA device by index with its name and memory)
// and in which dtype. Choosing one asks the window to reload the model there (chosen); the
// checks follow the session's load options each time the menu opens (--device sets them too).
#include <QMenu>

namespace pb::ui {

class ModelSession;

class ComputeMenu : public QMenu {
    Q_OBJECT
public:
    ComputeMenu(ModelSession* session, QWidget* parent = nullptr);

    // The device entries' ids in menu order ("cpu", "cuda:0", ...).
    QStringList deviceIds() const;
    // Re-reads free memory and the session's device and dtype.
    void refresh();

Q_SIGNALS:
    // device or dtype is empty when unchanged.
    void chosen(const QString& device, const QString& dtype);

private:
    ModelSession* session_;
    QList<QAction*> devices_;
    QList<QAction*> dtypes_;
};

// "GPU 0: NVIDIA H200, 139.8 GiB" (name and memory when known).
QString computeDeviceText(const QString& id, const QString& name, qint64 totalBytes);

} // namespace pb::ui
