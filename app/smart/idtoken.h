#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace kete::smart {

// The claims Kete uses from a verified OpenID Connect id_token.
struct IdTokenClaims
{
    QString issuer;
    QString subject;
    QString fhirUser;
    QDateTime expiresAt;
};

struct IdTokenExpectations
{
    QStringList issuers; // the FHIR base and, when the server names one, its issuer
    QString clientId;
    QDateTime now;
    qint64 leewaySeconds = 60;
};

// Verifies an id_token signed with RS256 against a JSON Web Key Set (RFC 7517) and checks iss,
// aud and exp. Any other algorithm (`none`, HS256, ...) is refused.
Result<IdTokenClaims> verifyIdToken(const QByteArray &idToken, const QJsonObject &jwks,
                                    const IdTokenExpectations &expected);

} // namespace kete::smart
