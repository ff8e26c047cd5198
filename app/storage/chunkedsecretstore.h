#pragma once

#include "common/result.h"

#include <QObject>
#include <functional>
#include <optional>

namespace kete {

class SecretStore;

// SecretStore for values of any size up to maxSecretSize: Windows Credential Manager refuses
// entries above 2048 bytes (and an id_token-sized refresh token can exceed that), so a value is
// split over `key`, `key.1`, `key.2`, ... Each entry holds at most chunkSize bytes; the first
// starts with a small header that says how many chunks follow. Larger values are refused.
// Keychain jobs are chained through the event loop, never started from another job's slot.
class ChunkedSecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChunkedSecretStore)

public:
    static constexpr qsizetype chunkSize = 2048;
    static constexpr int maxChunks = 16;
    static constexpr qsizetype maxSecretSize = 30000; // fits in maxChunks with the header

    explicit ChunkedSecretStore(QString service, QObject *parent = nullptr);
    ~ChunkedSecretStore() override;

    using WriteDone = std::function<void(Result<void>)>;
    using ReadDone = std::function<void(Result<std::optional<QByteArray>>)>;

    void write(const QString &key, const QByteArray &secret, WriteDone done);
    void read(const QString &key, ReadDone done);
    void remove(const QString &key, WriteDone done);

    // The entries one value occupies (for tests and diagnostics): key, key.1, ...
    static QStringList entryKeys(const QString &key, int chunkCount);
    // How `secret` is split (header included in the first chunk).
    static QList<QByteArray> split(const QByteArray &secret);

private:
    void writeChunks(QStringList keys, QList<QByteArray> chunks, WriteDone done);
    void removeKeys(QStringList keys, WriteDone done);
    void readRest(const QString &key, int index, int count, QByteArray collected, ReadDone done);

    SecretStore *m_store;
};

} // namespace kete
