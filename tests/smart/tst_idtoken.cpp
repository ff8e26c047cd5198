#include "common/crypto.h"
#include "smart/idtoken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

using namespace kete;
using namespace kete::smart;

namespace {

// An RSA key made for this test run, and JWTs signed with it, as a SMART server would.
class TestSigner
{
public:
    TestSigner()
        : m_key(EVP_RSA_gen(2048))
    {}
    ~TestSigner() { EVP_PKEY_free(m_key); }
    TestSigner(const TestSigner &) = delete;
    TestSigner &operator=(const TestSigner &) = delete;

    QJsonObject jwk(const QString &kid) const
    {
        return {{QStringLiteral("kty"), QStringLiteral("RSA")},
                {QStringLiteral("kid"), kid},
                {QStringLiteral("use"), QStringLiteral("sig")},
                {QStringLiteral("alg"), QStringLiteral("RS256")},
                {QStringLiteral("n"),
                 QString::fromLatin1(crypto::base64Url(param(OSSL_PKEY_PARAM_RSA_N)))},
                {QStringLiteral("e"),
                 QString::fromLatin1(crypto::base64Url(param(OSSL_PKEY_PARAM_RSA_E)))}};
    }

    QByteArray sign(const QJsonObject &header, const QJsonObject &payload) const
    {
        const QByteArray signedPart =
            crypto::base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
            crypto::base64Url(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        EVP_MD_CTX *context = EVP_MD_CTX_new();
        size_t length = 0;
        EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, m_key);
        EVP_DigestSign(context, nullptr, &length,
                       reinterpret_cast<const unsigned char *>(signedPart.constData()),
                       size_t(signedPart.size()));
        QByteArray signature(qsizetype(length), Qt::Uninitialized);
        EVP_DigestSign(context, reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(signedPart.constData()),
                       size_t(signedPart.size()));
        EVP_MD_CTX_free(context);
        return signedPart + '.' + crypto::base64Url(signature.left(qsizetype(length)));
    }

private:
    QByteArray param(const char *name) const
    {
        BIGNUM *number = nullptr;
        EVP_PKEY_get_bn_param(m_key, name, &number);
        QByteArray bytes(BN_num_bytes(number), Qt::Uninitialized);
        BN_bn2bin(number, reinterpret_cast<unsigned char *>(bytes.data()));
        BN_free(number);
        return bytes;
    }

    EVP_PKEY *m_key;
};

const QString issuer = QStringLiteral("https://ehr.example.org/fhir");
const QString clientId = QStringLiteral("kete-desktop");

} // namespace

class TestIdToken : public QObject
{
    Q_OBJECT

private:
    TestSigner m_signer;
    TestSigner m_otherSigner;
    const QDateTime m_now = QDateTime(QDate(2026, 11, 28), QTime(14, 0), QTimeZone::utc());

    QJsonObject jwks() const
    {
        return {{QStringLiteral("keys"), QJsonArray{m_signer.jwk(QStringLiteral("k1"))}}};
    }
    IdTokenExpectations expectations() const { return {{issuer}, clientId, m_now, 60}; }
    QJsonObject claims() const
    {
        return {{QStringLiteral("iss"), issuer},
                {QStringLiteral("sub"), QStringLiteral("user-1")},
                {QStringLiteral("aud"), clientId},
                {QStringLiteral("exp"), m_now.toSecsSinceEpoch() + 300},
                {QStringLiteral("iat"), m_now.toSecsSinceEpoch()},
                {QStringLiteral("fhirUser"), QStringLiteral("Patient/p1")}};
    }
    static QJsonObject header(const QString &alg = QStringLiteral("RS256"),
                              const QString &kid = QStringLiteral("k1"))
    {
        return {{QStringLiteral("alg"), alg},
                {QStringLiteral("typ"), QStringLiteral("JWT")},
                {QStringLiteral("kid"), kid}};
    }

private Q_SLOTS:
    void good()
    {
        const auto result =
            verifyIdToken(m_signer.sign(header(), claims()), jwks(), expectations());
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
        QCOMPARE(result->fhirUser, QStringLiteral("Patient/p1"));
        QCOMPARE(result->subject, QStringLiteral("user-1"));
    }

    void goodWithTrailingSlashIssuerAndAudienceArray()
    {
        QJsonObject payload = claims();
        payload[QStringLiteral("iss")] = QString(issuer + QLatin1Char('/'));
        payload[QStringLiteral("aud")] = QJsonArray{clientId, QStringLiteral("other")};
        payload[QStringLiteral("azp")] = clientId;
        QVERIFY(verifyIdToken(m_signer.sign(header(), payload), jwks(), expectations()).ok());
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("reason");
        QTest::newRow("wrong iss")
            << "iss" << QJsonValue(QStringLiteral("https://evil.example/fhir")) << "wrong iss";
        QTest::newRow("wrong aud")
            << "aud" << QJsonValue(QStringLiteral("someone-else")) << "wrong aud";
        QTest::newRow("expired") << "exp" << QJsonValue(double(m_now.toSecsSinceEpoch() - 3600))
                                 << "expired";
        QTest::newRow("no exp") << "exp" << QJsonValue() << "no exp";
        QTest::newRow("several aud, no azp")
            << "aud" << QJsonValue(QJsonArray{clientId, QStringLiteral("x")})
            << "several audiences";
    }
    void rejected()
    {
        QFETCH(QString, claim);
        QFETCH(QJsonValue, value);
        QFETCH(QString, reason);
        QJsonObject payload = claims();
        if (value.isNull())
            payload.remove(claim);
        else
            payload[claim] = value;
        const auto result = verifyIdToken(m_signer.sign(header(), payload), jwks(), expectations());
        QVERIFY(!result.ok());
        QVERIFY2(result.error().detail.contains(reason), qPrintable(result.error().detail));
        QVERIFY(!result.error().message.isEmpty());
    }

    void badSignature()
    {
        // Signed by a key that is not in the JWKS, under the JWKS key's kid.
        const auto forged =
            verifyIdToken(m_otherSigner.sign(header(), claims()), jwks(), expectations());
        QVERIFY(!forged.ok());
        QVERIFY(forged.error().detail.contains(QLatin1String("bad signature")));

        // A payload changed after signing.
        QByteArray token = m_signer.sign(header(), claims());
        const QList<QByteArray> parts = token.split('.');
        QJsonObject payload = claims();
        payload[QStringLiteral("fhirUser")] = QStringLiteral("Patient/someone-else");
        token = parts[0] + '.' +
                crypto::base64Url(QJsonDocument(payload).toJson(QJsonDocument::Compact)) + '.' +
                parts[2];
        QVERIFY(!verifyIdToken(token, jwks(), expectations()).ok());
    }

    void refusedAlgorithmsAndShapes()
    {
        // alg=none with an empty signature, HS256 keyed with the public key: classic attacks.
        const QByteArray unsigned_ =
            crypto::base64Url(
                QJsonDocument(header(QStringLiteral("none"))).toJson(QJsonDocument::Compact)) +
            '.' + crypto::base64Url(QJsonDocument(claims()).toJson(QJsonDocument::Compact)) + '.';
        QVERIFY(!verifyIdToken(unsigned_, jwks(), expectations()).ok());
        QVERIFY(!verifyIdToken(m_signer.sign(header(QStringLiteral("HS256")), claims()), jwks(),
                               expectations())
                     .ok());
        QVERIFY(!verifyIdToken("not-a-jwt", jwks(), expectations()).ok());
        // Unknown kid.
        QVERIFY(!verifyIdToken(
                     m_signer.sign(header(QStringLiteral("RS256"), QStringLiteral("k9")), claims()),
                     jwks(), expectations())
                     .ok());
        // Key rotation: the right key among several.
        const QJsonObject rotated{
            {QStringLiteral("keys"), QJsonArray{m_otherSigner.jwk(QStringLiteral("k0")),
                                                m_signer.jwk(QStringLiteral("k1"))}}};
        QVERIFY(verifyIdToken(m_signer.sign(header(), claims()), rotated, expectations()).ok());
    }
};

QTEST_GUILESS_MAIN(TestIdToken)
#include "tst_idtoken.moc"
