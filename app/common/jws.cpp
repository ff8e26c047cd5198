#include "common/jws.h"

#include "common/crypto.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

namespace kete::jws {

namespace {

struct Deleter
{
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(OSSL_PARAM_BLD *p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM *p) const { OSSL_PARAM_free(p); }
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
};
template<typename T> using Owned = std::unique_ptr<T, Deleter>;

constexpr int minimumBits = 2048;

Error refused(const QString &why)
{
    return Error{QCoreApplication::translate("kete::jws", "The signed token is not valid."), why};
}

QByteArray bigNumberParam(EVP_PKEY *key, const char *name)
{
    BIGNUM *number = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &number) != 1)
        qFatal("RsaKey: the key has no %s", name);
    QByteArray bytes(BN_num_bytes(number), Qt::Uninitialized);
    BN_bn2bin(number, reinterpret_cast<unsigned char *>(bytes.data()));
    BN_free(number);
    return crypto::base64Url(bytes);
}

Owned<BIGNUM> bignum(const QByteArray &bigEndian)
{
    return Owned<BIGNUM>(BN_bin2bn(reinterpret_cast<const unsigned char *>(bigEndian.constData()),
                                   int(bigEndian.size()), nullptr));
}

Owned<EVP_PKEY> rsaPublicKey(const QJsonObject &jwk)
{
    if (jwk.value(QLatin1String("kty")).toString() != QLatin1String("RSA"))
        return nullptr;
    const auto n =
        bignum(crypto::fromBase64Url(jwk.value(QLatin1String("n")).toString().toLatin1()));
    const auto e =
        bignum(crypto::fromBase64Url(jwk.value(QLatin1String("e")).toString().toLatin1()));
    if (!n || !e || BN_is_zero(n.get()) || BN_is_zero(e.get()) ||
        BN_num_bits(n.get()) < minimumBits)
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

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

} // namespace

void RsaKey::KeyDeleter::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}

RsaKey::RsaKey(EVP_PKEY *key)
    : m_key(key)
{
    if (!m_key)
        qFatal("RsaKey: no key");
}

RsaKey::RsaKey(RsaKey &&) noexcept = default;
RsaKey &RsaKey::operator=(RsaKey &&) noexcept = default;
RsaKey::~RsaKey() = default;

RsaKey RsaKey::generate()
{
    return RsaKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(minimumBits)));
}

Result<RsaKey> RsaKey::fromPrivatePem(const QByteArray &pem)
{
    Owned<BIO> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key) < minimumBits) {
        EVP_PKEY_free(key);
        return Error{QCoreApplication::translate("kete::jws", "The saved key cannot be used."),
                     QStringLiteral("jws.key: not an RSA private key of 2048 bits or more")};
    }
    return RsaKey(key);
}

QByteArray RsaKey::privatePem() const
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1)
        qFatal("RsaKey: the key could not be written");
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

QString RsaKey::keyId() const
{
    // RFC 7638: the required members in lexicographic order, no whitespace.
    const QByteArray input =
        QByteArrayLiteral("{\"e\":\"") + bigNumberParam(m_key.get(), OSSL_PKEY_PARAM_RSA_E) +
        QByteArrayLiteral("\",\"kty\":\"RSA\",\"n\":\"") +
        bigNumberParam(m_key.get(), OSSL_PKEY_PARAM_RSA_N) + QByteArrayLiteral("\"}");
    return QString::fromLatin1(crypto::base64Url(crypto::sha256(input)));
}

QJsonObject RsaKey::publicJwk() const
{
    return QJsonObject{{QStringLiteral("kty"), QStringLiteral("RSA")},
                       {QStringLiteral("alg"), QStringLiteral("RS256")},
                       {QStringLiteral("use"), QStringLiteral("sig")},
                       {QStringLiteral("kid"), keyId()},
                       {QStringLiteral("n"),
                        QString::fromLatin1(bigNumberParam(m_key.get(), OSSL_PKEY_PARAM_RSA_N))},
                       {QStringLiteral("e"),
                        QString::fromLatin1(bigNumberParam(m_key.get(), OSSL_PKEY_PARAM_RSA_E))}};
}

QByteArray RsaKey::sign(const QJsonObject &claims) const
{
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                             {QStringLiteral("typ"), QStringLiteral("JWT")},
                             {QStringLiteral("kid"), keyId()}};
    const QByteArray input =
        crypto::base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
        crypto::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    size_t length = 0;
    if (!context ||
        EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &length, bytes(input), size_t(input.size())) != 1)
        qFatal("RsaKey: RS256 signing failed");
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       bytes(input), size_t(input.size())) != 1)
        qFatal("RsaKey: RS256 signing failed");
    signature.resize(qsizetype(length));
    return input + '.' + crypto::base64Url(signature);
}

std::optional<QJsonObject> decodeJsonPart(const QByteArray &part)
{
    const QByteArray decoded = crypto::fromBase64Url(part);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(decoded, &error);
    if (decoded.isEmpty() || error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

std::optional<bool> verifyRs256Signature(const QJsonObject &publicJwk,
                                         const QByteArray &signingInput,
                                         const QByteArray &signature)
{
    const Owned<EVP_PKEY> key = rsaPublicKey(publicJwk);
    if (!key)
        return std::nullopt;
    Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    return context &&
           EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
           EVP_DigestVerify(context.get(), bytes(signature), size_t(signature.size()),
                            bytes(signingInput), size_t(signingInput.size())) == 1;
}

Result<VerifiedJwt> verifyRs256(const QByteArray &compact, const QJsonObject &publicJwk)
{
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() != 3)
        return refused(QStringLiteral("jws.malformed: not a compact serialization"));
    const auto header = decodeJsonPart(parts.at(0));
    const auto claims = decodeJsonPart(parts.at(1));
    const QByteArray signature = crypto::fromBase64Url(parts.at(2));
    if (!header || !claims || signature.isEmpty())
        return refused(QStringLiteral("jws.malformed: header, claims or signature"));
    if (header->value(QLatin1String("alg")).toString() != QLatin1String("RS256"))
        return refused(QStringLiteral("jws.alg: not RS256"));
    const std::optional<bool> valid =
        verifyRs256Signature(publicJwk, parts.at(0) + '.' + parts.at(1), signature);
    if (!valid)
        return refused(QStringLiteral("jws.key: not an RSA public key of 2048 bits or more"));
    if (!*valid)
        return refused(QStringLiteral("jws.signature: does not verify with the registered key"));
    return VerifiedJwt{*header, *claims};
}

} // namespace kete::jws
