#include "recordstore/recordstore.h"

namespace kete::record {

namespace {

const QString kPatientType = QStringLiteral("Patient");
const QString kObservationType = QStringLiteral("Observation");
const QString kConditionType = QStringLiteral("Condition");
const QString kReportType = QStringLiteral("DiagnosticReport");

// Fetched at a known time no earlier than what is stored: a reload, or a pager that repeats
// itself later in the same load. Without a time nothing says the copy is newer.
bool isNewer(const Provenance &arriving, const Provenance &stored)
{
    return arriving.fetchedAt.isValid() &&
           (!stored.fetchedAt.isValid() || arriving.fetchedAt >= stored.fetchedAt);
}

// The items of one batch: every resource with the batch's provenance.
template<typename Resource>
auto byBatch(const QList<Resource> &resources, const Provenance &provenance)
{
    return [&](qsizetype i) { return std::pair{&resources.at(i), &provenance}; };
}

// The items of restored entries: each with its own provenance.
template<typename Resource> auto byEntry(const QList<RecordEntry<Resource>> &entries)
{
    return [&](qsizetype i) {
        const RecordEntry<Resource> &entry = entries.at(i);
        return std::pair{&entry.value, &entry.provenance};
    };
}

} // namespace

size_t qHash(const RecordKey &key, size_t seed) noexcept
{
    return qHashMulti(seed, key.source, key.type, key.id);
}

template<typename Resource>
template<typename ItemAt>
RecordChange RecordStore::Entries<Resource>::put(qsizetype count, const QString &type,
                                                 ItemAt itemAt)
{
    RecordChange change;
    const int firstNew = int(entries.size());
    for (qsizetype i = 0; i < count; ++i) {
        const auto [resource, provenance] = itemAt(i);
        RecordKey key{provenance->source, type, resource->id};
        if (!key.id.isEmpty()) {
            if (const auto known = positionByKey.constFind(key); known != positionByKey.cend()) {
                RecordEntry<Resource> &entry = entries[*known];
                if (!isNewer(*provenance, entry.provenance))
                    continue;
                entry.value = *resource;
                entry.provenance = *provenance;
                // Added earlier in this batch: still just added.
                if (*known < firstNew && !change.replaced.contains(*known))
                    change.replaced.append(*known);
                continue;
            }
            positionByKey.insert(key, int(entries.size()));
        }
        change.added.append(int(entries.size()));
        entries.append(RecordEntry<Resource>{std::move(key), *provenance, *resource});
    }
    return change;
}

template<typename Resource>
RecordChange RecordStore::Entries<Resource>::restore(QList<RecordEntry<Resource>> &&restored,
                                                     const QString &type)
{
    if (!entries.isEmpty())
        return put(restored.size(), type, byEntry(restored));
    positionByKey.reserve(restored.size());
    RecordChange change;
    change.added.reserve(restored.size());
    for (qsizetype i = 0; i < restored.size(); ++i) {
        RecordEntry<Resource> &entry = restored[i];
        entry.key = {entry.provenance.source, type, entry.value.id};
        if (!entry.key.id.isEmpty() && positionByKey.contains(entry.key)) {
            // The same resource twice: the general rule decides which one stays.
            positionByKey.clear();
            return put(restored.size(), type, byEntry(restored));
        }
        if (!entry.key.id.isEmpty())
            positionByKey.insert(entry.key, int(i));
        change.added.append(int(i));
    }
    entries = std::move(restored);
    return change;
}

template<typename Resource>
const RecordEntry<Resource> *RecordStore::Entries<Resource>::find(const RecordKey &key) const
{
    const auto position = positionByKey.constFind(key);
    return position == positionByKey.cend() ? nullptr : &entries.at(*position);
}

template<typename Resource> void RecordStore::Entries<Resource>::clear()
{
    entries.clear();
    positionByKey.clear();
}

RecordStore::RecordStore(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<RecordChange>();
}

RecordStore::~RecordStore() = default;

void RecordStore::putPatient(const fhir::Patient &patient, const Provenance &provenance)
{
    m_patient = {RecordKey{provenance.source, kPatientType, patient.id}, provenance, patient};
    Q_EMIT patientChanged();
}

void RecordStore::putObservations(const QList<fhir::Observation> &observations,
                                  const Provenance &provenance)
{
    if (const RecordChange change = m_observations.put(observations.size(), kObservationType,
                                                       byBatch(observations, provenance));
        !change.isEmpty())
        Q_EMIT observationsChanged(change);
}

void RecordStore::putConditions(const QList<fhir::Condition> &conditions,
                                const Provenance &provenance)
{
    if (const RecordChange change =
            m_conditions.put(conditions.size(), kConditionType, byBatch(conditions, provenance));
        !change.isEmpty())
        Q_EMIT conditionsChanged(change);
}

void RecordStore::putReports(const QList<fhir::DiagnosticReport> &reports,
                             const Provenance &provenance)
{
    if (const RecordChange change =
            m_reports.put(reports.size(), kReportType, byBatch(reports, provenance));
        !change.isEmpty())
        Q_EMIT reportsChanged(change);
}

void RecordStore::restoreObservations(const QList<ObservationEntry> &entries)
{
    if (const RecordChange change =
            m_observations.put(entries.size(), kObservationType, byEntry(entries));
        !change.isEmpty())
        Q_EMIT observationsChanged(change);
}

void RecordStore::restoreConditions(const QList<ConditionEntry> &entries)
{
    if (const RecordChange change =
            m_conditions.put(entries.size(), kConditionType, byEntry(entries));
        !change.isEmpty())
        Q_EMIT conditionsChanged(change);
}

void RecordStore::restoreReports(const QList<ReportEntry> &entries)
{
    if (const RecordChange change = m_reports.put(entries.size(), kReportType, byEntry(entries));
        !change.isEmpty())
        Q_EMIT reportsChanged(change);
}

void RecordStore::restore(RecordSnapshot snapshot)
{
    if (!snapshot.patient.value.id.isEmpty() || !snapshot.patient.provenance.source.isEmpty())
        putPatient(snapshot.patient.value, snapshot.patient.provenance);
    if (!snapshot.observations.isEmpty()) {
        if (const RecordChange change =
                m_observations.restore(std::move(snapshot.observations), kObservationType);
            !change.isEmpty())
            Q_EMIT observationsChanged(change);
    }
    if (!snapshot.conditions.isEmpty()) {
        if (const RecordChange change =
                m_conditions.restore(std::move(snapshot.conditions), kConditionType);
            !change.isEmpty())
            Q_EMIT conditionsChanged(change);
    }
    if (!snapshot.reports.isEmpty()) {
        if (const RecordChange change = m_reports.restore(std::move(snapshot.reports), kReportType);
            !change.isEmpty())
            Q_EMIT reportsChanged(change);
    }
}

RecordSnapshot RecordStore::snapshot() const
{
    return {m_patient, m_observations.entries, m_conditions.entries, m_reports.entries};
}

int RecordStore::dropFetchedBefore(const QDateTime &since)
{
    const auto fetchedSince = [&](const auto &entry) {
        return entry.provenance.fetchedAt.isValid() && entry.provenance.fetchedAt >= since;
    };
    RecordSnapshot kept = snapshot();
    const qsizetype before = kept.size();
    const auto keepOnly = [&](auto &entries) {
        entries.removeIf([&](const auto &entry) { return !fetchedSince(entry); });
    };
    keepOnly(kept.observations);
    keepOnly(kept.conditions);
    keepOnly(kept.reports);
    const int dropped = int(before - kept.size());
    if (dropped == 0)
        return 0;
    clear();
    restore(std::move(kept));
    return dropped;
}

void RecordStore::clear()
{
    Q_EMIT aboutToClear();
    m_patient = {};
    m_observations.clear();
    m_conditions.clear();
    m_reports.clear();
    Q_EMIT cleared();
}

int RecordStore::positionOf(const RecordKey &key) const
{
    const QHash<RecordKey, int> *positions =
        key.type == kObservationType ? &m_observations.positionByKey
        : key.type == kConditionType ? &m_conditions.positionByKey
        : key.type == kReportType    ? &m_reports.positionByKey
                                     : nullptr;
    return positions ? positions->value(key, -1) : -1;
}

const fhir::Observation *RecordStore::observation(const RecordKey &key) const
{
    const ObservationEntry *entry = m_observations.find(key);
    return entry ? &entry->value : nullptr;
}

const fhir::Condition *RecordStore::condition(const RecordKey &key) const
{
    const ConditionEntry *entry = m_conditions.find(key);
    return entry ? &entry->value : nullptr;
}

const fhir::DiagnosticReport *RecordStore::report(const RecordKey &key) const
{
    const ReportEntry *entry = m_reports.find(key);
    return entry ? &entry->value : nullptr;
}

const Provenance *RecordStore::provenance(const RecordKey &key) const
{
    if (key.type == kPatientType)
        return key == m_patient.key ? &m_patient.provenance : nullptr;
    if (const ObservationEntry *entry = m_observations.find(key))
        return &entry->provenance;
    if (const ConditionEntry *entry = m_conditions.find(key))
        return &entry->provenance;
    if (const ReportEntry *entry = m_reports.find(key))
        return &entry->provenance;
    return nullptr;
}

} // namespace kete::record
