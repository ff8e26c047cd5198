#pragma once

#include "fhir/diagnosticreport.h"
#include "fhir/interpretation.h"
#include "fhir/observation.h"
#include "fhir/patient.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QSortFilterProxyModel>

namespace kete::models {

// One row per lab test (same code and same unit), showing its latest result. Grows while pages
// arrive: new tests are appended with beginInsertRows, known tests change with dataChanged.
// A page costs what it brings: results are appended, and sorted only when asked for, so that a
// long history in random order never stalls the GUI thread.
// Entered-in-error and cancelled results are never shown; panel Observations (hasMember, no
// value) are not rows but name their members' panel.
//
// Roles, on every column unless said otherwise:
//   Qt::DisplayRole         the column's text (flag as words: "High", "Critical low")
//   Qt::DecorationRole      FlagColumn: a QColor for out-of-range (red high, blue low)
//   Qt::ToolTipRole         FlagColumn: "computed from the reference range" when Kete computed it
//   Qt::AccessibleTextRole  a whole sentence: "Glucose 7.2 mmol/L, High, 3/5/21"
//   TestKeyRole             QString identifying the test (for LabHistoryModel / observations())
//   SortRole                a sortable value for the column (QDateTime for dates, double for
//   counts) FlagRole                int(fhir::Flag) of the latest result OutOfRangeRole bool
//   ComputedFlagRole        bool: flag computed by Kete, not sent by the lab
//   LatestDateRole          QDateTime of the latest result
//   PanelRole               QString panel name ("Basic Metabolic Panel"), may be empty
//   HasRangeRole            bool: a normal range applies to the latest result (RangeColumn
//                           says "no range from the lab" otherwise)
//   StatusBadgeRole         "Preliminary" / "Amended" / "Corrected" of the latest result, or empty
//   SearchTextRole          name, panel and codes, for filtering
class LabTestsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LabTestsModel)

public:
    enum Column
    {
        NameColumn,
        ValueColumn,
        RangeColumn,
        FlagColumn,
        DateColumn,
        CountColumn,
        PanelColumn,
        ColumnCount
    };
    enum Role
    {
        TestKeyRole = Qt::UserRole + 1,
        SortRole,
        FlagRole,
        OutOfRangeRole,
        ComputedFlagRole,
        LatestDateRole,
        PanelRole,
        StatusBadgeRole,
        SearchTextRole,
        HasRangeRole,
    };

    explicit LabTestsModel(QObject *parent = nullptr);

    // The patient's sex and age pick the reference ranges; flags are recomputed.
    void setPatient(const fhir::Patient &patient);
    void addObservations(const QList<fhir::Observation> &observations);
    // Panel names come from DiagnosticReport.result; may arrive before or after the results.
    void addReports(const QList<fhir::DiagnosticReport> &reports);
    void clear();

    const fhir::Patient &patient() const { return m_patient; }
    QString testKey(int row) const;
    int rowForTestKey(const QString &key) const;
    // The test's results, oldest first.
    QList<fhir::Observation> observations(const QString &testKey) const;
    int observationCount() const { return int(m_seenIds.size()); }

    static QString testKeyFor(const fhir::Observation &observation);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // A test's results are kept in arrival order while pages come (appending is all a page
    // costs) and sorted by time only when someone asks for them.
    // A test's results: pages are kept as they came (appending a page is all it costs; no
    // large list grows or moves) and merged, sorted by time, only when someone asks for them.
    struct Test
    {
        QString key;
        mutable QList<fhir::Observation> results; // sorted, oldest first (equal: arrival order)
        mutable QList<qint64> times;              // results' times (ms since epoch)
        mutable QList<QList<fhir::Observation>> pendingPages; // arrived, not merged yet
        mutable QList<QList<qint64>> pendingTimes;
        qsizetype count = 0;
        fhir::Observation latestResult; // the newest (ties: the last to arrive)
        qint64 latestTime = 0;
        QString panel; // the panel of the newest result that has one
        fhir::Interpretation latestInterpretation;
    };
    static void appendResults(Test &test, const QList<fhir::Observation> &page);
    // Merges what is pending: oldest first, equal times in arrival order.
    static void sortResults(const Test &test);
    void updatePanel(Test &test) const;
    const fhir::Observation &latest(const Test &test) const { return test.latestResult; }
    QString panelFor(const Test &test) const;
    // The normal range that applies to the latest result, as text; empty when there is none.
    QString rangeTextFor(const Test &test) const;
    // What the range column shows: the range, or why there is none.
    QString rangeCellFor(const Test &test) const;
    void emitRowChanged(int row);

    fhir::Patient m_patient;
    QList<Test> m_tests;
    QHash<QString, int> m_rowByKey;
    QSet<QString> m_seenIds;
    QHash<QString, QString> m_panelByObservationId;
};

// Search text, "out of range only", and grouping by panel for a LabTestsModel. Sorts by
// LabTestsModel::SortRole; with grouping on, by panel first (tests without a panel last).
class LabTestsProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LabTestsProxyModel)

public:
    explicit LabTestsProxyModel(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }
    void setOutOfRangeOnly(bool only);
    bool outOfRangeOnly() const { return m_outOfRangeOnly; }
    void setGroupByPanel(bool group);
    bool groupByPanel() const { return m_groupByPanel; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_searchText;
    bool m_outOfRangeOnly = false;
    bool m_groupByPanel = false;
};

} // namespace kete::models
