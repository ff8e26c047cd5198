#include "common/crypto.h"
#include "common/jws.h"
#include "smart/clientassertion.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

using namespace kete;

namespace {

const QUrl tokenEndpoint(QStringLiteral("https://fhir.example.org/oauth2/token"));

QJsonObject part(const QByteArray &jwt, int index)
{
    return QJsonDocument::fromJson(crypto::fromBase64Url(jwt.split('.').at(index))).object();
}

// The public key straight from the JWK with OpenSSL, and the RS256 check done here by hand: the
// test does not lean on the code it tests.
bool opensslVerifies(const QJsonObject &jwk, const QByteArray &jwt)
{
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3)
        return false;
    const QByteArray n = crypto::fromBase64Url(jwk.value(QLatin1String("n")).toString().toLatin1());
    const QByteArray e = crypto::fromBase64Url(jwk.value(QLatin1String("e")).toString().toLatin1());
    BIGNUM *bn =
        BN_bin2bn(reinterpret_cast<const unsigned char *>(n.constData()), int(n.size()), nullptr);
    BIGNUM *be =
        BN_bin2bn(reinterpret_cast<const unsigned char *>(e.constData()), int(e.size()), nullptr);
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, bn);
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, be);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(builder);
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY *key = nullptr;
    EVP_PKEY_fromdata_init(context);
    EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params);
    const QByteArray input = parts.at(0) + '.' + parts.at(1);
    const QByteArray signature = crypto::fromBase64Url(parts.at(2));
    EVP_MD_CTX *digest = EVP_MD_CTX_new();
    const bool ok =
        key && EVP_DigestVerifyInit(digest, nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(digest, reinterpret_cast<const unsigned char *>(signature.constData()),
                         size_t(signature.size()),
                         reinterpret_cast<const unsigned char *>(input.constData()),
                         size_t(input.size())) == 1;
    EVP_MD_CTX_free(digest);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(context);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    BN_free(bn);
    BN_free(be);
    return ok;
}

} // namespace

// The JWT bearer assertion Kete signs after dynamic registration (RFC 7523 §3), and the
// installation's key it signs with.
class TestDynamicRegistrationAssertion : public QObject
{
    Q_OBJECT

    std::optional<jws::RsaKey> m_key;

private Q_SLOTS:
    void initTestCase() { m_key = jws::RsaKey::generate(); }

    void claims()
    {
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1767268800).toUTC();
        const QByteArray jwt =
            smart::clientAssertion(*m_key, QStringLiteral("dyn-42"), tokenEndpoint, now);
        QCOMPARE(jwt.count('.'), 2);
        const QJsonObject header = part(jwt, 0);
        QCOMPARE(header.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
        QCOMPARE(header.value(QLatin1String("kid")).toString(), m_key->keyId());
        const QJsonObject claims = part(jwt, 1);
        QCOMPARE(claims.value(QLatin1String("iss")).toString(), QStringLiteral("dyn-42"));
        QCOMPARE(claims.value(QLatin1String("sub")).toString(), QStringLiteral("dyn-42"));
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), tokenEndpoint.toString());
        const qint64 iat = claims.value(QLatin1String("iat")).toInteger();
        const qint64 exp = claims.value(QLatin1String("exp")).toInteger();
        QCOMPARE(iat, now.toSecsSinceEpoch());
        QVERIFY(exp > iat);
        QVERIFY(exp - iat <= 300);
        QVERIFY(claims.value(QLatin1String("jti")).toString().size() >= 32);
    }

    void signatureVerifiedWithOpenssl()
    {
        const QByteArray jwt = smart::clientAssertion(
            *m_key, QStringLiteral("dyn-42"), tokenEndpoint, QDateTime::currentDateTimeUtc());
        const QJsonObject jwk = m_key->publicJwk();
        QVERIFY(opensslVerifies(jwk, jwt));
        QVERIFY(jws::verifyRs256(jwt, jwk).ok());
        // One changed claim, or another key: no longer valid.
        QList<QByteArray> parts = jwt.split('.');
        QJsonObject claims = part(jwt, 1);
        claims.insert(QStringLiteral("sub"), QStringLiteral("dyn-43"));
        parts[1] = crypto::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
        const QByteArray tampered = parts.join('.');
        QVERIFY(!opensslVerifies(jwk, tampered));
        QVERIFY(!jws::verifyRs256(tampered, jwk).ok());
        const QJsonObject otherJwk = jws::RsaKey::generate().publicJwk();
        QVERIFY(!opensslVerifies(otherJwk, jwt));
        QVERIFY(!jws::verifyRs256(jwt, otherJwk).ok());
    }

    void jtiNeverRepeated()
    {
        QSet<QString> seen;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 500; ++i)
            seen.insert(
                part(smart::clientAssertion(*m_key, QStringLiteral("dyn-42"), tokenEndpoint, now),
                     1)
                    .value(QLatin1String("jti"))
                    .toString());
        QCOMPARE(seen.size(), 500);
    }

    void keyKeptAsPemOnlyWithItsPublicHalfShown()
    {
        const QByteArray pem = m_key->privatePem();
        QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
        const Result<jws::RsaKey> reloaded = jws::RsaKey::fromPrivatePem(pem);
        QVERIFY(reloaded.ok());
        QCOMPARE(reloaded->keyId(), m_key->keyId());
        const QJsonObject jwk = m_key->publicJwk();
        QCOMPARE(jwk.value(QLatin1String("kty")).toString(), QStringLiteral("RSA"));
        QVERIFY(!jwk.contains(QLatin1String("d")) && !jwk.contains(QLatin1String("p")));
        QVERIFY(crypto::fromBase64Url(jwk.value(QLatin1String("n")).toString().toLatin1()).size() >=
                256);
        QVERIFY(!jws::RsaKey::fromPrivatePem("-----BEGIN PRIVATE KEY-----\nnope\n").ok());
    }
};

QTEST_GUILESS_MAIN(TestDynamicRegistrationAssertion)
#include "tst_dynamicregistrationassertion.moc"
