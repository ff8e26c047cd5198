#pragma once

#include "fhir/condition.h"
#include "fhir/patient.h"
#include "recordstore/recordstore.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace kete::models {

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
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        ActiveRole,
        ResolvedRole,
        CategoryRole,
        ConditionIdRole,
        RemissionRole
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

    record::RecordStore *m_store;
    QList<int> m_positions; // the store positions of the rows
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
