#include "sandbox/auth/dynamicclients.h"

#include "common/crypto.h"
#include "common/jws.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QUuid>

namespace kete::sandbox {

namespace {

Error refusal(const char *oauthError, const QString &why)
{
    return Error{
        QCoreApplication::translate("kete::sandbox::DynamicClients", "The assertion was refused."),
        QLatin1String(oauthError) + QStringLiteral(": ") + why};
}

} // namespace

QString DynamicClients::add(const QJsonObject &publicJwk, const QString &softwareId,
                            const AccessGrant &grant)
{
    const QString clientId =
        QStringLiteral("dyn-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    AccessGrant bound = grant;
    bound.clientId = clientId;
    bound.expiresAt = {};
    m_clients.insert(clientId, Registered{publicJwk, softwareId, bound, false});
    return clientId;
}

bool DynamicClients::contains(const QString &clientId) const
{
    return m_clients.contains(clientId);
}

void DynamicClients::revoke(const QString &clientId)
{
    const auto found = m_clients.find(clientId);
    if (found != m_clients.end())
        found->revoked = true;
}

Result<DynamicClients::Redeemed> DynamicClients::redeem(const QByteArray &assertion,
                                                        const QString &tokenEndpoint,
                                                        const QDateTime &now)
{
    m_usedJtis.removeIf([&](const auto &entry) { return entry.value() < now; });

    // The issuer says which key to check against; nothing of it is trusted before the signature.
    const QList<QByteArray> parts = assertion.split('.');
    const QJsonObject unverified =
        parts.size() == 3 ? QJsonDocument::fromJson(crypto::fromBase64Url(parts.at(1))).object()
                          : QJsonObject();
    const QString issuer = unverified.value(QLatin1String("iss")).toString();
    const auto client = m_clients.constFind(issuer);
    if (client == m_clients.cend())
        return refusal("invalid_client", QStringLiteral("iss is not a registered client"));
    if (client->revoked)
        return refusal("invalid_client", QStringLiteral("the registration was revoked"));

    const Result<jws::VerifiedJwt> verified = jws::verifyRs256(assertion, client->jwk);
    if (!verified)
        return refusal("invalid_grant", verified.error().detail);
    const QJsonObject &claims = verified->claims;
    if (claims.value(QLatin1String("sub")).toString() != issuer)
        return refusal("invalid_grant", QStringLiteral("sub must equal iss"));
    if (claims.value(QLatin1String("aud")).toString() != tokenEndpoint)
        return refusal("invalid_grant", QStringLiteral("aud must be the token endpoint"));
    const qint64 exp = claims.value(QLatin1String("exp")).toInteger(-1);
    const qint64 nowSeconds = now.toSecsSinceEpoch();
    if (exp <= nowSeconds)
        return refusal("invalid_grant", QStringLiteral("the assertion has expired"));
    if (exp > nowSeconds + maxAssertionLifetime.count())
        return refusal("invalid_grant", QStringLiteral("exp is more than 5 minutes ahead"));
    const QString jti = claims.value(QLatin1String("jti")).toString();
    if (jti.isEmpty())
        return refusal("invalid_grant", QStringLiteral("jti is required"));
    if (m_usedJtis.contains(jti))
        return refusal("invalid_grant", QStringLiteral("jti was used before"));
    m_usedJtis.insert(jti, QDateTime::fromSecsSinceEpoch(exp).toUTC());
    return Redeemed{issuer, client->grant};
}

} // namespace kete::sandbox
