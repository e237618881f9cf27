#pragma once
// Permanent status-bar fields for the open model: name, parameters, device, load time.
#include <QWidget>

class QLabel;

namespace pb {
struct LoadedModel;
}

namespace pb::ui {

class ModelStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit ModelStatusWidget(QWidget* parent = nullptr);

    // device: what the model runs on ("cpu", "cuda").
    void setModel(const pb::LoadedModel& model, const QString& device);
    void clear();

    QString text() const;  // all fields, for tests

private:
    QLabel* name_;
    QLabel* params_;
    QLabel* device_;
    QLabel* loadTime_;
};

} // namespace pb::ui
