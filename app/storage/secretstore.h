#pragma once

#include "common/result.h"

#include <QObject>
#include <QString>
#include <chrono>
#include <functional>
#include <optional>

namespace kete {

// The only place secrets are persisted: the operating system's keychain (Secret Service,
// Windows Credential Manager, macOS Keychain) through QtKeychain. There is no plaintext
// fallback; when no keychain can be reached the caller is told and keeps the secret in memory.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    explicit SecretStore(QString service, QObject *parent = nullptr);

    using WriteDone = std::function<void(Result<void>)>;
    // An absent entry is a value (std::nullopt), not an error.
    using ReadDone = std::function<void(Result<std::optional<QByteArray>>)>;

    void write(const QString &key, const QByteArray &secret, WriteDone done);
    void read(const QString &key, ReadDone done);
    void remove(const QString &key, WriteDone done);

    QString service() const { return m_service; }

    // Runs the event loop until every keychain job started in this process (and what it led
    // to) has finished, or `limit` has passed; false if some had not. Called before the process
    // ends: a refresh token that was rotated and not yet written would leave the next start one the
    // provider has revoked.
    static bool finishChanges(std::chrono::milliseconds limit);

    // A change on its way to the keychain before any job is started for it (a rotated refresh
    // token the provider is still sending): finishChanges() waits for it while this lives.
    class ExpectedChange
    {
    public:
        ExpectedChange();
        ~ExpectedChange();
        Q_DISABLE_COPY_MOVE(ExpectedChange)
    };

private:
    const QString m_service;
};

} // namespace kete
