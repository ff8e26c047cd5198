#include "smart/idtoken.h"

#include "common/crypto.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <memory>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace kete::smart {

namespace {

Error rejected(const QString &why)
{
    return Error{QCoreApplication::translate("kete::smart::IdToken",
                                             "The provider's proof of who signed in could not be "
                                             "verified, so Kete did not complete the sign-in."),
                 QStringLiteral("id_token.") + why, ErrorCode::IdTokenRejected};
}

struct Deleter
{
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(OSSL_PARAM_BLD *p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM *p) const { OSSL_PARAM_free(p); }
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
};
template<typename T> using Owned = std::unique_ptr<T, Deleter>;

Owned<BIGNUM> bignum(const QByteArray &bigEndian)
{
    return Owned<BIGNUM>(BN_bin2bn(reinterpret_cast<const unsigned char *>(bigEndian.constData()),
                                   int(bigEndian.size()), nullptr));
}

Owned<EVP_PKEY> rsaPublicKey(const QJsonObject &jwk)
{
    const auto n =
        bignum(crypto::fromBase64Url(jwk.value(QLatin1String("n")).toString().toLatin1()));
    const auto e =
        bignum(crypto::fromBase64Url(jwk.value(QLatin1String("e")).toString().toLatin1()));
    if (!n || !e || BN_is_zero(n.get()) || BN_is_zero(e.get()) || BN_num_bits(n.get()) < 2048)
        return nullptr;
    Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
        return nullptr;
    Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder.get()));
    Owned<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return nullptr;
    return Owned<EVP_PKEY>(key);
}

bool verifyRs256(EVP_PKEY *key, const QByteArray &signedPart, const QByteArray &signature)
{
    Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    if (!context || EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1)
        return false;
    return EVP_DigestVerify(context.get(),
                            reinterpret_cast<const unsigned char *>(signature.constData()),
                            size_t(signature.size()),
                            reinterpret_cast<const unsigned char *>(signedPart.constData()),
                            size_t(signedPart.size())) == 1;
}

std::optional<QJsonObject> decodePart(const QByteArray &part)
{
    const QByteArray decoded = crypto::fromBase64Url(part);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(decoded, &error);
    if (decoded.isEmpty() || error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
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
    const auto header = decodePart(parts.at(0));
    const auto payload = decodePart(parts.at(1));
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
        const auto key = rsaPublicKey(jwk);
        if (!key)
            continue;
        keyFound = true;
        if (verifyRs256(key.get(), signedPart, signature)) {
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
