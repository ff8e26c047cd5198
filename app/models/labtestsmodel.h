#pragma once

#include "fhir/diagnosticreport.h"
#include "fhir/interpretation.h"
#include "fhir/observation.h"
#include "fhir/patient.h"
#include "models/displayunit.h"
#include "models/labglance.h"
#include "models/performernames.h"
#include "recordstore/recordstore.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <functional>

namespace kete::models {

// How a LabTestsModel puts results into rows, when the default (one row per code and unit) is
// not what is wanted: a merged record's rows across providers (merge::MergedRecord sets one).
struct TestGrouping
{
    // The row a result belongs to; empty: LabTestsModel::testKeyFor.
    std::function<QString(const fhir::Observation &)> keyFor;
    // Converts a result's value into a row's unit; empty: values are never converted.
    ValueInUnit valueIn;
    // The names of every source that sent the result at `key`; empty: no sources shown.
    std::function<QStringList(const record::RecordKey &key)> sourcesOf;
};

// The latest result of one lab test, as values: what its row, the detail line, the summary and
// the printout say about it.
struct LatestLabResult
{
    QString testKey;
    fhir::Observation observation; // the newest result (ties: the last to arrive)
    fhir::Interpretation interpretation;
    QString panel;         // of the newest result that has one; may be empty
    QString range;         // the normal range that applies, as text; empty when none does
    QString noRangeReason; // when `range` is empty: "no range from the lab" (or for this patient)
    qsizetype count = 0;
    QString name;          // what the test is called (labnames::testName: plain or the server's)
    QString technicalName; // "Glucose [Mass/volume] in Blood (LOINC 2339-0)"; may be empty
    QString spokenRange;   // `range` as said aloud ("up to 129 mg/dL"); empty when no range

    bool hasRange() const { return !range.isEmpty(); }
    // What the range column shows: the range, or why there is none.
    QString rangeCell() const { return hasRange() ? range : noRangeReason; }
};

// A view over a RecordStore's Observations and DiagnosticReports: one row per lab test (same
// code and same unit), showing its latest result. Grows while pages arrive: new tests are
// appended with beginInsertRows, known tests change with dataChanged; a result the store
// replaces moves to its (new) test, and a test left without results is removed.
// A page costs what it brings: results are appended, and sorted only when asked for, so that a
// long history in random order never stalls the GUI thread. The model keeps store positions
// only; the values are the store's.
// Entered-in-error and cancelled results are never shown; panel Observations (hasMember, no
// value) are not rows but name their members' panel.
//
// The test's name is labnames::testName(): the server's own friendly code.text, else Kete's
// plain name ("Blood sugar (glucose)"); values and ranges show readable units ("×10³/µL").
//
// Roles, on every column unless said otherwise:
//   Qt::DisplayRole         the column's text (flag as words: "High", "Critical low")
//   ExportTextRole          ValueColumn, RangeColumn: the text with units as sent ("10*3/uL"),
//                           for CSV (csvexport.h)
//   Qt::DecorationRole      FlagColumn: a QColor for out-of-range (red high, blue low)
//   Qt::FontRole            FlagColumn: bold for a critical result; RangeColumn: italic when
//                           there is no range
//   Qt::ToolTipRole         FlagColumn: "computed from the reference range" when Kete computed it;
//                           NameColumn: the LOINC long name and code ("Glucose [Mass/volume] in
//                           Blood (LOINC 2339-0)"); PanelColumn: the whole panel name;
//                           RangeColumn: the whole range (the column cuts long ones);
//                           CountColumn: the recent values in words
//   Qt::AccessibleTextRole  a whole sentence: "LDL cholesterol, 162 mg/dL, High, normal range
//                           up to 129 mg/dL, 3/5/21"
//   Qt::AccessibleDescriptionRole  RangeColumn: where the value falls ("162 mg/dL, above the
//                           normal range (up to 129 mg/dL)"); FlagColumn: how the flag was
//                           reached; CountColumn: the recent values; other columns: as the
//                           RangeColumn
//   TestKeyRole             QString identifying the test (for LabHistoryModel / observations())
//   SortRole                a sortable value for the column (QDateTime for dates, double for
//                           counts)
//   FlagRole                int(fhir::Flag) of the latest result
//   OutOfRangeRole          bool
//   ComputedFlagRole        bool: flag computed by Kete, not sent by the lab
//   LatestDateRole          QDateTime of the latest result
//   PanelRole               QString panel name ("Basic Metabolic Panel"), may be empty
//   HasRangeRole            bool: a normal range applies to the latest result (RangeColumn
//                           says "no range from the lab" otherwise)
//   StatusBadgeRole         "Preliminary" / "Amended" / "Corrected" of the latest result, or empty
//   SearchTextRole          name, search words ("sugar", "kidney", "bp"), LOINC long name,
//                           panel and codes, for filtering
//   RangeRole               models::RangePlacement of the latest value (labglance.h); invalid
//                           when there is no numeric value or no numeric range to place it in
//   RecentValuesRole        QList<double>: the numeric values of the last kRecentValueCount
//                           results, oldest first (empty for readings made of parts)
//   LastOutOfRangeRole      QDateTime of the test's newest out-of-range result (any result, not
//                           only the latest); invalid when none was out of range. Worked out
//                           when first asked for, once per change of the test
// With a TestGrouping (setGrouping: a merged record's rows across providers):
//   RecentValuesRole        the values in the row's display unit (displayUnit())
//   RecentConvertedRole     QList<bool> beside RecentValuesRole: the value was converted
//   SourcesRole             QStringList: every source of the row's results, in the order
//                           first met (the GUI shows it only with more than one source)
//   Qt::ToolTipRole         ValueColumn: "From Kete Family Practice, Kete City Hospital" (the
//                           latest result's sources)
// The headers of RangeColumn and CountColumn carry a Qt::ToolTipRole: how to read the range bar
// and the sparkline.
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
        SourceColumn, // where the latest result came from; only with several providers
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
        RangeRole,
        RecentValuesRole,
        LastOutOfRangeRole,
        RecentConvertedRole,
        SourcesRole,
    };

    // A view over `store`, which must outlive the model.
    explicit LabTestsModel(record::RecordStore *store, QObject *parent = nullptr);
    // A view over a store of its own, filled through the calls below.
    explicit LabTestsModel(QObject *parent = nullptr);

    record::RecordStore *store() const { return m_store; }
    // Where the views get performers' names (the record's, fetched once); may be null.
    void setPerformerNames(PerformerNames *names) { m_performerNames = names; }
    // Regroups what is shown (a reset) and keeps the grouping for what comes.
    void setGrouping(TestGrouping grouping);
    const TestGrouping &grouping() const { return m_grouping; }
    // The unit a row's values are shown in (with a grouping that converts): `unit` (a UCUM
    // code) rather than the newest result's. Empty: the newest result's again.
    void setPreferredUnit(const QString &testKey, const QString &unit);
    // The unit the row's values are shown in; unset without a grouping that converts.
    DisplayUnit displayUnit(const QString &testKey) const;
    // Every source of the row's results (a grouping with sourcesOf), in the order first met.
    QStringList sources(const QString &testKey) const;
    // Whether rows say where their results came from (a record from several providers).
    bool showsSources() const { return bool(m_grouping.sourcesOf); }
    // The sources of the result at store position `position`.
    QStringList sourcesAt(int position) const;
    // The sources of the results at these store positions changed (another provider sent the
    // same result): their rows say so (dataChanged), nothing is regrouped.
    void sourcesChanged(const QList<int> &positions);
    PerformerNames *performerNames() const { return m_performerNames; }
    // These put into the store, from no named source at no known time (so the same resource
    // again changes nothing); the model follows the store.
    // The patient's sex and age pick the reference ranges; flags are recomputed.
    void setPatient(const fhir::Patient &patient);
    void addObservations(const QList<fhir::Observation> &observations);
    // Panel names come from DiagnosticReport.result; may arrive before or after the results.
    void addReports(const QList<fhir::DiagnosticReport> &reports);
    void clear();

    const fhir::Patient &patient() const;
    QString testKey(int row) const;
    // The row `observation` belongs to, by the grouping (testKeyFor without one).
    QString keyOf(const fhir::Observation &observation) const;
    int rowForTestKey(const QString &key) const;
    // The test's results, oldest first.
    QList<fhir::Observation> observations(const QString &testKey) const;
    // A test's results as store positions (store()->observationAt()) with their times (ms since
    // the epoch; min() for a result without one), oldest first: for views of many results,
    // which read them without copies. Valid until the store is cleared.
    struct ResultPositions
    {
        QList<int> positions;
        QList<qint64> times;
    };
    ResultPositions resultPositions(const QString &testKey) const;
    // Only the results that a report (or panel Observation) of `panel` lists.
    ResultPositions resultPositionsInPanel(const QString &testKey, const QString &panel) const;
    // The panels the record's reports name, sorted by name.
    QStringList panelNames() const;
    int observationCount() const { return m_shownResults; }
    LatestLabResult latestResult(int row) const;

    static QString testKeyFor(const fhir::Observation &observation);
    // The flag's tooltip: how Kete computed it, or what the lab called it; empty otherwise.
    static QString flagToolTip(const fhir::Interpretation &interpretation);
    // "LDL cholesterol, 162 mg/dL, High, normal range up to 129 mg/dL, 3/5/21".
    static QString accessibleText(const LatestLabResult &result);
    // Where the latest value falls, in words: "above the normal range of up to 129 mg/dL".
    static QString rangeDescription(const LatestLabResult &result,
                                    const std::optional<RangePlacement> &placement);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // A test's results, as store positions: appended as pages come (all a page costs) and
    // merged, sorted by time, only when someone asks for them.
    struct Test
    {
        QString key;
        mutable QList<int> results;  // sorted, oldest first (equal: arrival order)
        mutable QList<qint64> times; // results' times (ms since epoch)
        mutable QList<int> pending;  // arrived, not merged yet, in arrival order
        mutable QList<qint64> pendingTimes;
        int latest = -1; // the newest (ties: the last to arrive)
        qint64 latestTime = 0;
        QString panel;        // the panel of the newest result that has one
        qint64 panelTime = 0; // that result's time
        fhir::Interpretation latestInterpretation;
        mutable std::optional<qint64> lastOutOfRange; // min(): none; unset: not worked out
        mutable std::optional<QStringList> sources;   // unset: not worked out

        qsizetype count() const { return results.size() + pending.size(); }
    };
    void connectStore();
    void onObservationsChanged(const record::RecordChange &change);
    void onReportsChanged(const record::RecordChange &change);
    void onPatientChanged();
    void onAboutToClear();
    void onCleared();
    void takeOut(int position, QList<int> &emptiedRows);
    void removeRowsAt(QList<int> rows);
    void updateAllPanels();
    void appendResults(Test &test, const QList<int> &positions) const;
    // Merges what is pending: oldest first, equal times in arrival order.
    static void sortResults(const Test &test);
    void findLatest(Test &test) const;
    void updatePanel(Test &test) const;
    void considerForPanel(Test &test, int position, qint64 time) const;
    // Records that `ids` (results from `source`) belong to `panel`. The rows of those already
    // shown take it into `changedRows`; false when a result changed panels (all rows are
    // worked out again then).
    bool addPanelMembers(const QString &source, const QStringList &ids, const QString &panel,
                         QSet<int> &changedRows);
    const fhir::Observation &observationAt(int position) const;
    const fhir::Observation &latest(const Test &test) const { return observationAt(test.latest); }
    QString panelFor(const Test &test) const;
    // The normal ranges that apply to the latest result: one, or one per part of a blood
    // pressure; none when none applies.
    QList<const fhir::ReferenceRange *> rangesFor(const Test &test) const;
    // The normal range that applies to the latest result, as text; empty when there is none.
    QString rangeTextFor(const Test &test, fhir::UnitStyle style = fhir::UnitStyle::Readable) const;
    // What the range column shows: the range, or why there is none.
    QString rangeCellFor(const Test &test, fhir::UnitStyle style = fhir::UnitStyle::Readable) const;
    // The same range as a screen reader says it ("up to 129 mg/dL").
    QString spokenRangeFor(const Test &test) const;
    std::optional<RangePlacement> placementFor(const Test &test) const;
    // The numeric values of the last kRecentValueCount results, oldest first.
    QList<double> recentValues(const Test &test, QList<bool> *converted = nullptr) const;
    QStringList sourcesOf(const Test &test) const;
    // The recent values in words, for a tooltip and a screen reader.
    QString recentValuesText(const Test &test) const;
    qint64 lastOutOfRangeTime(const Test &test) const;
    void emitRowChanged(int row);
    // One signal over the rows' span, sent once every row is up to date: a sorting proxy moves
    // a row by comparing it with the others, which must be final by then.
    void emitRowsChanged(const QList<int> &rows);

    record::RecordStore *m_store;
    QList<Test> m_tests;
    QHash<QString, int> m_rowByKey;
    QList<int> m_rowByPosition; // per store position: its test's row, or -1 (not shown)
    int m_shownResults = 0;
    QHash<QString, QString> m_panelByObservationId;
    QPointer<PerformerNames> m_performerNames;
    TestGrouping m_grouping;
    QHash<QString, QString> m_preferredUnits; // by test key
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
    // Only tests with a result out of range at `since` or later ("abnormal in the last 6
    // months"); invalid: no such filter.
    void setAbnormalSince(const QDateTime &since);
    QDateTime abnormalSince() const { return m_abnormalSince; }
    void setGroupByPanel(bool group);
    bool groupByPanel() const { return m_groupByPanel; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_searchText;
    bool m_outOfRangeOnly = false;
    QDateTime m_abnormalSince;
    bool m_groupByPanel = false;
};

} // namespace kete::models
