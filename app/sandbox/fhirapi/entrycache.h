#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QReadWriteLock>
#include <QString>
#include <functional>

namespace kete::sandbox {

// Resources written as JSON once and reused by every answer that shows them, so that serving a
// page of search entries, or a read by id, is mostly copying bytes. Keyed by "Type/id"; bounded
// by the store's size (one entry per resource); clear() on every change of the store.
// Thread-safe.
class EntryCache
{
public:
    using Write = std::function<QByteArray(const QJsonObject &resource)>;

    // The entries of `resources` joined by ',' (no brackets), writing the missing ones.
    QByteArray join(const QList<QJsonObject> &resources, qsizetype from, qsizetype to,
                    const Write &write);
    // The JSON of one resource, stored under `key` ("Type/id"), written when missing.
    QByteArray entry(const QString &key, const QJsonObject &resource, const Write &write);
    void clear();
    qsizetype size() const;

private:
    mutable QReadWriteLock m_lock;
    QHash<QString, QByteArray> m_entries;
};

} // namespace kete::sandbox
