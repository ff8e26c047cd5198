#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <memory>

using EVP_PKEY = struct evp_pkey_st;

namespace kete::sandbox {

// Signs id_tokens: an RSA-2048 key (generated, or loaded from PEM), RS256 JWS compact
// serialization, and the public key as a JWKS with its RFC 7638 thumbprint as kid.
class JwtSigner
{
public:
    // A fresh RSA-2048 key.
    JwtSigner();
    ~JwtSigner();
    JwtSigner(const JwtSigner &) = delete;
    JwtSigner &operator=(const JwtSigner &) = delete;

    static Result<std::unique_ptr<JwtSigner>> fromPem(const QByteArray &privateKeyPem);

    QString keyId() const { return m_keyId; }
    // header.payload.signature, header {"alg":"RS256","typ":"JWT","kid":...}.
    QByteArray sign(const QJsonObject &claims) const;
    // {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":...,"n":...,"e":...}]}
    QJsonObject jwks() const;

private:
    struct KeyDeleter
    {
        void operator()(EVP_PKEY *key) const;
    };
    explicit JwtSigner(EVP_PKEY *key);
    void describeKey();

    std::unique_ptr<EVP_PKEY, KeyDeleter> m_key;
    QByteArray m_modulus;  // base64url
    QByteArray m_exponent; // base64url
    QString m_keyId;
};

} // namespace kete::sandbox
