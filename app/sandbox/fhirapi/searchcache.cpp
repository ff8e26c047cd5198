#include "sandbox/fhirapi/searchcache.h"

#include <QMutexLocker>

namespace kete::sandbox {

Matches SearchCache::find(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    for (qsizetype i = 0; i < m_recent.size(); ++i) {
        if (m_recent.at(i).first == key) {
            m_recent.move(i, 0);
            return m_recent.constFirst().second;
        }
    }
    return {};
}

void SearchCache::insert(const QString &key, Matches matches)
{
    QMutexLocker lock(&m_mutex);
    m_recent.removeIf([&key](const auto &entry) { return entry.first == key; });
    m_recent.prepend({key, std::move(matches)});
    while (m_recent.size() > m_capacity)
        m_recent.removeLast();
}

} // namespace kete::sandbox
