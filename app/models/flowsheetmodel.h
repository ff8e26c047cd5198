#pragma once

#include "fhir/interpretation.h"
#include "fhir/observation.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <optional>

namespace kete::models {

class LabTestsModel;

// Lab results as a flowsheet: one row per test, one column per draw (the results taken at one
// moment), the newest draw first; the last drawLimit() draws are shown, and
// showEarlierDraws() reaches further back in time. Shows either one panel (the results its
// DiagnosticReports, or panel Observations, list: a CBC's draws, not every glucose ever) or any
// tests the clinician picks (all their results).
// Follows the LabTestsModel: pages that arrive later are taken in with a reset, once per turn
// of the event loop.
//
// Roles:
//   Qt::DisplayRole         cells: the value without its unit, then the flag code ("6.8 HH ‼",
//                           "162 H"; critical results carry "‼" besides the bold font);
//                           vertical header: "Sodium · 135–145 mmol/L" (the test and its range,
//                           or its unit and why there is no range); horizontal header: the date
//                           and time of the draw
//   Qt::ToolTipRole, Qt::AccessibleTextRole   cells: the whole sentence ("Potassium, 6.8
//                           mmol/L, Critical high, normal range 3.5–5.1 mmol/L, 12/04/25 08:15")
//   Qt::DecorationRole      cells: a QColor for an out-of-range result (red high, blue low)
//   Qt::FontRole            cells: bold for a critical result
//   Qt::TextAlignmentRole   cells: right, numbers under numbers
//   FlagRole                int(fhir::Flag); OutOfRangeRole, CriticalRole bool
//   ObservationIdRole       the result's id; empty where the test has no result in that draw
//   TestKeyRole             on every cell and the vertical header
//   DrawTimeRole            horizontal header and cells: the draw's QDateTime
class FlowsheetModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowsheetModel)

public:
    static constexpr int kDrawStep = 10;
    enum Role
    {
        TestKeyRole = Qt::UserRole + 1,
        FlagRole,
        OutOfRangeRole,
        CriticalRole,
        ObservationIdRole,
        DrawTimeRole,
    };

    // `tests` must outlive the model.
    explicit FlowsheetModel(LabTestsModel *tests, QObject *parent = nullptr);
    ~FlowsheetModel() override;

    void showPanel(const QString &panel);
    void showTests(const QStringList &testKeys);
    QString panel() const { return m_panel; }
    QStringList testKeys() const;

    int drawLimit() const { return m_drawLimit; }
    void setDrawLimit(int limit);
    // Every draw of the rows shown, also those beyond the limit.
    int allDrawCount() const { return int(m_draws.size()); }
    bool hasEarlierDraws() const { return m_drawLimit < allDrawCount(); }
    void showEarlierDraws() { setDrawLimit(m_drawLimit + kDrawStep); }

    // The result in a cell; nullptr where the test has none in that draw.
    const fhir::Observation *result(int row, int column) const;
    fhir::Interpretation interpretation(int row, int column) const;
    QString testName(int row) const;
    // "135–145 mmol/L", or why there is no range, for the test's latest result.
    QString rangeText(int row) const;
    QString unitText(int row, fhir::UnitStyle style = fhir::UnitStyle::Readable) const;
    QString loincCode(int row) const;
    fhir::FhirDateTime drawTime(int column) const;
    // The value as the cell shows it, without unit or flag ("< 0.01", "120/80").
    static QString valueText(const fhir::Observation &observation, const QLocale &locale);
    // The flag as a cell shows it: "H", "LL ‼"; empty when nothing is flagged.
    static QString flagText(const fhir::Interpretation &interpretation);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // A test's results as store positions, oldest first: no copies of the values, so that a
    // test with thousands of results opens at once.
    struct Row
    {
        QString key;
        QString name;
        QString range;
        QString unit;
        QString unitAsSent;
        QString loinc;
        QList<int> positions;
        QList<qint64> times;
        mutable QHash<int, fhir::Interpretation> interpretations; // by position, when shown
    };
    void scheduleRebuild();
    void rebuild();
    void empty();
    // The store position of the result in a cell; -1 where there is none.
    int positionAt(int row, int column) const;
    QPointer<LabTestsModel> m_tests;
    QString m_panel;
    QStringList m_chosenKeys;
    QList<Row> m_rows;
    QList<qint64> m_draws;      // newest first
    QList<int> m_drawPositions; // a result of each draw, for its time as sent
    int m_drawLimit = kDrawStep;
    bool m_rebuildPending = false;
};

} // namespace kete::models
