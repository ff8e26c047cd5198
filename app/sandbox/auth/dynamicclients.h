#pragma once

#include "common/result.h"
#include "sandbox/auth/accessgrant.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <chrono>

namespace kete::sandbox {

// Clients that registered themselves (RFC 7591) after a sign-in, as Epic lets patient-facing
// native apps do: each holds the public JWK it sent and the grant of the sign-in it came from,
// and obtains tokens with the JWT bearer grant (RFC 7523), an assertion signed with that key.
//
// Assertions are verified strictly: RS256 signature against the registered JWK, iss = sub = the
// dynamic client id, aud = the token endpoint exactly, exp in the future and at most
// maxAssertionLifetime ahead, a jti never seen before (kept until its exp). Not thread-safe:
// the authorization server's thread only.
class DynamicClients final
{
public:
    static constexpr std::chrono::seconds maxAssertionLifetime{300};

    // A new client id for `jwk`, bound to the grant (scopes, patient, user) of the sign-in.
    QString add(const QJsonObject &publicJwk, const QString &softwareId, const AccessGrant &grant);
    bool contains(const QString &clientId) const;
    // The registration ends: its assertions are refused from now on.
    void revoke(const QString &clientId);

    struct Redeemed
    {
        QString clientId;
        AccessGrant grant; // to issue, without expiry
    };
    // The error's detail starts with the OAuth error: "invalid_client: ..." or "invalid_grant:
    // ...".
    Result<Redeemed> redeem(const QByteArray &assertion, const QString &tokenEndpoint,
                            const QDateTime &now);

    qsizetype size() const { return m_clients.size(); }

private:
    struct Registered
    {
        QJsonObject jwk;
        QString softwareId;
        AccessGrant grant;
        bool revoked = false;
    };
    QHash<QString, Registered> m_clients;
    QHash<QString, QDateTime> m_usedJtis; // jti -> its exp, kept that long
};

} // namespace kete::sandbox
