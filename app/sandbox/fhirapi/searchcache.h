#pragma once

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>
#include <memory>

namespace kete::sandbox {

using Matches = std::shared_ptr<const QList<QJsonObject>>;

// The full, ordered match lists of the most recent searches. The store is read-only once
// loaded, so a list stays right; paging through a 20,000-match search then costs one page of
// work per request instead of a whole search and sort. Thread-safe.
class SearchCache
{
public:
    explicit SearchCache(int capacity = 32)
        : m_capacity(capacity)
    {}

    Matches find(const QString &key);
    void insert(const QString &key, Matches matches);

private:
    const int m_capacity;
    QMutex m_mutex;
    QList<QPair<QString, Matches>> m_recent; // most recently used first
};

} // namespace kete::sandbox
