#pragma once

#include "fhir/condition.h"
#include "fhir/patient.h"
#include "recordstore/recordstore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSortFilterProxyModel>
#include <functional>

namespace kete::models {

// How a ConditionsModel puts conditions into rows when one row may hold several (a merged
// record: one row per condition across providers; merge::MergedRecord sets one).
struct ConditionGrouping
{
    // The row a condition belongs to (its SNOMED code; ICD-10 when that is all); empty: a row
    // of its own.
    std::function<QString(const fhir::Condition &)> keyFor;
    // The name of the source the condition at `key` came from ("Kete City Hospital").
    std::function<QString(const record::RecordKey &key)> sourceName;
};

// A view over a RecordStore's Conditions: one per row, in the order they first arrived,
// appended while pages arrive. Entered-in-error conditions are never shown (a condition the
// store replaces with an entered-in-error one leaves). The values are the store's.
//
// Roles:
//   Qt::DisplayRole         the column's text (onset/resolved as the sender put it: a date
//                           without its clock time, "at age 34", "childhood")
//   Qt::ToolTipRole         NameColumn: the codes ("SNOMED CT 44054006, ICD-10 E11.9")
//   Qt::AccessibleTextRole  "Diabetes, Active, since 3/5/2019"
//   Qt::ToolTipRole         OnsetColumn, ResolvedColumn, RecordedColumn: the time as sent, with
//                           its clock time when it has one
//   SortRole                QDateTime for date columns (invalid without a time: words, an age
//                           without a birth date), text otherwise
//   ActiveRole              bool
//   ResolvedRole            bool (resolved, inactive; not remission)
//   RemissionRole           bool
//   CategoryRole            int(fhir::ConditionCategory)
//   ConditionIdRole         QString
// With a ConditionGrouping (setGrouping), a row is every condition of one key; its values are
// the first to arrive's, and:
//   SourcesRole             QStringList: every source that lists the condition
//   StatusDiffersRole       bool: the sources' clinical statuses differ; ClinicalStatusColumn
//                           then says each ("Active (Kete Family Practice) · Resolved (Kete
//                           City Hospital)") rather than picking one
//   Qt::ToolTipRole         NameColumn: the codes and "Listed by …"
class ConditionsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConditionsModel)

public:
    enum Column
    {
        NameColumn,
        ClinicalStatusColumn,
        VerificationColumn,
        CategoryColumn,
        OnsetColumn,
        ResolvedColumn,
        RecordedColumn,
        SourceColumn, // the providers that list it; only with several providers
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        ActiveRole,
        ResolvedRole,
        CategoryRole,
        ConditionIdRole,
        RemissionRole,
        SourcesRole,
        StatusDiffersRole,
    };

    // A view over `store`, which must outlive the model.
    explicit ConditionsModel(record::RecordStore *store, QObject *parent = nullptr);
    // A view over a store of its own, filled through the calls below.
    explicit ConditionsModel(QObject *parent = nullptr);

    record::RecordStore *store() const { return m_store; }
    // These put into the store, from no named source at no known time (so the same resource
    // again changes nothing); the model follows the store.
    // The birth date turns "at age 34" into a sortable date.
    void setPatient(const fhir::Patient &patient);
    void addConditions(const QList<fhir::Condition> &conditions);
    void clear();
    // Regroups what is shown (a reset) and keeps the grouping for what comes.
    void setGrouping(ConditionGrouping grouping);
    // The store positions of the row's conditions, the one shown first.
    QList<int> rowPositions(int row) const;
    // The row's sources, in the order they arrived (with a grouping that names them).
    QStringList sources(int row) const;
    // The clinical status, or each source's when they differ.
    QString clinicalStatusText(int row) const;
    bool statusDiffers(int row) const;
    // Whether rows say which providers list them (a record from several providers).
    bool showsSources() const { return bool(m_grouping.sourceName); }

    const fhir::Patient &patient() const { return m_store->patient(); }
    const fhir::Condition &condition(int row) const
    {
        return m_store->conditionAt(m_positions.at(row)).value;
    }
    // "SNOMED CT 44054006, ICD-10 E11.9, Severity: Mild"; empty without any.
    static QString codesText(const fhir::Condition &condition);
    // "Diabetes, Active, since 3/5/2019".
    static QString accessibleText(const fhir::Condition &condition);
    // A time as a patient reads it: a date without its clock time ("05/03/2019", "March 2019"),
    // "at age 45", or the sender's words ("childhood").
    static QString timeText(const fhir::ConditionTime &time, const QLocale &locale);
    // When it began, in words: "since 05/03/2019", "since age 45", "childhood" (the sender's
    // words as they are); empty without an onset.
    static QString sinceText(const fhir::Condition &condition, const QLocale &locale);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void connectStore();
    void onConditionsChanged(const record::RecordChange &change);
    void onPatientChanged();
    int rowOfPosition(int position) const;
    QString groupKey(int position) const;
    void reindexGroups();

    record::RecordStore *m_store;
    QList<int> m_positions;      // the store positions of the rows
    QList<QList<int>> m_members; // per row: the other conditions of its group (a grouping)
    QHash<QString, int> m_rowByGroup;
    ConditionGrouping m_grouping;
};

// Active / In remission / Resolved / All, problem list vs encounter diagnoses, active
// conditions first. Active: clinical status active, recurrence, relapse. In remission: remission
// (it may come back: not "resolved"). Resolved: inactive, resolved, or no status but an
// abatement. Time columns sort by time,
// rows without one last in either order.
class ConditionsProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConditionsProxyModel)

public:
    enum class StatusFilter
    {
        Active,
        Resolved,
        All,
        InRemission
    };
    // ProblemList: everything that is not an encounter diagnosis (uncategorised included).
    enum class CategoryFilter
    {
        All,
        ProblemList,
        EncounterDiagnoses
    };

    explicit ConditionsProxyModel(QObject *parent = nullptr);

    void setStatusFilter(StatusFilter filter);
    StatusFilter statusFilter() const { return m_status; }
    void setCategoryFilter(CategoryFilter filter);
    CategoryFilter categoryFilter() const { return m_category; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    StatusFilter m_status = StatusFilter::All;
    CategoryFilter m_category = CategoryFilter::All;
};

} // namespace kete::models
