#include "smart/idtoken.h"

#include "common/crypto.h"
#include "common/jws.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace kete::smart {

namespace {

Error rejected(const QString &why)
{
    return Error{QCoreApplication::translate("kete::smart::IdToken",
                                             "The provider's proof of who signed in could not be "
                                             "verified, so Kete did not complete the sign-in."),
                 QStringLiteral("id_token.") + why, ErrorCode::IdTokenRejected};
}

QString withoutTrailingSlash(QString url)
{
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return url;
}

} // namespace

Result<IdTokenClaims> verifyIdToken(const QByteArray &idToken, const QJsonObject &jwks,
                                    const IdTokenExpectations &expected)
{
    const QList<QByteArray> parts = idToken.split('.');
    if (parts.size() != 3)
        return rejected(QStringLiteral("malformed: not a JWS compact serialization"));
    const auto header = jws::decodeJsonPart(parts.at(0));
    const auto payload = jws::decodeJsonPart(parts.at(1));
    const QByteArray signature = crypto::fromBase64Url(parts.at(2));
    if (!header || !payload || signature.isEmpty())
        return rejected(QStringLiteral("malformed: header, payload or signature"));
    if (header->value(QLatin1String("alg")).toString() != QLatin1String("RS256"))
        return rejected(QStringLiteral("alg not RS256: ") +
                        header->value(QLatin1String("alg")).toString().left(10));

    const QString kid = header->value(QLatin1String("kid")).toString();
    const QByteArray signedPart = parts.at(0) + '.' + parts.at(1);
    bool keyFound = false;
    bool verified = false;
    const QJsonArray keys = jwks.value(QLatin1String("keys")).toArray();
    for (const QJsonValue &value : keys) {
        const QJsonObject jwk = value.toObject();
        if (jwk.value(QLatin1String("kty")).toString() != QLatin1String("RSA"))
            continue;
        if (!kid.isEmpty() && jwk.value(QLatin1String("kid")).toString() != kid)
            continue;
        const QString use = jwk.value(QLatin1String("use")).toString();
        if (!use.isEmpty() && use != QLatin1String("sig"))
            continue;
        const std::optional<bool> valid = jws::verifyRs256Signature(jwk, signedPart, signature);
        if (!valid)
            continue;
        keyFound = true;
        if (*valid) {
            verified = true;
            break;
        }
    }
    if (!keyFound)
        return rejected(QStringLiteral("no usable RSA key for kid '%1' in the JWKS").arg(kid));
    if (!verified)
        return rejected(QStringLiteral("bad signature"));

    IdTokenClaims claims;
    claims.issuer = payload->value(QLatin1String("iss")).toString();
    claims.subject = payload->value(QLatin1String("sub")).toString();
    claims.fhirUser = payload->value(QLatin1String("fhirUser")).toString();
    const double exp = payload->value(QLatin1String("exp")).toDouble(-1);
    if (exp <= 0)
        return rejected(QStringLiteral("no exp"));
    claims.expiresAt = QDateTime::fromSecsSinceEpoch(qint64(exp)).toUTC();

    bool issuerOk = false;
    for (const QString &issuer : expected.issuers)
        issuerOk = issuerOk || (!issuer.isEmpty() && withoutTrailingSlash(issuer) ==
                                                         withoutTrailingSlash(claims.issuer));
    if (!issuerOk)
        return rejected(QStringLiteral("wrong iss"));

    const QJsonValue aud = payload->value(QLatin1String("aud"));
    QStringList audiences;
    if (aud.isArray()) {
        const QJsonArray array = aud.toArray();
        for (const QJsonValue &item : array)
            audiences.append(item.toString());
    } else {
        audiences.append(aud.toString());
    }
    if (expected.clientId.isEmpty() || !audiences.contains(expected.clientId))
        return rejected(QStringLiteral("wrong aud"));
    if (audiences.size() > 1 &&
        payload->value(QLatin1String("azp")).toString() != expected.clientId)
        return rejected(QStringLiteral("several audiences and azp is not the client"));

    if (expected.now.secsTo(claims.expiresAt) < -expected.leewaySeconds)
        return rejected(QStringLiteral("expired"));
    return claims;
}

} // namespace kete::smart
