#pragma once

#include "common/crypto.h"
#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace kete::offline {

// One resource as kept on this computer: its FHIR type and id, and its content (opaque bytes:
// the resource as received, or a value format of the caller's).
struct StoredResource
{
    QString type;
    QString id;
    QByteArray content;

    friend bool operator==(const StoredResource &, const StoredResource &) = default;
};

// The copy of one patient's record at one provider, in an SQLite file (Qt SQL), every row
// sealed with AES-256-GCM under a 256-bit data key that lives only in the OS keychain
// (OfflineKeys). Nothing readable is on disk: a row is (keyed hash of type and id, sealed
// bytes); the sealed bytes bind the provider, the type and the id as associated data, so a row
// moved to another place or another file does not open. The file is created owner-only (0600).
//
//   auto store = OfflineStore::open(path, providerId, dataKey);   // creates or checks the key
//   store->put(resources);          // one transaction: all of it, or nothing
//   store->readAll();               // every resource, or ErrorCode::OfflineCopyDamaged
//
// A file whose bytes were changed, cut short, or that was sealed under another key opens with
// an error that says so; nothing of it is returned.
class OfflineStore final
{
public:
    ~OfflineStore();
    OfflineStore(const OfflineStore &) = delete;
    OfflineStore &operator=(const OfflineStore &) = delete;

    static Result<std::unique_ptr<OfflineStore>>
    open(const QString &path, const QString &providerId, const QByteArray &dataKey);
    // The file name for a (provider, patient) copy under its key: says nothing without the key.
    static QString fileNameFor(const QByteArray &dataKey);

    // Adds or replaces, by (type, id).
    Result<void> put(const QList<StoredResource> &resources);
    Result<void> remove(const QString &type, const QStringList &ids);
    // The copy becomes exactly `resources`, with the named values set, in one transaction: a
    // sync is kept whole or not at all (a process killed half-way leaves the last one).
    Result<void> replaceAll(const QList<StoredResource> &resources,
                            const QList<std::pair<QString, QByteArray>> &values);
    Result<QList<StoredResource>> readAll() const;
    int count() const;

    // Small named values (the last sync time), sealed the same way.
    Result<void> setValue(const QString &name, const QByteArray &value);
    Result<std::optional<QByteArray>> value(const QString &name) const;

    QString path() const { return m_path; }

private:
    OfflineStore(QString path, QString connectionName, QString providerId, QByteArray dataKey);
    QByteArray rowId(const QString &kind, const QString &type, const QString &id) const;
    QByteArray associatedData(int kind, const QByteArray &rowId) const;
    bool writeRow(int kind, const QByteArray &id, const QByteArray &plaintext);
    bool sealCount();
    Result<void> inTransaction(const std::function<bool()> &work, const char *what);

    QString m_path;
    QString m_connectionName;
    QString m_providerId;
    QByteArray m_providerPrefix; // how the provider starts every row's associated data
    QByteArray m_sealKey;        // derived from the data key: for sealing
    crypto::AeadKey m_sealer;
    QByteArray m_indexKey; // derived from the data key: for row ids
};

} // namespace kete::offline
