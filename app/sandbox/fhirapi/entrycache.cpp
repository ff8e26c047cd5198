#include "sandbox/fhirapi/entrycache.h"

#include <QReadLocker>
#include <QWriteLocker>

namespace kete::sandbox {

namespace {

QString keyOf(const QJsonObject &resource)
{
    return resource.value(QLatin1String("resourceType")).toString() + QLatin1Char('/') +
           resource.value(QLatin1String("id")).toString();
}

} // namespace

QByteArray EntryCache::join(const QList<QJsonObject> &resources, qsizetype from, qsizetype to,
                            const Write &write)
{
    QList<QByteArray> parts(to - from);
    QList<qsizetype> missing;
    {
        QReadLocker lock(&m_lock);
        for (qsizetype i = from; i < to; ++i) {
            const auto found = m_entries.constFind(keyOf(resources.at(i)));
            if (found == m_entries.cend())
                missing.append(i);
            else
                parts[i - from] = *found;
        }
    }
    if (!missing.isEmpty()) {
        for (const qsizetype i : std::as_const(missing))
            parts[i - from] = write(resources.at(i));
        QWriteLocker lock(&m_lock);
        for (const qsizetype i : std::as_const(missing))
            m_entries.insert(keyOf(resources.at(i)), parts.at(i - from));
    }
    qsizetype bytes = 0;
    for (const QByteArray &part : std::as_const(parts))
        bytes += part.size() + 1;
    QByteArray joined;
    joined.reserve(bytes);
    for (const QByteArray &part : std::as_const(parts)) {
        if (!joined.isEmpty())
            joined.append(',');
        joined.append(part);
    }
    return joined;
}

QByteArray EntryCache::entry(const QString &key, const QJsonObject &resource, const Write &write)
{
    {
        QReadLocker lock(&m_lock);
        const auto found = m_entries.constFind(key);
        if (found != m_entries.cend())
            return *found;
    }
    const QByteArray written = write(resource);
    QWriteLocker lock(&m_lock);
    m_entries.insert(key, written);
    return written;
}

void EntryCache::clear()
{
    QWriteLocker lock(&m_lock);
    m_entries.clear();
}

qsizetype EntryCache::size() const
{
    QReadLocker lock(&m_lock);
    return m_entries.size();
}

} // namespace kete::sandbox
