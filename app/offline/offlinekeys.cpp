#include "offline/offlinekeys.h"

#include "common/crypto.h"
#include "storage/chunkedsecretstore.h"

namespace kete::offline {

namespace {

// Stored as base64url text: some keychains treat secrets as strings.
std::optional<QByteArray> decodeKey(const std::optional<QByteArray> &stored)
{
    if (!stored)
        return std::nullopt;
    const QByteArray key = crypto::fromBase64Url(*stored);
    if (key.size() != crypto::kAeadKeyBytes)
        return std::nullopt;
    return key;
}

} // namespace

QString OfflineKeys::keyName(const QString &providerId, const QString &patientId)
{
    return QStringLiteral("provider/%1/patient/%2/offline-key")
        .arg(providerId, patientId.isEmpty() ? QStringLiteral("-") : patientId);
}

void OfflineKeys::find(const QString &providerId, const QString &patientId, MaybeKeyDone done)
{
    m_secrets->read(keyName(providerId, patientId),
                    [done = std::move(done)](Result<std::optional<QByteArray>> stored) {
                        if (!stored)
                            done(stored.error());
                        else
                            done(decodeKey(stored.value()));
                    });
}

void OfflineKeys::obtain(const QString &providerId, const QString &patientId, KeyDone done)
{
    const QString name = keyName(providerId, patientId);
    find(providerId, patientId,
         [this, name, done = std::move(done)](Result<std::optional<QByteArray>> found) {
             if (!found) {
                 done(found.error());
                 return;
             }
             if (found.value()) {
                 done(*found.value());
                 return;
             }
             const QByteArray key = crypto::randomBytes(crypto::kAeadKeyBytes);
             m_secrets->write(name, crypto::base64Url(key), [key, done](Result<void> written) {
                 if (written)
                     done(key);
                 else
                     done(written.error());
             });
         });
}

void OfflineKeys::remove(const QString &providerId, const QString &patientId, Done done)
{
    m_secrets->remove(keyName(providerId, patientId), std::move(done));
}

} // namespace kete::offline
