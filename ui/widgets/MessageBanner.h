#pragma once
// An inline, non-blocking message strip above the tabs (errors, notices) with a
// dismiss button. Used instead of modal boxes so that failures never stall the window.
#include <QFrame>

class QLabel;
class QToolButton;

namespace pb::ui {

class MessageBanner : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Info, Error };

    explicit MessageBanner(QWidget* parent = nullptr);

    // `technical`: an optional last line for the exact message (file, field, offsets), shown
    // smaller and greyed below the plain `details` a user reads first.
    void showMessage(Kind kind, const QString& title, const QString& details = {}, const QString& technical = {});
    Kind kind() const { return kind_; }
    QString title() const;
    QString details() const;
    QString technical() const;

private:
    QLabel* icon_;
    QLabel* title_;
    QLabel* details_;
    QLabel* technical_;
    QToolButton* close_;
    Kind kind_ = Kind::Info;
};

} // namespace pb::ui
