#include "common/transportpolicy.h"
#include "smart/smartdiscovery.h"
#include "support/loopbackserver.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QTest>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace kete;
using namespace kete::smart;

namespace {

// A self-signed certificate for 127.0.0.1, made by OpenSSL for this run: nothing trusts it.
std::pair<QSslCertificate, QSslKey> selfSignedCertificate()
{
    EVP_PKEY *key = EVP_RSA_gen(2048);
    X509 *certificate = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 3600);
    X509_set_pubkey(certificate, key);
    X509_NAME *name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(certificate, name);
    X509_sign(certificate, key, EVP_sha256());

    const auto pem = [](auto write) {
        BIO *bio = BIO_new(BIO_s_mem());
        write(bio);
        char *data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        QByteArray bytes(data, length);
        BIO_free(bio);
        return bytes;
    };
    const QByteArray certificatePem = pem([&](BIO *bio) { PEM_write_bio_X509(bio, certificate); });
    const QByteArray keyPem = pem([&](BIO *bio) {
        PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    });
    X509_free(certificate);
    EVP_PKEY_free(key);
    return {QSslCertificate(certificatePem, QSsl::Pem), QSslKey(keyPem, QSsl::Rsa, QSsl::Pem)};
}

QJsonObject wellKnown(const QJsonArray &capabilities = {QStringLiteral("launch-standalone"),
                                                        QStringLiteral("permission-v2"),
                                                        QStringLiteral("client-public")},
                      const QJsonArray &challengeMethods = {QStringLiteral("S256")})
{
    return {{QStringLiteral("authorization_endpoint"), QStringLiteral("auth/authorize")},
            {QStringLiteral("token_endpoint"), QStringLiteral("/oauth/token")},
            {QStringLiteral("revocation_endpoint"), QStringLiteral("http://127.0.0.1:1/revoke")},
            {QStringLiteral("jwks_uri"), QStringLiteral("../jwks")},
            {QStringLiteral("issuer"), QStringLiteral("https://issuer.example")},
            {QStringLiteral("capabilities"), capabilities},
            {QStringLiteral("code_challenge_methods_supported"), challengeMethods},
            {QStringLiteral("scopes_supported"), QJsonArray{QStringLiteral("openid")}},
            {QStringLiteral("grant_types_supported"),
             QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}}};
}

QJsonObject capabilityStatement()
{
    const QJsonArray uris{QJsonObject{{QStringLiteral("url"), QStringLiteral("authorize")},
                                      {QStringLiteral("valueUri"),
                                       QStringLiteral("https://login.example.org/authorize")}},
                          QJsonObject{{QStringLiteral("url"), QStringLiteral("token")},
                                      {QStringLiteral("valueUri"), QStringLiteral("token")}}};
    const QJsonObject security{
        {QStringLiteral("extension"),
         QJsonArray{QJsonObject{
             {QStringLiteral("url"),
              QStringLiteral(
                  "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")},
             {QStringLiteral("extension"), uris}}}}};
    return {{QStringLiteral("resourceType"), QStringLiteral("CapabilityStatement")},
            {QStringLiteral("rest"),
             QJsonArray{QJsonObject{{QStringLiteral("mode"), QStringLiteral("server")},
                                    {QStringLiteral("security"), security}}}}};
}

} // namespace

// Discovery against a real HTTP server on 127.0.0.1: each case is a FHIR base /<case>/fhir.
class TestSmartDiscovery : public QObject
{
    Q_OBJECT

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QHash<QString, QHttpServerResponse::StatusCode> m_wellKnownStatus;
    QHash<QString, QJsonObject> m_wellKnown;
    QHash<QString, QJsonObject> m_metadata;
    QHash<QString, QByteArray> m_acceptSeen;
    QNetworkAccessManager m_network;

    QUrl base(const QString &name) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/%2/fhir").arg(m_port).arg(name));
    }

    Result<SmartConfiguration> discover(const QUrl &url)
    {
        SmartDiscovery discovery(&m_network);
        std::optional<Result<SmartConfiguration>> outcome;
        discovery.discover(url,
                           [&](const Result<SmartConfiguration> &result) { outcome = result; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000); }();
        return outcome.value_or(Error{QStringLiteral("timeout"), QStringLiteral("timeout")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.route(QStringLiteral("/<arg>/fhir/.well-known/smart-configuration"),
                       [this](const QString &name, const QHttpServerRequest &request) {
                           m_acceptSeen[name] = request.value("Accept");
                           if (m_wellKnown.contains(name))
                               return QHttpServerResponse(m_wellKnown.value(name));
                           return QHttpServerResponse(m_wellKnownStatus.value(
                               name, QHttpServerResponse::StatusCode::NotFound));
                       });
        m_server.route(QStringLiteral("/<arg>/fhir/metadata"), [this](const QString &name) {
            if (m_metadata.contains(name))
                return QHttpServerResponse(m_metadata.value(name));
            return QHttpServerResponse(QHttpServerResponse::StatusCode::NotFound);
        });
        m_port = kete::test::listenOnLoopback(m_server);
        QVERIFY(m_port != 0);

        m_wellKnown[QStringLiteral("good")] = wellKnown();
        m_wellKnown[QStringLiteral("nostandalone")] =
            wellKnown({QStringLiteral("launch-ehr"), QStringLiteral("client-public")});
        m_wellKnown[QStringLiteral("nos256")] =
            wellKnown({QStringLiteral("launch-standalone")}, {QStringLiteral("plain")});
        m_wellKnown[QStringLiteral("nochallengelist")] =
            wellKnown({QStringLiteral("launch-standalone")}, {});
        QJsonObject insecure = wellKnown();
        insecure[QStringLiteral("token_endpoint")] = QStringLiteral("http://ehr.example.org/token");
        m_wellKnown[QStringLiteral("insecureendpoint")] = insecure;
        m_metadata[QStringLiteral("legacy")] = capabilityStatement();
        m_wellKnownStatus[QStringLiteral("legacy500")] =
            QHttpServerResponse::StatusCode::InternalServerError;
        m_metadata[QStringLiteral("legacy500")] = capabilityStatement();
        m_metadata[QStringLiteral("plainfhir")] = {
            {QStringLiteral("resourceType"), QStringLiteral("CapabilityStatement")}};
    }

    void wellKnownParsedAndResolved()
    {
        const auto config = discover(base(QStringLiteral("good")));
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().detail));
        QCOMPARE(m_acceptSeen.value(QStringLiteral("good")), QByteArray("application/json"));
        const QString root = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
        QCOMPARE(config->fhirBase, base(QStringLiteral("good")));
        // Relative to the FHIR base, absolute-path, and dot-segments.
        QCOMPARE(config->authorizationEndpoint.toString(),
                 root + QStringLiteral("/good/fhir/auth/authorize"));
        QCOMPARE(config->tokenEndpoint.toString(), root + QStringLiteral("/oauth/token"));
        QCOMPARE(config->jwksUri.toString(), root + QStringLiteral("/good/jwks"));
        QCOMPARE(config->revocationEndpoint.toString(),
                 QStringLiteral("http://127.0.0.1:1/revoke"));
        QCOMPARE(config->issuer, QStringLiteral("https://issuer.example"));
        QVERIFY(config->supportsPermissionV2());
        QVERIFY(config->hasCapability(u"launch-standalone"));
        QCOMPARE(config->codeChallengeMethods, QStringList{QStringLiteral("S256")});
        QCOMPARE(config->grantTypesSupported.size(), 2);
        QVERIFY(!config->viaCapabilityStatement);

        // A trailing slash, query or fragment on the address the user typed changes nothing.
        QUrl typed = base(QStringLiteral("good"));
        typed.setPath(typed.path() + QLatin1Char('/'));
        QCOMPARE(discover(typed)->fhirBase, base(QStringLiteral("good")));
    }

    void fallsBackToCapabilityStatement_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("well-known 404") << "legacy";
        QTest::newRow("well-known 500") << "legacy500";
    }
    void fallsBackToCapabilityStatement()
    {
        QFETCH(QString, name);
        const auto config = discover(base(name));
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().detail));
        QVERIFY(config->viaCapabilityStatement);
        QCOMPARE(config->authorizationEndpoint.toString(),
                 QStringLiteral("https://login.example.org/authorize"));
        QCOMPARE(config->tokenEndpoint.toString(),
                 QString(base(name).toString() + QStringLiteral("/token")));
    }

    void plainWordsErrors_data()
    {
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<QString>("detail");
        QTest::newRow("not SMART: nothing at all")
            << base(QStringLiteral("nothing")) << "discovery.not-smart";
        QTest::newRow("not SMART: FHIR without oauth-uris")
            << base(QStringLiteral("plainfhir")) << "discovery.not-smart";
        QTest::newRow("no standalone launch")
            << base(QStringLiteral("nostandalone")) << "discovery.no-standalone";
        QTest::newRow("no S256") << base(QStringLiteral("nos256")) << "discovery.no-s256";
        QTest::newRow("no challenge methods listed")
            << base(QStringLiteral("nochallengelist")) << "discovery.no-s256";
        QTest::newRow("endpoint over http")
            << base(QStringLiteral("insecureendpoint")) << "transport.insecure";
        QTest::newRow("http to a non-loopback host")
            << QUrl(QStringLiteral("http://fhir.example.org/r4")) << "transport.insecure";
        QTest::newRow("not a URL") << QUrl(QStringLiteral("fhir")) << "transport.invalid-url";
    }
    void plainWordsErrors()
    {
        QFETCH(QUrl, url);
        QFETCH(QString, detail);
        const auto config = discover(url);
        QVERIFY(!config.ok());
        QVERIFY2(config.error().detail.startsWith(detail), qPrintable(config.error().detail));
        QVERIFY(!config.error().message.isEmpty());
        QVERIFY(!config.error().message.contains(QLatin1String("discovery.")));
    }

    void unreachable()
    {
        QTcpServer placeholder; // a port that was free a moment ago and is closed now
        QVERIFY(placeholder.listen(QHostAddress::LocalHost, 0));
        const quint16 port = placeholder.serverPort();
        placeholder.close();
        const auto config = discover(QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(port)));
        QVERIFY(!config.ok());
        QVERIFY2(config.error().detail.startsWith(QLatin1String("transport.unreachable")),
                 qPrintable(config.error().detail));
    }

    void loopbackHosts_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("https") << "https://fhir.example.org/r4" << true;
        QTest::newRow("http 127.0.0.1") << "http://127.0.0.1:8080/fhir" << true;
        QTest::newRow("http ::1") << "http://[::1]:8080/fhir" << true;
        QTest::newRow("http localhost") << "http://localhost/fhir" << true;
        QTest::newRow("http remote") << "http://fhir.example.org/r4" << false;
        QTest::newRow("http 127-looking name") << "http://127.0.0.1.example.org/fhir" << false;
        QTest::newRow("http private network") << "http://192.168.1.10/fhir" << false;
        QTest::newRow("ftp") << "ftp://fhir.example.org/" << false;
    }
    void loopbackHosts()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowed);
        QCOMPARE(!checkTransport(QUrl(url)).has_value(), allowed);
    }

    // A server whose certificate nobody trusts: refused, with the TLS error in plain words.
    void untrustedCertificateRefused()
    {
        const auto [certificate, key] = selfSignedCertificate();
        QVERIFY(!certificate.isNull());
        QVERIFY(!key.isNull());
        QHttpServer tlsServer;
        bool served = false;
        tlsServer.route(QStringLiteral("/fhir/.well-known/smart-configuration"), [&] {
            served = true;
            return QHttpServerResponse(wellKnown());
        });
        tlsServer.sslSetup(certificate, key);
        const quint16 port = tlsServer.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port != 0);
        const auto config = discover(QUrl(QStringLiteral("https://127.0.0.1:%1/fhir").arg(port)));
        QVERIFY(!config.ok());
        QVERIFY2(config.error().detail.startsWith(QLatin1String("transport.tls")),
                 qPrintable(config.error().detail));
        QVERIFY(!served);
    }
};

QTEST_GUILESS_MAIN(TestSmartDiscovery)
#include "tst_smartdiscovery.moc"
