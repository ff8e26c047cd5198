#include "smart/clientassertion.h"

#include "common/crypto.h"
#include "common/jws.h"

#include <QJsonObject>

namespace kete::smart {

QByteArray clientAssertion(const jws::RsaKey &key, const QString &clientId,
                           const QUrl &tokenEndpoint, const QDateTime &now)
{
    const qint64 issuedAt = now.toSecsSinceEpoch();
    return key.sign(QJsonObject{
        {QStringLiteral("iss"), clientId},
        {QStringLiteral("sub"), clientId},
        {QStringLiteral("aud"), tokenEndpoint.toString(QUrl::FullyEncoded)},
        {QStringLiteral("iat"), issuedAt},
        {QStringLiteral("exp"), issuedAt + kAssertionLifetime.count()},
        {QStringLiteral("jti"), QString::fromLatin1(crypto::randomToken(24))},
    });
}

} // namespace kete::smart
