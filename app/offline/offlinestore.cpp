#include "offline/offlinestore.h"

#include "common/crypto.h"
#include "offline/inparts.h"
#include "offline/valuereader.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace kete::offline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::offline::OfflineStore", text);
}

// Sealed under the key when the file is made: a wrong key is told apart from a damaged row.
const QByteArray kKeyCheck = QByteArrayLiteral("kete offline record v1");
// The value row that holds how many resources the file has.
const QString kCountName = QStringLiteral("kete.resource-count");

Error damaged(const QString &detail)
{
    return Error{QCoreApplication::translate(
                     "kete::offline::OfflineStore",
                     "The copy of your record on this computer is damaged. Kete will fetch your "
                     "record again from your provider."),
                 QStringLiteral("offline.damaged: ") + detail, ErrorCode::OfflineCopyDamaged};
}

Error notWritten(const QSqlError &error)
{
    return Error{QCoreApplication::translate(
                     "kete::offline::OfflineStore",
                     "Kete could not keep the copy of your record on this computer."),
                 QStringLiteral("offline.sql: ") + error.text(), ErrorCode::OfflineCopyNotWritten};
}

QByteArray withLength(const QString &text)
{
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream << text.toUtf8();
    return out;
}

// The plaintext of a row: its type and id (checked against the row id on reading), then the
// content.
QByteArray encodeRow(const StoredResource &resource)
{
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream << resource.type << resource.id << resource.content;
    return out;
}

std::optional<StoredResource> decodeRow(ValueReader &in, const QByteArray &plaintext)
{
    StoredResource resource;
    in.reset(plaintext);
    in >> resource.type >> resource.id >> resource.content;
    if (in.status() != ValueReader::Ok || !in.atEnd())
        return std::nullopt;
    return resource;
}

bool createOwnerOnly(const QString &path)
{
    QFile file(path);
    if (file.exists())
        return file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // Made empty and owner-only before SQLite writes anything (its journals copy the mode).
    return file.open(QIODevice::WriteOnly) &&
           file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

// What a row holds; in clear, it says no more than how many resources there are.
enum RowKind
{
    KeyCheckRow = 0,
    ResourceRow = 1,
    ValueRow = 2,
};

} // namespace

OfflineStore::OfflineStore(QString path, QString connectionName, QString providerId,
                           QByteArray dataKey)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
    , m_providerId(std::move(providerId))
    , m_providerPrefix(withLength(m_providerId))
    , m_sealKey(crypto::hmacSha256(dataKey, QByteArrayLiteral("kete offline seal key")))
    , m_sealer(m_sealKey)
    , m_indexKey(crypto::hmacSha256(dataKey, QByteArrayLiteral("kete offline index key")))
{}

OfflineStore::~OfflineStore()
{
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString OfflineStore::fileNameFor(const QByteArray &dataKey)
{
    return QString::fromLatin1(
               crypto::hmacSha256(dataKey, QByteArrayLiteral("kete offline file name"))
                   .left(16)
                   .toHex()) +
           QStringLiteral(".kete");
}

Result<std::unique_ptr<OfflineStore>>
OfflineStore::open(const QString &path, const QString &providerId, const QByteArray &dataKey)
{
    if (dataKey.size() != crypto::kAeadKeyBytes)
        return Error{tr("The key for the copy of your record is not valid."),
                     QStringLiteral("offline.wrong-key: size"), ErrorCode::OfflineCopyLocked};
    if (!createOwnerOnly(path))
        return Error{tr("Kete could not create the copy of your record on this computer."),
                     QStringLiteral("offline.create"), ErrorCode::FileNotCreated};
    const QString connectionName =
        QStringLiteral("kete-offline-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<OfflineStore> store(
        new OfflineStore(path, connectionName, providerId, dataKey));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(path);
    if (!db.open())
        return damaged(db.lastError().text());
    QSqlQuery query(db);
    // secure_delete: what is deleted or replaced is overwritten, not left in free pages.
    for (const QString &statement :
         {QStringLiteral("PRAGMA secure_delete = ON"),
          QStringLiteral("PRAGMA journal_mode = DELETE"),
          QStringLiteral("PRAGMA synchronous = FULL"),
          // A rowid table: its rows of about 1 KB stay inside the pages (WITHOUT ROWID moved
          // each to an overflow page, and the file was four times the record's JSON).
          QStringLiteral("CREATE TABLE IF NOT EXISTS rows (id BLOB PRIMARY KEY, kind INTEGER "
                         "NOT NULL, sealed BLOB NOT NULL)")}) {
        if (!query.exec(statement))
            return damaged(query.lastError().text());
    }
    // The key check has a fixed id: it must be found whatever key is tried.
    const QByteArray checkId = QByteArrayLiteral("key-check");
    query.prepare(QStringLiteral("SELECT sealed FROM rows WHERE id = ?"));
    query.addBindValue(checkId);
    if (!query.exec())
        return damaged(query.lastError().text());
    if (query.next()) {
        const auto opened = crypto::open(store->m_sealKey, query.value(0).toByteArray(),
                                         store->associatedData(KeyCheckRow, checkId));
        if (opened != kKeyCheck)
            return Error{tr("The copy of your record on this computer can no longer be read "
                            "(its key is gone). Kete will fetch your record again."),
                         QStringLiteral("offline.wrong-key"), ErrorCode::OfflineCopyLocked};
        return store;
    }
    query.prepare(QStringLiteral("INSERT INTO rows (id, kind, sealed) VALUES (?, ?, ?)"));
    query.addBindValue(checkId);
    query.addBindValue(int(KeyCheckRow));
    query.addBindValue(
        crypto::seal(store->m_sealKey, kKeyCheck, store->associatedData(KeyCheckRow, checkId)));
    if (!query.exec())
        return notWritten(query.lastError());
    return store;
}

QByteArray OfflineStore::rowId(const QString &kind, const QString &type, const QString &id) const
{
    return crypto::hmacSha256(m_indexKey, withLength(kind) + withLength(type) + withLength(id));
}

QByteArray OfflineStore::associatedData(int kind, const QByteArray &rowId) const
{
    // The row id binds type and id; with the provider and the kind, a row opens only where and
    // as what it was put.
    return m_providerPrefix + QByteArray::number(kind) + ':' + rowId;
}

Result<void> OfflineStore::inTransaction(const std::function<bool()> &work, const char *what)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction())
        return notWritten(db.lastError());
    if (!work()) {
        const QSqlError error = db.lastError();
        db.rollback();
        return Error{notWritten(error).message,
                     QStringLiteral("offline.sql: ") + QLatin1String(what),
                     ErrorCode::OfflineCopyNotWritten};
    }
    if (!db.commit())
        return notWritten(db.lastError());
    return {};
}

bool OfflineStore::writeRow(int kind, const QByteArray &id, const QByteArray &plaintext)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(
        QStringLiteral("INSERT OR REPLACE INTO rows (id, kind, sealed) VALUES (?, ?, ?)"));
    query.addBindValue(id);
    query.addBindValue(kind);
    query.addBindValue(m_sealer.seal(plaintext, associatedData(kind, id)));
    return query.exec();
}

bool OfflineStore::sealCount()
{
    // Sealed with every change: rows that vanish from the file (a page cut out) are noticed.
    return writeRow(ValueRow, rowId(QStringLiteral("value"), {}, kCountName),
                    QByteArray::number(count()));
}

Result<void> OfflineStore::put(const QList<StoredResource> &resources)
{
    return inTransaction(
        [&] {
            for (const StoredResource &resource : resources) {
                if (!writeRow(ResourceRow,
                              rowId(QStringLiteral("resource"), resource.type, resource.id),
                              encodeRow(resource)))
                    return false;
            }
            return sealCount();
        },
        "put");
}

Result<void> OfflineStore::remove(const QString &type, const QStringList &ids)
{
    return inTransaction(
        [&] {
            QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
            query.prepare(QStringLiteral("DELETE FROM rows WHERE id = ?"));
            for (const QString &id : ids) {
                query.bindValue(0, rowId(QStringLiteral("resource"), type, id));
                if (!query.exec())
                    return false;
            }
            return sealCount();
        },
        "remove");
}

Result<void> OfflineStore::replaceAll(const QList<StoredResource> &resources,
                                      const QList<std::pair<QString, QByteArray>> &values)
{
    return inTransaction(
        [&] {
            QSqlQuery clear(QSqlDatabase::database(m_connectionName, false));
            clear.prepare(QStringLiteral("DELETE FROM rows WHERE kind = ?"));
            clear.addBindValue(int(ResourceRow));
            if (!clear.exec())
                return false;
            for (const StoredResource &resource : resources) {
                if (!writeRow(ResourceRow,
                              rowId(QStringLiteral("resource"), resource.type, resource.id),
                              encodeRow(resource)))
                    return false;
            }
            for (const auto &[name, value] : values) {
                if (!writeRow(ValueRow, rowId(QStringLiteral("value"), {}, name), value))
                    return false;
            }
            return sealCount();
        },
        "replace");
}

Result<QList<StoredResource>> OfflineStore::readAll() const
{
    struct SealedRow
    {
        QByteArray id;
        int kind = 0;
        QByteArray sealed;
    };
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT id, kind, sealed FROM rows")))
        return damaged(query.lastError().text());
    std::vector<SealedRow> rows;
    while (query.next())
        rows.push_back(
            {query.value(0).toByteArray(), query.value(1).toInt(), query.value(2).toByteArray()});
    if (query.lastError().isValid())
        return damaged(query.lastError().text());

    // Opening is most of the work: one part per core. Every row must open as what it says it
    // is, not only the resources: a row whose kind was changed would otherwise drop out
    // unnoticed. The row id needs no check against the type and id inside: it is sealed in.
    const QByteArray countId = rowId(QStringLiteral("value"), {}, kCountName);
    struct Part
    {
        QList<StoredResource> resources;
        std::optional<qsizetype> sealedCount;
        bool damaged = false;
    };
    const std::vector<Part> parts =
        inParts(qsizetype(rows.size()), 512, [&](qsizetype begin, qsizetype end) {
            Part part;
            part.resources.reserve(end - begin);
            crypto::AeadKey key(m_sealKey);
            ValueReader in;
            for (qsizetype i = begin; i < end && !part.damaged; ++i) {
                const SealedRow &row = rows[size_t(i)];
                const auto plaintext = key.open(row.sealed, associatedData(row.kind, row.id));
                if (!plaintext || row.kind < KeyCheckRow || row.kind > ValueRow) {
                    part.damaged = true;
                } else if (row.kind == ResourceRow) {
                    auto resource = decodeRow(in, *plaintext);
                    if (resource)
                        part.resources.append(std::move(*resource));
                    else
                        part.damaged = true;
                } else if (row.kind == ValueRow && row.id == countId) {
                    part.sealedCount = plaintext->toLongLong();
                }
            }
            return part;
        });
    QList<StoredResource> resources;
    std::optional<qsizetype> sealedCount;
    for (const Part &part : parts) {
        if (part.damaged)
            return damaged(QStringLiteral("a row does not open"));
        resources.append(part.resources);
        if (part.sealedCount)
            sealedCount = part.sealedCount;
    }
    if (sealedCount.value_or(0) != resources.size())
        return damaged(QStringLiteral("rows are missing"));
    return resources;
}

int OfflineStore::count() const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM rows WHERE kind = ?"));
    query.addBindValue(int(ResourceRow));
    return query.exec() && query.next() ? query.value(0).toInt() : 0;
}

Result<void> OfflineStore::setValue(const QString &name, const QByteArray &value)
{
    return inTransaction(
        [&] { return writeRow(ValueRow, rowId(QStringLiteral("value"), {}, name), value); },
        "value");
}

Result<std::optional<QByteArray>> OfflineStore::value(const QString &name) const
{
    const QByteArray id = rowId(QStringLiteral("value"), {}, name);
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral("SELECT sealed FROM rows WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return damaged(query.lastError().text());
    if (!query.next())
        return std::optional<QByteArray>();
    const auto opened =
        crypto::open(m_sealKey, query.value(0).toByteArray(), associatedData(ValueRow, id));
    if (!opened)
        return damaged(QStringLiteral("a value does not open"));
    return std::optional<QByteArray>(*opened);
}

} // namespace kete::offline
