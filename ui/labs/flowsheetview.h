#pragma once

#include "common/result.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTableView;

namespace kete::models {
class FlowsheetModel;
class LabTestsModel;
} // namespace kete::models

namespace kete::ui {

// A flowsheet of the record's lab results: tests down, draws across (the newest on the left),
// for one panel the record's reports name (a BMP, a CBC, a lipid panel), or for the tests the
// clinician ticks in a list. "Show earlier" goes further back in time; the grid exports as CSV.
// Flags are letters (H, L, HH ‼ for critical, bold) as well as colours.
class FlowsheetView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowsheetView)

public:
    explicit FlowsheetView(models::LabTestsModel *tests, QWidget *parent = nullptr);

    models::FlowsheetModel *model() const { return m_model; }
    QTableView *grid() const { return m_grid; }
    QComboBox *chooser() const { return m_chooser; }
    QListWidget *testPicker() const { return m_picker; }

    // The panel's draws; an unknown panel shows nothing.
    void showPanel(const QString &panel);
    // The tests' draws, as if ticked in the list.
    void showTests(const QStringList &testKeys);
    void setCompact(bool compact);

    Result<void> exportCsv(const QString &path) const;
    void exportInteractively();

private:
    void refreshChoices();
    void refreshPicker();
    void onChoice(int index);
    void updateButtons();
    void applyDensity();

    models::LabTestsModel *m_tests;
    models::FlowsheetModel *m_model;
    QComboBox *m_chooser;
    QListWidget *m_picker;
    QTableView *m_grid;
    QPushButton *m_earlier;
    QPushButton *m_export;
    QLabel *m_summary;
    bool m_compact = false;
    bool m_refreshPending = false;
};

} // namespace kete::ui
