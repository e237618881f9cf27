#pragma once
// A slim stacked bar with a legend underneath: how a whole splits into parts
// (e.g. where a model's parameters are: embeddings, attention, MLP).
#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>

namespace pb::ui {

class CompositionBar : public QWidget {
    Q_OBJECT
public:
    struct Part {
        QString label;
        double fraction = 0.0;  // of the whole; parts should add up to 1
        QColor color;
    };

    explicit CompositionBar(QWidget* parent = nullptr);

    void setParts(const QList<Part>& parts);
    const QList<Part>& parts() const { return parts_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString legendText(const Part& part) const;

    QList<Part> parts_;
};

} // namespace pb::ui
