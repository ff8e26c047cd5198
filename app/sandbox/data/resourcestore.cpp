#include "sandbox/data/resourcestore.h"

#include <QSet>
#include <algorithm>

namespace kete::sandbox {

namespace {

QString patientIdOfReference(const QJsonValue &element)
{
    const QString reference = element.toObject().value(QLatin1String("reference")).toString();
    return reference.startsWith(QLatin1String("Patient/")) ? reference.mid(8) : QString();
}

} // namespace

void ResourceStore::add(QJsonObject resource)
{
    const QString type = resource.value(QLatin1String("resourceType")).toString();
    const QString id = resource.value(QLatin1String("id")).toString();
    if (type.isEmpty() || id.isEmpty())
        return;

    EntryMap &ofType = m_resources[type];
    if (const auto previous = ofType.constFind(id); previous != ofType.cend())
        forgetInCompartment(type, **previous);

    auto entry = std::make_shared<Entry>();
    entry->id = id;
    entry->patientId = patientOf(resource);
    entry->values = search::indexResource(resource);
    entry->resource = std::move(resource);
    std::shared_ptr<const Entry> shared = std::move(entry);
    ofType.insert(id, shared);
    if (!shared->patientId.isEmpty())
        m_byPatient[type][shared->patientId].insert(id, shared);
}

bool ResourceStore::remove(const QString &type, const QString &id)
{
    const auto ofType = m_resources.find(type);
    if (ofType == m_resources.end())
        return false;
    const auto entry = ofType->find(id);
    if (entry == ofType->end())
        return false;
    forgetInCompartment(type, **entry);
    ofType->erase(entry);
    if (ofType->isEmpty())
        m_resources.erase(ofType);
    return true;
}

void ResourceStore::forgetInCompartment(const QString &type, const Entry &entry)
{
    if (entry.patientId.isEmpty())
        return;
    const auto byPatient = m_byPatient.find(type);
    if (byPatient == m_byPatient.end())
        return;
    const auto compartment = byPatient->find(entry.patientId);
    if (compartment == byPatient->end())
        return;
    compartment->remove(entry.id);
    if (compartment->isEmpty())
        byPatient->erase(compartment);
    if (byPatient->isEmpty())
        m_byPatient.erase(byPatient);
}

std::optional<QJsonObject> ResourceStore::read(const QString &type, const QString &id) const
{
    const auto ofType = m_resources.constFind(type);
    if (ofType == m_resources.cend())
        return std::nullopt;
    const auto entry = ofType->constFind(id);
    if (entry == ofType->cend())
        return std::nullopt;
    return (*entry)->resource;
}

Result<QList<QJsonObject>> ResourceStore::search(const QString &type,
                                                 const QList<SearchParameter> &parameters) const
{
    QList<search::Criterion> criteria;
    QList<search::SortKey> sortKeys;
    for (const SearchParameter &parameter : parameters) {
        // FHIR: parameters without a value are ignored.
        if (parameter.second.isEmpty())
            continue;
        if (parameter.first == QLatin1String("_sort")) {
            auto keys = search::parseSort(type, parameter.second);
            if (!keys)
                return keys.error();
            sortKeys.append(keys.value());
            continue;
        }
        auto criterion = search::Criterion::parse(type, parameter.first, parameter.second);
        if (!criterion)
            return criterion.error();
        criteria.append(std::move(criterion).value());
    }

    QList<std::shared_ptr<const Entry>> matches;
    for (const auto &entry : candidates(type, criteria)) {
        const bool all = std::all_of(
            criteria.cbegin(), criteria.cend(),
            [&](const search::Criterion &criterion) { return criterion.matches(entry->values); });
        if (all)
            matches.append(entry);
    }

    if (!sortKeys.isEmpty())
        sortMatches(matches, sortKeys);

    QList<QJsonObject> resources;
    resources.reserve(matches.size());
    for (const auto &entry : std::as_const(matches))
        resources.append(entry->resource);
    return resources;
}

void ResourceStore::sortMatches(QList<std::shared_ptr<const Entry>> &matches,
                                const QList<search::SortKey> &keys)
{
    // Each resource's sort values are looked up once, not at every comparison.
    struct Sortable
    {
        std::shared_ptr<const Entry> entry;
        QList<std::optional<qint64>> values;
    };
    QList<Sortable> sortables;
    sortables.reserve(matches.size());
    for (auto &entry : matches) {
        Sortable sortable{std::move(entry), {}};
        for (const search::SortKey &key : keys)
            sortable.values.append(search::sortValue(sortable.entry->values, key.parameter));
        sortables.append(std::move(sortable));
    }
    // Matches come in id order; a stable sort keeps id as the last tie-breaker.
    std::stable_sort(sortables.begin(), sortables.end(), [&](const Sortable &a, const Sortable &b) {
        for (qsizetype i = 0; i < keys.size(); ++i) {
            const bool descending = keys.at(i).descending;
            if (keys.at(i).parameter == QLatin1String("_id")) {
                if (a.entry->id != b.entry->id)
                    return descending ? b.entry->id < a.entry->id : a.entry->id < b.entry->id;
                continue;
            }
            const auto &valueA = a.values.at(i);
            const auto &valueB = b.values.at(i);
            if (valueA == valueB)
                continue;
            // Resources without the value come last, in either direction.
            if (!valueA || !valueB)
                return valueA.has_value();
            return descending ? *valueB < *valueA : *valueA < *valueB;
        }
        return false;
    });
    matches.clear();
    for (Sortable &sortable : sortables)
        matches.append(std::move(sortable.entry));
}

QList<std::shared_ptr<const ResourceStore::Entry>>
ResourceStore::candidates(const QString &type, const QList<search::Criterion> &criteria) const
{
    QList<std::shared_ptr<const Entry>> result;
    const auto ofType = m_resources.constFind(type);
    if (ofType == m_resources.cend())
        return result;

    // Narrow by the most selective index available: _id, then the patient compartment.
    for (const search::Criterion &criterion : criteria) {
        if (const auto ids = criterion.ids()) {
            QStringList sorted = *ids;
            sorted.sort();
            sorted.removeDuplicates();
            for (const QString &id : std::as_const(sorted)) {
                if (const auto entry = ofType->constFind(id); entry != ofType->cend())
                    result.append(*entry);
            }
            return result;
        }
    }
    for (const search::Criterion &criterion : criteria) {
        if (const auto patients = criterion.patientIds()) {
            const auto byPatient = m_byPatient.value(type);
            QSet<QString> seen;
            for (const QString &patient : *patients) {
                if (seen.contains(patient))
                    continue;
                seen.insert(patient);
                const auto entries = byPatient.constFind(patient);
                if (entries != byPatient.cend()) {
                    for (const auto &entry : *entries)
                        result.append(entry);
                }
            }
            if (seen.size() > 1) {
                std::sort(result.begin(), result.end(),
                          [](const auto &a, const auto &b) { return a->id < b->id; });
            }
            return result;
        }
    }
    result.reserve(ofType->size());
    for (const auto &entry : *ofType)
        result.append(entry);
    return result;
}

QString ResourceStore::patientOf(const QJsonObject &resource)
{
    if (resource.value(QLatin1String("resourceType")).toString() == QLatin1String("Patient"))
        return resource.value(QLatin1String("id")).toString();
    const QString subject = patientIdOfReference(resource.value(QLatin1String("subject")));
    if (!subject.isEmpty())
        return subject;
    return patientIdOfReference(resource.value(QLatin1String("patient")));
}

QStringList ResourceStore::patientIds() const
{
    return m_resources.value(QStringLiteral("Patient")).keys();
}

qsizetype ResourceStore::count(const QString &type) const
{
    return m_resources.value(type).size();
}

QList<QJsonObject> ResourceStore::all(const QString &type) const
{
    QList<QJsonObject> resources;
    const auto ofType = m_resources.constFind(type);
    if (ofType == m_resources.cend())
        return resources;
    resources.reserve(ofType->size());
    for (const auto &entry : *ofType)
        resources.append(entry->resource);
    return resources;
}

QStringList ResourceStore::types() const
{
    QStringList types = m_resources.keys();
    types.sort();
    return types;
}

} // namespace kete::sandbox
