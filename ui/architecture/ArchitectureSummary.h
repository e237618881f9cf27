#pragma once
// The card above the layer table: model name, source path and the headline facts.
#include <QFrame>
#include <QList>

class QGridLayout;
class QLabel;

namespace pb {
struct LoadedModel;
}

namespace pb::ui {

class CompositionBar;
class ElidedLabel;

class ArchitectureSummary : public QFrame {
    Q_OBJECT
public:
    explicit ArchitectureSummary(QWidget* parent = nullptr);

    void setModel(const pb::LoadedModel& model);
    void clear();

    // The value shown for a caption ("Layers" -> "30"); empty when absent. For tests.
    QString valueOf(const QString& caption) const;
    CompositionBar* splitBar() const { return split_; }

private:
    QLabel* title_;
    QLabel* badge_;
    QLabel* familyBadge_;
    ElidedLabel* path_;
    QGridLayout* grid_;
    QLabel* splitCaption_;
    CompositionBar* split_;
    QList<QWidget*> tiles_;
};

} // namespace pb::ui
