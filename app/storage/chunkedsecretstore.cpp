#include "storage/chunkedsecretstore.h"

#include "common/logging.h"
#include "storage/secretstore.h"

#include <QCoreApplication>

namespace kete {

namespace {

// "kete-chunks:<n>\n" before the first chunk's bytes.
const QByteArray headerPrefix = QByteArrayLiteral("kete-chunks:");

QByteArray header(int count)
{
    return headerPrefix + QByteArray::number(count) + '\n';
}

std::optional<std::pair<int, QByteArray>> parseFirst(const QByteArray &entry)
{
    if (!entry.startsWith(headerPrefix))
        return std::nullopt;
    const qsizetype newline = entry.indexOf('\n');
    if (newline < 0)
        return std::nullopt;
    bool ok = false;
    const int count = entry.mid(headerPrefix.size(), newline - headerPrefix.size()).toInt(&ok);
    if (!ok || count < 1 || count > ChunkedSecretStore::maxChunks)
        return std::nullopt;
    return std::make_pair(count, entry.mid(newline + 1));
}

Error corrupt()
{
    return Error{QCoreApplication::translate("kete::ChunkedSecretStore",
                                             "A saved sign-in in the system keychain is "
                                             "damaged."),
                 QStringLiteral("keychain.chunks-corrupt"), ErrorCode::KeychainCorrupt};
}

} // namespace

ChunkedSecretStore::ChunkedSecretStore(QString service, QObject *parent)
    : QObject(parent)
    , m_store(new SecretStore(std::move(service), this))
{}

ChunkedSecretStore::~ChunkedSecretStore() = default;

QStringList ChunkedSecretStore::entryKeys(const QString &key, int chunkCount)
{
    QStringList keys{key};
    for (int index = 1; index < chunkCount; ++index)
        keys.append(key + QLatin1Char('.') + QString::number(index));
    return keys;
}

QList<QByteArray> ChunkedSecretStore::split(const QByteArray &secret)
{
    // The header's size depends on the count, which depends on the header's size: one digit
    // or two is all maxChunks allows, so take the larger.
    const qsizetype firstCapacity = chunkSize - header(maxChunks).size();
    const qsizetype rest = qMax<qsizetype>(0, secret.size() - firstCapacity);
    const int count = 1 + int((rest + chunkSize - 1) / chunkSize);
    QList<QByteArray> chunks{header(count) + secret.left(firstCapacity)};
    for (qsizetype offset = firstCapacity; offset < secret.size(); offset += chunkSize)
        chunks.append(secret.mid(offset, chunkSize));
    return chunks;
}

void ChunkedSecretStore::write(const QString &key, const QByteArray &secret, WriteDone done)
{
    if (secret.size() > maxSecretSize) {
        const Error error{tr("This sign-in is too large for the system keychain, so Kete will "
                             "not remember it."),
                          QStringLiteral("keychain.too-large: %1 bytes").arg(secret.size())};
        QMetaObject::invokeMethod(
            this, [done = std::move(done), error] { done(error); }, Qt::QueuedConnection);
        return;
    }
    const QList<QByteArray> chunks = split(secret);
    // Read the old value's chunk count first so that leftover chunks of a longer value go too.
    m_store->read(key, [this, key, chunks,
                        done = std::move(done)](Result<std::optional<QByteArray>> old) mutable {
        int oldCount = 0;
        if (old.ok() && old.value().has_value()) {
            const auto first = parseFirst(*old.value());
            oldCount = first ? first->first : 0;
        }
        const QStringList stale = entryKeys(key, oldCount).mid(int(chunks.size()));
        QStringList keys = entryKeys(key, int(chunks.size()));
        // Later chunks first, the first (with the header) last: a reader never finds a header
        // pointing at chunks that are not there yet.
        std::reverse(keys.begin(), keys.end());
        QList<QByteArray> reversed(chunks.crbegin(), chunks.crend());
        QMetaObject::invokeMethod(
            this,
            [this, keys, reversed, stale, done = std::move(done)]() mutable {
                writeChunks(keys, reversed,
                            [this, stale, done = std::move(done)](Result<void> written) mutable {
                                if (!written || stale.isEmpty()) {
                                    done(written);
                                    return;
                                }
                                removeKeys(stale, std::move(done));
                            });
            },
            Qt::QueuedConnection);
    });
}

void ChunkedSecretStore::writeChunks(QStringList keys, QList<QByteArray> chunks, WriteDone done)
{
    if (keys.isEmpty()) {
        done({});
        return;
    }
    const QString key = keys.takeFirst();
    const QByteArray chunk = chunks.takeFirst();
    m_store->write(key, chunk,
                   [this, keys, chunks, done = std::move(done)](Result<void> written) mutable {
                       if (!written) {
                           done(written);
                           return;
                       }
                       QMetaObject::invokeMethod(
                           this,
                           [this, keys, chunks, done = std::move(done)]() mutable {
                               writeChunks(keys, chunks, std::move(done));
                           },
                           Qt::QueuedConnection);
                   });
}

void ChunkedSecretStore::removeKeys(QStringList keys, WriteDone done)
{
    if (keys.isEmpty()) {
        done({});
        return;
    }
    const QString key = keys.takeFirst();
    m_store->remove(key, [this, keys, done = std::move(done)](Result<void> removed) mutable {
        if (!removed) {
            done(removed);
            return;
        }
        QMetaObject::invokeMethod(
            this,
            [this, keys, done = std::move(done)]() mutable { removeKeys(keys, std::move(done)); },
            Qt::QueuedConnection);
    });
}

void ChunkedSecretStore::read(const QString &key, ReadDone done)
{
    m_store->read(
        key, [this, key, done = std::move(done)](Result<std::optional<QByteArray>> first) mutable {
            if (!first.ok() || !first.value().has_value()) {
                done(first);
                return;
            }
            const auto parsed = parseFirst(*first.value());
            if (!parsed) {
                done(corrupt());
                return;
            }
            QMetaObject::invokeMethod(
                this,
                [this, key, parsed, done = std::move(done)]() mutable {
                    readRest(key, 1, parsed->first, parsed->second, std::move(done));
                },
                Qt::QueuedConnection);
        });
}

void ChunkedSecretStore::readRest(const QString &key, int index, int count, QByteArray collected,
                                  ReadDone done)
{
    if (index >= count) {
        done(std::optional<QByteArray>(collected));
        return;
    }
    m_store->read(entryKeys(key, index + 1).constLast(),
                  [this, key, index, count, collected,
                   done = std::move(done)](Result<std::optional<QByteArray>> chunk) mutable {
                      if (!chunk.ok()) {
                          done(chunk);
                          return;
                      }
                      if (!chunk.value().has_value()) {
                          done(corrupt());
                          return;
                      }
                      collected += *chunk.value();
                      QMetaObject::invokeMethod(
                          this,
                          [this, key, index, count, collected, done = std::move(done)]() mutable {
                              readRest(key, index + 1, count, collected, std::move(done));
                          },
                          Qt::QueuedConnection);
                  });
}

void ChunkedSecretStore::remove(const QString &key, WriteDone done)
{
    m_store->read(key, [this, key,
                        done = std::move(done)](Result<std::optional<QByteArray>> first) mutable {
        int count = 1;
        if (first.ok() && first.value().has_value()) {
            const auto parsed = parseFirst(*first.value());
            count = parsed ? parsed->first : 1;
        }
        // The first entry last: if removal stops half-way, what remains is still findable.
        QStringList keys = entryKeys(key, count);
        std::reverse(keys.begin(), keys.end());
        QMetaObject::invokeMethod(
            this,
            [this, keys, done = std::move(done)]() mutable { removeKeys(keys, std::move(done)); },
            Qt::QueuedConnection);
    });
}

} // namespace kete
