#include "common/crypto.h"
#include "sandbox/auth/jwtsigner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

using namespace kete;
using namespace kete::sandbox;

namespace {

// Verifies an RS256 JWS with nothing but the published JWK, as a relying party would.
bool verifyWithJwk(const QByteArray &jws, const QJsonObject &jwk)
{
    const QList<QByteArray> parts = jws.split('.');
    if (parts.size() != 3)
        return false;
    const QByteArray n = crypto::fromBase64Url(jwk.value(QLatin1String("n")).toString().toLatin1());
    const QByteArray e = crypto::fromBase64Url(jwk.value(QLatin1String("e")).toString().toLatin1());
    BIGNUM *modulus =
        BN_bin2bn(reinterpret_cast<const unsigned char *>(n.constData()), int(n.size()), nullptr);
    BIGNUM *exponent =
        BN_bin2bn(reinterpret_cast<const unsigned char *>(e.constData()), int(e.size()), nullptr);
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus);
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(builder);
    EVP_PKEY_CTX *keyContext = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY *key = nullptr;
    EVP_PKEY_fromdata_init(keyContext);
    EVP_PKEY_fromdata(keyContext, &key, EVP_PKEY_PUBLIC_KEY, params);
    const QByteArray input = parts[0] + '.' + parts[1];
    const QByteArray signature = crypto::fromBase64Url(parts[2]);
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    const bool ok =
        key && EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(signature.constData()),
                         size_t(signature.size()),
                         reinterpret_cast<const unsigned char *>(input.constData()),
                         size_t(input.size())) == 1;
    EVP_MD_CTX_free(context);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(keyContext);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    BN_free(modulus);
    BN_free(exponent);
    return ok;
}

QJsonObject partOf(const QByteArray &jws, int index)
{
    return QJsonDocument::fromJson(crypto::fromBase64Url(jws.split('.').value(index))).object();
}

} // namespace

class tst_JwtSigner : public QObject
{
    Q_OBJECT

    std::unique_ptr<JwtSigner> m_signer;

private slots:
    void initTestCase() { m_signer = std::make_unique<JwtSigner>(); }

    void jwksDescribesTheKey()
    {
        const QJsonArray keys = m_signer->jwks().value(QLatin1String("keys")).toArray();
        QCOMPARE(keys.size(), 1);
        const QJsonObject key = keys.first().toObject();
        QCOMPARE(key.value(QLatin1String("kty")).toString(), QStringLiteral("RSA"));
        QCOMPARE(key.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(key.value(QLatin1String("use")).toString(), QStringLiteral("sig"));
        QCOMPARE(key.value(QLatin1String("kid")).toString(), m_signer->keyId());
        QCOMPARE(key.value(QLatin1String("e")).toString(), QStringLiteral("AQAB"));
        QCOMPARE(crypto::fromBase64Url(key.value(QLatin1String("n")).toString().toLatin1()).size(),
                 256);
        QVERIFY(!key.contains(QLatin1String("d"))); // never the private part
    }

    void signatureVerifiesWithThePublishedKey()
    {
        const QJsonObject claims{{QStringLiteral("iss"), QStringLiteral("http://127.0.0.1/fhir")},
                                 {QStringLiteral("sub"), QStringLiteral("Patient/p1")}};
        const QByteArray jws = m_signer->sign(claims);
        const QJsonObject jwk =
            m_signer->jwks().value(QLatin1String("keys")).toArray().first().toObject();
        QVERIFY(verifyWithJwk(jws, jwk));
        const QJsonObject header = partOf(jws, 0);
        QCOMPARE(header.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(header.value(QLatin1String("kid")).toString(), m_signer->keyId());
        QCOMPARE(partOf(jws, 1), claims);

        // A changed payload no longer verifies.
        QList<QByteArray> parts = jws.split('.');
        parts[1] = crypto::base64Url(QByteArrayLiteral("{\"sub\":\"Patient/p2\"}"));
        QVERIFY(!verifyWithJwk(parts.join('.'), jwk));
        // Nor does another key's signature.
        QVERIFY(!verifyWithJwk(JwtSigner().sign(claims), jwk));
    }

    void loadsPem()
    {
        EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
        BIO *bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
        char *data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        const QByteArray pem(data, length);
        BIO_free(bio);
        EVP_PKEY_free(key);

        auto first = JwtSigner::fromPem(pem);
        auto second = JwtSigner::fromPem(pem);
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(first.value()->keyId(), second.value()->keyId()); // same key, same kid
        QVERIFY(!JwtSigner::fromPem(QByteArrayLiteral("not a key")).ok());
    }
};

QTEST_GUILESS_MAIN(tst_JwtSigner)
#include "tst_jwtsigner.moc"
