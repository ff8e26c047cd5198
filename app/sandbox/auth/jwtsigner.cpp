#include "sandbox/auth/jwtsigner.h"

#include "common/crypto.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace kete::sandbox {

namespace {

QByteArray bigNumberParam(EVP_PKEY *key, const char *name)
{
    BIGNUM *number = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &number) != 1)
        qFatal("JwtSigner: the RSA key has no %s", name);
    QByteArray bytes(BN_num_bytes(number), Qt::Uninitialized);
    BN_bn2bin(number, reinterpret_cast<unsigned char *>(bytes.data()));
    BN_free(number);
    return crypto::base64Url(bytes);
}

} // namespace

void JwtSigner::KeyDeleter::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}

JwtSigner::JwtSigner()
    : JwtSigner(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)))
{}

JwtSigner::JwtSigner(EVP_PKEY *key)
    : m_key(key)
{
    if (!m_key)
        qFatal("JwtSigner: no RSA key");
    describeKey();
}

JwtSigner::~JwtSigner() = default;

Result<std::unique_ptr<JwtSigner>> JwtSigner::fromPem(const QByteArray &privateKeyPem)
{
    BIO *bio = BIO_new_mem_buf(privateKeyPem.constData(), int(privateKeyPem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key) < 2048) {
        EVP_PKEY_free(key);
        return Error{QCoreApplication::translate("kete::sandbox::JwtSigner",
                                                 "The signing key cannot be used."),
                     QStringLiteral("not an RSA private key of at least 2048 bits in PEM")};
    }
    return std::unique_ptr<JwtSigner>(new JwtSigner(key));
}

void JwtSigner::describeKey()
{
    m_modulus = bigNumberParam(m_key.get(), OSSL_PKEY_PARAM_RSA_N);
    m_exponent = bigNumberParam(m_key.get(), OSSL_PKEY_PARAM_RSA_E);
    // RFC 7638: members in lexicographic order, no whitespace.
    const QByteArray thumbprintInput = QByteArrayLiteral("{\"e\":\"") + m_exponent +
                                       QByteArrayLiteral("\",\"kty\":\"RSA\",\"n\":\"") +
                                       m_modulus + QByteArrayLiteral("\"}");
    m_keyId = QString::fromLatin1(crypto::base64Url(crypto::sha256(thumbprintInput)));
}

QByteArray JwtSigner::sign(const QJsonObject &claims) const
{
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                             {QStringLiteral("typ"), QStringLiteral("JWT")},
                             {QStringLiteral("kid"), m_keyId}};
    const QByteArray signingInput =
        crypto::base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
        crypto::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));

    EVP_MD_CTX *context = EVP_MD_CTX_new();
    size_t length = 0;
    QByteArray signature;
    if (EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, m_key.get()) == 1 &&
        EVP_DigestSign(context, nullptr, &length,
                       reinterpret_cast<const unsigned char *>(signingInput.constData()),
                       size_t(signingInput.size())) == 1) {
        signature.resize(qsizetype(length));
        if (EVP_DigestSign(context, reinterpret_cast<unsigned char *>(signature.data()), &length,
                           reinterpret_cast<const unsigned char *>(signingInput.constData()),
                           size_t(signingInput.size())) != 1)
            qFatal("JwtSigner: RS256 signing failed");
        signature.resize(qsizetype(length));
    } else {
        qFatal("JwtSigner: RS256 signing failed");
    }
    EVP_MD_CTX_free(context);
    return signingInput + '.' + crypto::base64Url(signature);
}

QJsonObject JwtSigner::jwks() const
{
    const QJsonObject key{{QStringLiteral("kty"), QStringLiteral("RSA")},
                          {QStringLiteral("use"), QStringLiteral("sig")},
                          {QStringLiteral("alg"), QStringLiteral("RS256")},
                          {QStringLiteral("kid"), m_keyId},
                          {QStringLiteral("n"), QString::fromLatin1(m_modulus)},
                          {QStringLiteral("e"), QString::fromLatin1(m_exponent)}};
    return QJsonObject{{QStringLiteral("keys"), QJsonArray{key}}};
}

} // namespace kete::sandbox
