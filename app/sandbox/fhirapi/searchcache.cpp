#include "sandbox/fhirapi/searchcache.h"

#include <QMutexLocker>

namespace kete::sandbox {

Matches SearchCache::find(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    for (qsizetype i = 0; i < m_recent.size(); ++i) {
        if (m_recent.at(i).key == key) {
            m_recent.move(i, 0);
            return m_recent.constFirst().matches;
        }
    }
    return {};
}

void SearchCache::insert(const QString &key, Matches matches)
{
    if (key.size() > maxKeyChars)
        return;
    const qsizetype cost = key.size() * qsizetype(sizeof(QChar)) +
                           (matches ? matches->size() : 0) * qsizetype(sizeof(QJsonObject));
    QMutexLocker lock(&m_mutex);
    for (qsizetype i = 0; i < m_recent.size(); ++i) {
        if (m_recent.at(i).key == key) {
            m_bytes -= m_recent.at(i).bytes;
            m_recent.removeAt(i);
            break;
        }
    }
    // A match list bigger than the whole budget is not kept either.
    if (cost > maxBytes)
        return;
    m_recent.prepend({key, std::move(matches), cost});
    m_bytes += cost;
    while (m_recent.size() > m_capacity || m_bytes > maxBytes) {
        m_bytes -= m_recent.constLast().bytes;
        m_recent.removeLast();
    }
}

void SearchCache::clear()
{
    QMutexLocker lock(&m_mutex);
    m_recent.clear();
    m_bytes = 0;
}

qsizetype SearchCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_recent.size();
}

qsizetype SearchCache::bytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_bytes;
}

} // namespace kete::sandbox
