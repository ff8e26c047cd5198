#pragma once

#include "fhir/interpretation.h"
#include "fhir/observation.h"
#include "fhir/patient.h"
#include "models/chartdata.h"
#include "models/displayunit.h"
#include "models/labresultcomments.h"
#include "models/performernames.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace kete::models {

// One test's results, newest first. Fill it with LabTestsModel::observations(key).
// "Performed by" shows names (PerformerNames), never a raw reference; "Note" shows what the lab
// wrote about the result (LabResultComments).
//
// Roles:
//   Qt::DisplayRole         the column's text (units readable: "×10³/µL")
//   ExportTextRole          ValueColumn: the value with its unit as sent ("10*3/uL"), for CSV
//   Qt::DecorationRole      FlagColumn: QColor for out-of-range results (flagColor)
//   Qt::FontRole            FlagColumn: bold for a critical result
//   Qt::AccessibleTextRole  "3/5/21, 7.2 mmol/L, High, Corrected"
//   SortRole                QDateTime (DateColumn), double (ValueColumn), else the text
//   FlagRole                int(fhir::Flag)
//   OutOfRangeRole          bool
//   ComputedFlagRole        bool
//   CensoredRole            bool: the value has a comparator ("< 0.01")
//   ObservationIdRole       QString
//   StatusBadgeRole         "Preliminary" / "Amended" / "Corrected" / "" (also StatusColumn)
//   ConvertedRole           bool: ValueColumn shows the value converted into the display unit
//                           (setDisplayUnit); its tooltip says "converted from 100 mg/dL"
class LabHistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LabHistoryModel)

public:
    enum Column
    {
        DateColumn,
        ValueColumn,
        FlagColumn,
        StatusColumn,
        PerformerColumn,
        NoteColumn,
        SourceColumn, // the providers that sent the result (a record from several)
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        FlagRole,
        OutOfRangeRole,
        ComputedFlagRole,
        CensoredRole,
        ObservationIdRole,
        StatusBadgeRole,
        ConvertedRole,
    };

    explicit LabHistoryModel(QObject *parent = nullptr);

    // Resets the model. Hidden statuses are dropped. `comments` by Observation id.
    void setResults(const QList<fhir::Observation> &results, const fhir::Patient &patient,
                    const QHash<QString, LabResultComments> &comments = {});
    // Values shown in one unit (a lab row across providers: LabTestsModel::displayUnit());
    // applies to the results set next. Unset: every value in its own unit.
    void setDisplayUnit(const DisplayUnit &unit) { m_displayUnit = unit; }
    // Where each result came from (SourceColumn), by resultKey(); applies to the results set
    // next. Empty: the column stays empty.
    void setSources(QHash<QString, QStringList> sources) { m_sources = std::move(sources); }
    // Which result this is, among one test's results from several providers.
    static QString resultKey(const fhir::Observation &o);
    const DisplayUnit &displayUnit() const { return m_displayUnit; }
    // Where performers' names come from; without one, a reference is named by its kind.
    void setPerformerNames(PerformerNames *names);
    // What the lab wrote about the result in `row`.
    LabResultComments comments(int row) const;
    // Whether any result has something in the column (for Status: a badge, as final results
    // have none): a column with nothing in it need take no room.
    bool columnHasContent(int column) const;
    void clear();
    const QList<fhir::Observation> &results() const { return m_results; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString performerText(const fhir::Observation &o) const;

    QList<fhir::Observation> m_results; // newest first
    QHash<QString, LabResultComments> m_comments;
    QPointer<PerformerNames> m_performerNames;
    QList<fhir::Interpretation> m_interpretations;
    DisplayUnit m_displayUnit;
    QHash<QString, QStringList> m_sources;
};

// Chartable series out of one test's results. Only points with the same code and unit share a
// series (the most frequent unit is charted; others are left out); blood pressure gives a
// systolic and a diastolic series. Non-numeric results are left out.
// With a display unit set (a lab row across providers), every result that converts into it is
// charted in it, each converted point marked (ChartPoint::converted); the band is the newest
// result's own range when it is in that unit (ranges stay per result, never converted).
LabChartData chartData(const QList<fhir::Observation> &results, const fhir::Patient &patient,
                       const DisplayUnit &displayUnit = {});

} // namespace kete::models
