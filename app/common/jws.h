#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>

using EVP_PKEY = struct evp_pkey_st;

// Signed JSON Web Tokens with RS256 (RFC 7515, 7518, 7519), for what both sides of dynamic
// client registration need: Kete signs its JWT bearer assertions with its own key, the sandbox
// verifies them against the public JWK Kete registered.
namespace kete::jws {

// An RSA-2048 key pair. The private part is a secret: privatePem() is only for the keychain.
class RsaKey final
{
public:
    static RsaKey generate();
    // A PKCS #8 PEM private key of at least 2048 bits, as privatePem() wrote it.
    static Result<RsaKey> fromPrivatePem(const QByteArray &pem);

    RsaKey(RsaKey &&) noexcept;
    RsaKey &operator=(RsaKey &&) noexcept;
    ~RsaKey();

    QByteArray privatePem() const;
    // {"kty":"RSA","alg":"RS256","use":"sig","kid":<RFC 7638 thumbprint>,"n":...,"e":...}
    QJsonObject publicJwk() const;
    QString keyId() const;
    // header.payload.signature; the header is {"alg":"RS256","typ":"JWT","kid":keyId()}.
    QByteArray sign(const QJsonObject &claims) const;

private:
    struct KeyDeleter
    {
        void operator()(EVP_PKEY *key) const;
    };
    explicit RsaKey(EVP_PKEY *key);

    std::unique_ptr<EVP_PKEY, KeyDeleter> m_key;
};

struct VerifiedJwt
{
    QJsonObject header;
    QJsonObject claims;
};

// One base64url part of a compact JWS read as a JSON object; nullopt when it is not one.
std::optional<QJsonObject> decodeJsonPart(const QByteArray &part);

// Whether `signature` is the RS256 signature of `signingInput` by `publicJwk`; nullopt when the
// JWK is not an RSA public key of at least 2048 bits.
std::optional<bool> verifyRs256Signature(const QJsonObject &publicJwk,
                                         const QByteArray &signingInput,
                                         const QByteArray &signature);

// Checks the shape and the RS256 signature of a compact JWS against an RSA public JWK (at least
// 2048 bits). The error's detail says what was wrong; the claims are not checked here.
Result<VerifiedJwt> verifyRs256(const QByteArray &compact, const QJsonObject &publicJwk);

} // namespace kete::jws
