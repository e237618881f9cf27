#pragma once
// File > Open Sample Model: the demo and the sample models of core/data/sample_models.h. One that
// is not in the cache is greyed; its tooltip and status tip name the command that fetches it. The
// entries are rebuilt each time the menu opens, so a model fetched while the app runs appears.
#include <QMenu>

namespace pb::ui {

class SampleModelMenu : public QMenu {
    Q_OBJECT
public:
    explicit SampleModelMenu(QWidget* parent = nullptr);
    // Re-reads the cache (done on aboutToShow).
    void rebuild();

Q_SIGNALS:
    // The chosen model's file, to open as File > Open does.
    void openRequested(const QString& path);
};

} // namespace pb::ui
