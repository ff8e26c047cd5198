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
    struct Test
    {
        QString key;
        QList<fhir::Observation> results; // oldest first
        fhir::Interpretation latestInterpretation;
    };
    const fhir::Observation &latest(const Test &test) const { return test.results.constLast(); }
    QString panelFor(const Test &test) const;
    QString rangeTextFor(const Test &test) const;
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
