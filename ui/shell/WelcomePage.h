#pragma once
// Shown while no model is open: what PruneBench does and how to open a model.
// Emits intents; the window decides what they do.
#include <QWidget>

class QPushButton;

namespace pb::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    void setDemoAvailable(bool available);

Q_SIGNALS:
    void openFolderRequested();
    void openGgufRequested();
    void openDemoRequested();

private:
    QPushButton* demo_;
};

} // namespace pb::ui
