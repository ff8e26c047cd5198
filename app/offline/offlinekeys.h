#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <functional>
#include <optional>

namespace kete {
class ChunkedSecretStore;
}

namespace kete::offline {

// The data key of each offline copy, one per (provider, patient): 256 random bits kept only in
// the OS keychain, next to the refresh token. Without it the copy is unreadable, so forgetting
// a provider deletes the key first.
class OfflineKeys final
{
public:
    // `secrets` outlives this.
    explicit OfflineKeys(ChunkedSecretStore *secrets)
        : m_secrets(secrets)
    {}

    static QString keyName(const QString &providerId, const QString &patientId);

    using KeyDone = std::function<void(Result<QByteArray>)>;
    using MaybeKeyDone = std::function<void(Result<std::optional<QByteArray>>)>;
    using Done = std::function<void(Result<void>)>;

    // The key kept for the copy, made and stored first when there is none. A key is handed out
    // only once the keychain holds it: a copy is never sealed under a key that could be lost.
    void obtain(const QString &providerId, const QString &patientId, KeyDone done);
    // The key kept for the copy, if any (reopening: no key means no copy to read).
    void find(const QString &providerId, const QString &patientId, MaybeKeyDone done);
    void remove(const QString &providerId, const QString &patientId, Done done);

private:
    ChunkedSecretStore *m_secrets;
};

} // namespace kete::offline
