#pragma once

#include "fhir/condition.h"
#include "fhir/diagnosticreport.h"
#include "fhir/observation.h"
#include "fhir/patient.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>

namespace kete::record {

// Which resource an entry is: the connection it came from, its FHIR resourceType and its id.
// The same key arriving again is the same resource.
struct RecordKey
{
    QString source;
    QString type;
    QString id;

    friend bool operator==(const RecordKey &, const RecordKey &) = default;
};
size_t qHash(const RecordKey &key, size_t seed = 0) noexcept;

// Where an entry's value came from: the connection (or provider) and when it was fetched.
struct Provenance
{
    QString source;
    QDateTime fetchedAt; // invalid: not known
};

template<typename Resource> struct RecordEntry
{
    RecordKey key;
    Provenance provenance;
    Resource value;
};

// Every entry of a record at one moment, as values: cheap to take (the lists are shared until
// one side changes) and safe to hand to another thread.
struct RecordSnapshot
{
    RecordEntry<fhir::Patient> patient;
    QList<RecordEntry<fhir::Observation>> observations;
    QList<RecordEntry<fhir::Condition>> conditions;
    QList<RecordEntry<fhir::DiagnosticReport>> reports;

    qsizetype size() const
    {
        return (patient.value.id.isEmpty() ? 0 : 1) + observations.size() + conditions.size() +
               reports.size();
    }
};

// What one batch (a page) changed in one resource type. Positions number the entries of that
// type in the order they first arrived; they stay until clear().
struct RecordChange
{
    QList<int> added;
    QList<int> replaced; // the same resource arrived again: its newest value replaced the old

    bool isEmpty() const { return added.isEmpty() && replaced.isEmpty(); }
};

// One patient's record as plain values: the patient, their Observations, Conditions and
// DiagnosticReports, each kept once per RecordKey with its provenance. The same resource
// arriving twice (a reload, a pager that repeats itself) is one entry: the newest value wins,
// that is one fetched at a known time no earlier than the stored one's (in one batch: the last).
// A copy without a fetch time never replaces what is stored.
// Resources without an id cannot be recognised again; each is an entry of its own.
// Everything is kept as given (entered-in-error included): views decide what to show.
// Changes are signalled once per batch, never per resource.
class RecordStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordStore)

public:
    using ObservationEntry = RecordEntry<fhir::Observation>;
    using ConditionEntry = RecordEntry<fhir::Condition>;
    using ReportEntry = RecordEntry<fhir::DiagnosticReport>;

    explicit RecordStore(QObject *parent = nullptr);
    ~RecordStore() override;

    // The patient whose record this is; a later one replaces it.
    void putPatient(const fhir::Patient &patient, const Provenance &provenance);
    void putObservations(const QList<fhir::Observation> &observations,
                         const Provenance &provenance);
    void putConditions(const QList<fhir::Condition> &conditions, const Provenance &provenance);
    void putReports(const QList<fhir::DiagnosticReport> &reports, const Provenance &provenance);
    // Entries kept earlier (the copy on this computer), each with its own provenance; keys are
    // made as above, from the provenance's source. One batch per type, by the same rule.
    void restoreObservations(const QList<ObservationEntry> &entries);
    void restoreConditions(const QList<ConditionEntry> &entries);
    void restoreReports(const QList<ReportEntry> &entries);
    // A snapshot's patient (when it has one) and entries, as the restore*() above. Into an
    // empty store (the kept copy at start), the entries are taken rather than copied.
    void restore(RecordSnapshot snapshot);
    RecordSnapshot snapshot() const;
    // aboutToClear(), then everything goes, then cleared().
    void clear();
    // After a complete reload: what the server no longer sent (deleted there) goes. Entries
    // fetched before `since`, or at no known time, are dropped; the views are reset once
    // (aboutToClear(), cleared(), then the rest is restored) and only when something goes.
    // Returns how many entries went.
    int dropFetchedBefore(const QDateTime &since);

    const fhir::Patient &patient() const { return m_patient.value; }
    const Provenance &patientProvenance() const { return m_patient.provenance; }

    int observationCount() const { return int(m_observations.entries.size()); }
    const ObservationEntry &observationAt(int position) const
    {
        return m_observations.entries.at(position);
    }
    int conditionCount() const { return int(m_conditions.entries.size()); }
    const ConditionEntry &conditionAt(int position) const
    {
        return m_conditions.entries.at(position);
    }
    int reportCount() const { return int(m_reports.entries.size()); }
    const ReportEntry &reportAt(int position) const { return m_reports.entries.at(position); }

    // Found by key (type "Observation", "Condition" or "DiagnosticReport"): -1 when absent.
    int positionOf(const RecordKey &key) const;
    const fhir::Observation *observation(const RecordKey &key) const;
    const fhir::Condition *condition(const RecordKey &key) const;
    const fhir::DiagnosticReport *report(const RecordKey &key) const;
    const Provenance *provenance(const RecordKey &key) const;

Q_SIGNALS:
    void patientChanged();
    void observationsChanged(const kete::record::RecordChange &change);
    void conditionsChanged(const kete::record::RecordChange &change);
    void reportsChanged(const kete::record::RecordChange &change);
    void aboutToClear();
    void cleared();

private:
    template<typename Resource> struct Entries
    {
        QList<RecordEntry<Resource>> entries;
        QHash<RecordKey, int> positionByKey;

        // itemAt(i): the i-th resource and its provenance.
        template<typename ItemAt>
        RecordChange put(qsizetype count, const QString &type, ItemAt itemAt);
        // As put() of every entry; into an empty store, the entries are taken, not copied.
        RecordChange restore(QList<RecordEntry<Resource>> &&restored, const QString &type);
        const RecordEntry<Resource> *find(const RecordKey &key) const;
        void clear();
    };

    RecordEntry<fhir::Patient> m_patient;
    Entries<fhir::Observation> m_observations;
    Entries<fhir::Condition> m_conditions;
    Entries<fhir::DiagnosticReport> m_reports;
};

} // namespace kete::record

Q_DECLARE_METATYPE(kete::record::RecordChange)
