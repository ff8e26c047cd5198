#pragma once

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>
#include <memory>

namespace kete::sandbox {

using Matches = std::shared_ptr<const QList<QJsonObject>>;

// The full, ordered match lists of the most recent searches: paging through a 20,000-match
// search costs one page of work per request instead of a whole search and sort. A list stays
// right until the store changes (the admin API), which must clear() it. Thread-safe.
//
// Bounded in entries and in bytes: the keys are queries chosen by whoever sends them, so a key
// longer than maxKeyChars is never kept, and the oldest entries go once the keys and match
// lists together pass maxBytes. (The resources themselves are shared with the store.)
class SearchCache
{
public:
    static constexpr qsizetype maxKeyChars = 16 * 1024;
    static constexpr qsizetype maxBytes = 32 * 1024 * 1024;

    explicit SearchCache(int capacity = 32)
        : m_capacity(capacity)
    {}

    Matches find(const QString &key);
    void insert(const QString &key, Matches matches);
    void clear();

    qsizetype size() const;
    qsizetype bytes() const; // what the entries cost by the estimate above

private:
    struct Entry
    {
        QString key;
        Matches matches;
        qsizetype bytes = 0;
    };

    const int m_capacity;
    mutable QMutex m_mutex;
    QList<Entry> m_recent; // most recently used first
    qsizetype m_bytes = 0;
};

} // namespace kete::sandbox
