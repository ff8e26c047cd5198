#include "merge/mergedrecord.h"

#include "merge/unitconversions.h"
#include "record/patientrecord.h"

#include <QLocale>
#include <algorithm>
#include <numeric>

namespace kete::merge {

namespace {

const QString kObservationType = QStringLiteral("Observation");

QList<int> addedAndReplaced(const record::RecordChange &change)
{
    QList<int> positions = change.added;
    positions.append(change.replaced);
    return positions;
}

// A worse state wins; NotAsked says nothing about the others.
int finishedRank(fhir::PartState state)
{
    switch (state) {
    case fhir::PartState::Loading:
        return 0;
    case fhir::PartState::Failed:
        return 1;
    case fhir::PartState::Cancelled:
        return 2;
    case fhir::PartState::Loaded:
        return 3;
    case fhir::PartState::NotAsked:
        break;
    }
    return 4;
}

// The row's analyte when the result is in one of its convertible units.
std::optional<QString> convertibleAnalyte(const fhir::Observation &observation)
{
    const std::optional<QString> id = analyteOf(observation);
    if (id && isConvertibleUnit(observation.value.unitKey(), *id))
        return id;
    return std::nullopt;
}

} // namespace

MergedRecord::MergedRecord(QObject *parent)
    : ShownRecord(parent)
    , m_store(new record::RecordStore(this))
    , m_labTests(new models::LabTestsModel(m_store, this))
    , m_conditions(new models::ConditionsModel(m_store, this))
{
    m_labTests->setGrouping(
        {&MergedRecord::testKeyFor,
         [](const fhir::Observation &o, const QString &unit) { return valueIn(o, unit); },
         [this](const record::RecordKey &key) { return sourceLabelsOf(key); }});
    m_conditions->setGrouping(
        {&MergedRecord::conditionKeyFor,
         [this](const record::RecordKey &key) { return sourceLabel(key.source); }});
    connect(m_store, &record::RecordStore::patientChanged, this, &MergedRecord::patientChanged);
}

MergedRecord::~MergedRecord()
{
    for (const Source &source : std::as_const(m_sources)) {
        for (const QMetaObject::Connection &connection : source.connections)
            disconnect(connection);
    }
}

QString MergedRecord::testKeyFor(const fhir::Observation &observation)
{
    if (fhir::isBloodPressure(observation))
        return models::LabTestsModel::testKeyFor(observation);
    if (const auto analyte = convertibleAnalyte(observation))
        return QStringLiteral("analyte:") + *analyte;
    return observation.codeKey() + QLatin1Char('#') + normalisedUnit(observation.value.unitKey());
}

QString MergedRecord::conditionKeyFor(const fhir::Condition &condition)
{
    if (const QString snomed = condition.snomedCode(); !snomed.isEmpty())
        return QStringLiteral("snomed|") + snomed;
    if (const QString icd = condition.icd10Code(); !icd.isEmpty())
        return QStringLiteral("icd10|") + icd;
    return {};
}

QString MergedRecord::duplicateKeyFor(const fhir::Observation &observation)
{
    if (observation.isHidden() || observation.isPanel())
        return {};
    const QDateTime when = observation.when().toDateTime();
    if (!when.isValid())
        return {};
    QString what = testKeyFor(observation);
    QString value;
    if (const auto number = observation.value.numeric()) {
        const auto analyteId = convertibleAnalyte(observation);
        const Analyte *known = analyteId ? analyte(*analyteId) : nullptr;
        if (known) {
            const QString unit = known->units.constFirst();
            const auto canonical = convert(*number, observation.value.unitKey(), unit, *analyteId);
            // Six digits first: a value converted there and back (99.95 -> 5.548 -> 99.9499…)
            // rounds as the one never converted.
            const double exact = QString::number(canonical.value_or(*number), 'g', 6).toDouble();
            value = QString::number(exact, 'g', 3) + unit;
        } else {
            value = QString::number(*number, 'g', 12);
        }
        value += QLatin1Char('|') + QString::number(int(observation.value.comparator()));
    } else {
        value = observation.valueDisplayString(QLocale::c(), fhir::UnitStyle::AsSent);
        if (value.isEmpty())
            return {};
    }
    return what + QLatin1Char('|') + QString::number(when.toMSecsSinceEpoch()) + QLatin1Char('|') +
           value;
}

MergedRecord::Source *MergedRecord::find(const QString &id)
{
    for (Source &source : m_sources) {
        if (source.id == id)
            return &source;
    }
    return nullptr;
}

const MergedRecord::Source *MergedRecord::find(const QString &id) const
{
    for (const Source &source : m_sources) {
        if (source.id == id)
            return &source;
    }
    return nullptr;
}

void MergedRecord::addSource(const QString &id, const QString &label, record::PatientRecord *record)
{
    if (find(id))
        removeSource(id);
    m_sources.append(Source{id, label, record, record->store(), {}});
    follow(m_sources.last());
    takeEverything(m_sources.constLast());
    updatePatient();
    // A record that has already loaded: the outcome says so at once.
    if (!isLoading())
        updateOutcome();
    Q_EMIT sourcesChanged();
}

void MergedRecord::addSource(const QString &id, const QString &label, record::RecordStore *store)
{
    if (find(id))
        removeSource(id);
    m_sources.append(Source{id, label, nullptr, store, {}});
    follow(m_sources.last());
    takeEverything(m_sources.constLast());
    updatePatient();
    Q_EMIT sourcesChanged();
}

void MergedRecord::follow(Source &source)
{
    using record::RecordStore;
    const QString id = source.id;
    const auto with = [this, id](auto take) {
        return [this, id, take](const record::RecordChange &change) {
            if (const Source *s = find(id))
                (this->*take)(*s, addedAndReplaced(change));
        };
    };
    RecordStore *store = source.store;
    source.connections
        << connect(store, &RecordStore::observationsChanged, this,
                   with(&MergedRecord::takeObservations))
        << connect(store, &RecordStore::conditionsChanged, this,
                   with(&MergedRecord::takeConditions))
        << connect(store, &RecordStore::reportsChanged, this, with(&MergedRecord::takeReports))
        << connect(store, &RecordStore::patientChanged, this, &MergedRecord::updatePatient)
        // A complete reload dropped what the server no longer has: merge again.
        << connect(store, &RecordStore::cleared, this, &MergedRecord::rebuild)
        << connect(store, &QObject::destroyed, this, [this, id] { removeSource(id); });
    if (record::PatientRecord *record = source.record) {
        source.connections << connect(record, &record::PatientRecord::progressChanged, this,
                                      [this] { Q_EMIT progressChanged(progress()); })
                           << connect(record, &record::PatientRecord::patientChanged, this,
                                      &MergedRecord::patientChanged)
                           << connect(record, &record::PatientRecord::loaded, this,
                                      [this, id] { onSourceLoaded(id); })
                           << connect(record, &QObject::destroyed, this,
                                      [this, id] { removeSource(id); });
    }
}

void MergedRecord::removeSource(const QString &id)
{
    const auto at = std::find_if(m_sources.begin(), m_sources.end(),
                                 [&](const Source &source) { return source.id == id; });
    if (at == m_sources.end())
        return;
    for (const QMetaObject::Connection &connection : std::as_const(at->connections))
        disconnect(connection);
    m_sources.erase(at);
    rebuild();
    if (!isLoading())
        updateOutcome();
    Q_EMIT sourcesChanged();
    Q_EMIT progressChanged(progress());
}

QStringList MergedRecord::sourceIds() const
{
    QStringList ids;
    for (const Source &source : m_sources)
        ids << source.id;
    return ids;
}

QString MergedRecord::sourceLabel(const QString &id) const
{
    const Source *source = find(id);
    return source ? source->label : QString();
}

QStringList MergedRecord::sourcesOf(const record::RecordKey &key) const
{
    if (key.source.isEmpty())
        return {};
    QStringList ids{key.source};
    ids.append(m_alsoFrom.value(key));
    return ids;
}

QStringList MergedRecord::sourceLabelsOf(const record::RecordKey &key) const
{
    QStringList labels;
    for (const QString &id : sourcesOf(key))
        labels << sourceLabel(id);
    return labels;
}

IdentityCheck MergedRecord::identityCheck() const
{
    QList<SourcePatient> patients;
    for (const Source &source : m_sources) {
        if (source.store && !source.store->patient().id.isEmpty())
            patients.append({source.id, source.label, source.store->patient()});
    }
    return checkIdentity(patients);
}

void MergedRecord::takeObservations(const Source &source, const QList<int> &positions)
{
    QList<record::RecordStore::ObservationEntry> batch;
    batch.reserve(positions.size());
    QList<int> relabelled;
    for (const int position : positions) {
        record::RecordStore::ObservationEntry entry = source.store->observationAt(position);
        entry.provenance.source = source.id;
        const record::RecordKey own{source.id, kObservationType, entry.value.id};
        if (own.id.isEmpty()) {
            batch.append(std::move(entry));
            continue;
        }
        // A newer copy of what is kept, or of what another source's entry already holds.
        if (m_store->positionOf(own) >= 0) {
            batch.append(std::move(entry));
            continue;
        }
        if (m_duplicateOf.contains(own))
            continue;
        if (const QString key = duplicateKeyFor(entry.value); !key.isEmpty()) {
            const auto holder = m_holderByDuplicateKey.constFind(key);
            // The same result from another provider: one entry, listing both. A provider's
            // own repeats are kept as it sent them.
            if (holder != m_holderByDuplicateKey.cend() && holder->source != source.id) {
                QStringList &also = m_alsoFrom[*holder];
                if (!also.contains(source.id))
                    also.append(source.id);
                m_duplicateOf.insert(own, *holder);
                relabelled.append(m_store->positionOf(*holder));
                continue;
            }
            if (holder == m_holderByDuplicateKey.cend())
                m_holderByDuplicateKey.insert(key, own);
        }
        batch.append(std::move(entry));
    }
    if (!batch.isEmpty())
        m_store->restoreObservations(batch);
    if (!relabelled.isEmpty())
        m_labTests->sourcesChanged(relabelled);
}

void MergedRecord::takeConditions(const Source &source, const QList<int> &positions)
{
    QList<record::RecordStore::ConditionEntry> batch;
    batch.reserve(positions.size());
    for (const int position : positions) {
        batch.append(source.store->conditionAt(position));
        batch.last().provenance.source = source.id;
    }
    if (!batch.isEmpty())
        m_store->restoreConditions(batch);
}

void MergedRecord::takeReports(const Source &source, const QList<int> &positions)
{
    QList<record::RecordStore::ReportEntry> batch;
    batch.reserve(positions.size());
    for (const int position : positions) {
        batch.append(source.store->reportAt(position));
        batch.last().provenance.source = source.id;
    }
    if (!batch.isEmpty())
        m_store->restoreReports(batch);
}

void MergedRecord::takeEverything(const Source &source)
{
    if (!source.store)
        return;
    const auto all = [](int count) {
        QList<int> positions(count);
        std::iota(positions.begin(), positions.end(), 0);
        return positions;
    };
    takeReports(source, all(source.store->reportCount()));
    takeObservations(source, all(source.store->observationCount()));
    takeConditions(source, all(source.store->conditionCount()));
}

void MergedRecord::updatePatient()
{
    for (const Source &source : std::as_const(m_sources)) {
        if (!source.store || source.store->patient().id.isEmpty())
            continue;
        const fhir::Patient &patient = source.store->patient();
        if (m_store->patientProvenance().source != source.id || !(m_store->patient() == patient))
            m_store->putPatient(patient, {source.id, source.store->patientProvenance().fetchedAt});
        return;
    }
    if (!m_store->patient().id.isEmpty())
        m_store->putPatient({}, {});
}

void MergedRecord::rebuild()
{
    if (m_rebuilding)
        return;
    m_rebuilding = true;
    m_store->clear();
    m_holderByDuplicateKey.clear();
    m_alsoFrom.clear();
    m_duplicateOf.clear();
    updatePatient();
    for (const Source &source : std::as_const(m_sources))
        takeEverything(source);
    m_rebuilding = false;
}

fhir::PartState MergedRecord::partState(fhir::RecordPart part) const
{
    std::optional<fhir::PartState> worst;
    for (const Source &source : m_sources) {
        const fhir::PartState state =
            source.record ? source.record->partState(part) : fhir::PartState::Loaded;
        if (!worst || finishedRank(state) < finishedRank(*worst))
            worst = state;
    }
    return worst.value_or(fhir::PartState::NotAsked);
}

bool MergedRecord::isLoading() const
{
    return std::any_of(m_sources.cbegin(), m_sources.cend(), [](const Source &source) {
        return source.record && source.record->isLoading();
    });
}

fhir::LoadProgress MergedRecord::progress() const
{
    fhir::LoadProgress sum;
    for (const Source &source : m_sources) {
        if (!source.record)
            continue;
        const fhir::LoadProgress p = source.record->progress();
        sum.pages += p.pages;
        sum.resources += p.resources;
        sum.running += p.running;
        sum.expected += p.expected;
    }
    return sum;
}

QDateTime MergedRecord::dataAsOf() const
{
    QDateTime oldest;
    for (const Source &source : m_sources) {
        if (!source.record)
            continue;
        const QDateTime asOf = source.record->dataAsOf();
        if (!asOf.isValid())
            return {};
        if (!oldest.isValid() || asOf < oldest)
            oldest = asOf;
    }
    return oldest;
}

bool MergedRecord::isShowingKeptCopy() const
{
    return std::any_of(m_sources.cbegin(), m_sources.cend(), [](const Source &source) {
        return source.record && source.record->isShowingKeptCopy();
    });
}

bool MergedRecord::mayRead(QStringView resourceType) const
{
    return std::any_of(m_sources.cbegin(), m_sources.cend(), [&](const Source &source) {
        return !source.record || source.record->mayRead(resourceType);
    });
}

QString MergedRecord::source() const
{
    return sourceIds().join(u' ');
}

QString MergedRecord::statusText() const
{
    QStringList lines;
    for (const Source &source : m_sources) {
        const QString text = source.record
                                 ? source.record->statusText()
                                 : tr("%1 lab results, %2 conditions")
                                       .arg(source.store ? source.store->observationCount() : 0)
                                       .arg(source.store ? source.store->conditionCount() : 0);
        lines << tr("%1: %2").arg(source.label, text);
    }
    return lines.join(QStringLiteral("; "));
}

void MergedRecord::onSourceLoaded(const QString &id)
{
    // The source that just finished may still count itself as loading while it says so.
    const bool othersLoading =
        std::any_of(m_sources.cbegin(), m_sources.cend(), [&](const Source &source) {
            return source.id != id && source.record && source.record->isLoading();
        });
    if (othersLoading)
        return;
    updateOutcome();
    Q_EMIT loaded(*m_outcome);
}

void MergedRecord::updateOutcome()
{
    fhir::RecordOutcome merged;
    int failed = 0;
    int cancelled = 0;
    int finished = 0;
    for (const Source &source : std::as_const(m_sources)) {
        if (!source.record || !source.record->outcome())
            continue;
        const fhir::RecordOutcome &outcome = *source.record->outcome();
        ++finished;
        merged.observations += outcome.observations;
        merged.conditions += outcome.conditions;
        merged.reports += outcome.reports;
        merged.incremental = merged.incremental || outcome.incremental;
        cancelled += outcome.cancelled ? 1 : 0;
        if (outcome.error) {
            ++failed;
            if (!merged.error)
                merged.error = Error{tr("%1: %2").arg(source.label, outcome.error->message),
                                     outcome.error->detail, outcome.error->code};
            // The others' data is shown; the notice says which provider needs attention.
            merged.notices.append(fhir::Notice{
                fhir::Notice::Severity::Error,
                tr("%1: %2").arg(source.label, outcome.error->message), outcome.error->detail});
        }
        for (fhir::Notice notice : outcome.notices) {
            notice.message = tr("%1: %2").arg(source.label, notice.message);
            merged.notices.append(std::move(notice));
        }
    }
    // What some providers sent is shown: an error only when none could be read.
    if (failed < finished || finished == 0)
        merged.error.reset();
    else
        merged.notices.removeIf(
            [](const fhir::Notice &n) { return n.severity == fhir::Notice::Severity::Error; });
    merged.cancelled = finished > 0 && cancelled == finished;
    m_outcome = finished > 0 ? std::optional(merged) : std::nullopt;
}

} // namespace kete::merge
