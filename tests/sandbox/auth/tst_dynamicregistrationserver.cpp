#include "common/crypto.h"
#include "common/jws.h"
#include "sandbox/auth/authorizationserver.h"
#include "smart/clientassertion.h"
#include "support/loopbackserver.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace kete;
using namespace kete::sandbox;

namespace {

const QString keteClient = QStringLiteral("kete-desktop");
const QString otherClient = QStringLiteral("kete-other");
const QString jwtBearer = QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer");

struct HttpResult
{
    int status = 0;
    QJsonObject json;
};

} // namespace

// The sandbox's dynamic client registration (RFC 7591) and JWT bearer grant (RFC 7523), strict
// as a real EHR: the registration needs a sign-in's access token whose client may register, the
// assertion must be signed with the registered key, name the token endpoint, expire within 5
// minutes and never repeat its jti.
class TestDynamicRegistrationServer : public QObject
{
    Q_OBJECT

    QDateTime m_now;
    std::unique_ptr<TokenStore> m_tokens;
    std::unique_ptr<AuthorizationServer> m_server;
    std::unique_ptr<QHttpServer> m_http;
    QNetworkAccessManager m_network;
    QString m_base;
    std::optional<jws::RsaKey> m_key;

    QUrl url(const QString &path) const
    {
        QUrl url(m_base);
        url.setPath(path);
        return url;
    }
    QUrl tokenEndpoint() const { return url(QStringLiteral("/auth/token")); }

    HttpResult finish(QNetworkReply *reply)
    {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(10000))
            qWarning("request timed out");
        HttpResult result{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                          QJsonDocument::fromJson(reply->readAll()).object()};
        reply->deleteLater();
        return result;
    }

    // A sign-in's access token for `clientId`, as the token endpoint would have issued it.
    QByteArray accessToken(const QString &clientId = keteClient)
    {
        AccessGrant grant;
        grant.clientId = clientId;
        grant.scopes = {QStringLiteral("launch/patient"), QStringLiteral("patient/*.rs")};
        grant.patientId = QStringLiteral("amy-shaw");
        grant.fhirUser = QStringLiteral("Patient/amy-shaw");
        grant.audience = m_base;
        return m_tokens->issue(grant, false).accessToken;
    }

    HttpResult registerClient(const QByteArray &token, const QJsonObject &body)
    {
        QNetworkRequest request(url(QStringLiteral("/auth/register")));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        return finish(m_network.post(request, QJsonDocument(body).toJson()));
    }

    static QJsonObject registration(const QJsonObject &jwk, const QString &softwareId = keteClient)
    {
        return {{QStringLiteral("software_id"), softwareId},
                {QStringLiteral("jwks"), QJsonObject{{QStringLiteral("keys"), QJsonArray{jwk}}}}};
    }

    QString registered()
    {
        const HttpResult result = registerClient(accessToken(), registration(m_key->publicJwk()));
        return result.status == 201 ? result.json.value(QLatin1String("client_id")).toString()
                                    : QString();
    }

    HttpResult grant(const QByteArray &assertion, const QString &clientId = {})
    {
        QNetworkRequest request(tokenEndpoint());
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        QByteArray form = "grant_type=" + QUrl::toPercentEncoding(jwtBearer) +
                          "&assertion=" + QUrl::toPercentEncoding(QString::fromLatin1(assertion));
        if (!clientId.isEmpty())
            form += "&client_id=" + QUrl::toPercentEncoding(clientId);
        return finish(m_network.post(request, form));
    }

    QByteArray assertion(const QString &clientId, qint64 issuedAgo = 0)
    {
        return smart::clientAssertion(*m_key, clientId, tokenEndpoint(), m_now.addSecs(-issuedAgo));
    }

    static QString error(const HttpResult &result)
    {
        return result.json.value(QLatin1String("error")).toString();
    }

private Q_SLOTS:
    void initTestCase() { m_key = jws::RsaKey::generate(); }

    void init()
    {
        m_now = QDateTime::fromSecsSinceEpoch(1767268800).toUTC();
        m_tokens = std::make_unique<TokenStore>([this] { return m_now; });
        m_http = std::make_unique<QHttpServer>();
        const quint16 port = kete::test::listenOnLoopback(*m_http);
        QVERIFY(port != 0);
        m_base = QStringLiteral("http://127.0.0.1:%1/fhir").arg(port);
        AuthorizationServerConfig config;
        config.fhirBaseUrl = QUrl(m_base);
        ClientRegistry clients;
        RegisteredClient other;
        other.clientId = otherClient;
        other.redirectUris = {QStringLiteral("http://127.0.0.1/cb")};
        clients.add(other);
        m_server =
            std::make_unique<AuthorizationServer>(config, *m_tokens, clients, DemoDirectory{});
        FaultPlan faults;
        faults.enableFor(keteClient, Fault::DynamicRegistration);
        m_server->setFaultPlan(faults);
        m_server->registerRoutes(*m_http);
    }

    void cleanup()
    {
        m_http.reset();
        m_server.reset();
        m_tokens.reset();
    }

    void dynamicregistrationAnnounced()
    {
        const QJsonObject config = m_server->smartConfiguration();
        QCOMPARE(config.value(QLatin1String("registration_endpoint")).toString(),
                 url(QStringLiteral("/auth/register")).toString());
        QVERIFY(config.value(QLatin1String("grant_types_supported")).toArray().contains(jwtBearer));
    }

    void dynamicregistrationThenAssertionGrant()
    {
        const HttpResult result = registerClient(accessToken(), registration(m_key->publicJwk()));
        QCOMPARE(result.status, 201);
        const QString clientId = result.json.value(QLatin1String("client_id")).toString();
        QVERIFY(!clientId.isEmpty() && clientId != keteClient);
        QCOMPARE(m_server->dynamicClientCount(), 1);

        const HttpResult tokens = grant(assertion(clientId), clientId);
        QCOMPARE(tokens.status, 200);
        const QByteArray token =
            tokens.json.value(QLatin1String("access_token")).toString().toLatin1();
        QVERIFY(!token.isEmpty());
        QVERIFY(!tokens.json.contains(QLatin1String("refresh_token")));
        const std::optional<AccessGrant> granted = m_tokens->validateAccessToken(token);
        QVERIFY(granted);
        QCOMPARE(granted->clientId, clientId);
        QCOMPARE(granted->patientId, QStringLiteral("amy-shaw"));
        QCOMPARE(granted->scopes,
                 (QStringList{QStringLiteral("launch/patient"), QStringLiteral("patient/*.rs")}));
        // A fresh assertion (new jti) works again, without the client_id too.
        QCOMPARE(grant(assertion(clientId)).status, 200);
    }

    void dynamicregistrationExpiredAssertionRefused()
    {
        const QString clientId = registered();
        QVERIFY(!clientId.isEmpty());
        const HttpResult result = grant(assertion(clientId, 300)); // expired 60 s ago
        QCOMPARE(result.status, 400);
        QCOMPARE(error(result), QStringLiteral("invalid_grant"));
    }

    void dynamicregistrationFarExpiryRefused()
    {
        const QString clientId = registered();
        const qint64 now = m_now.toSecsSinceEpoch();
        const QByteArray longLived =
            m_key->sign({{QStringLiteral("iss"), clientId},
                         {QStringLiteral("sub"), clientId},
                         {QStringLiteral("aud"), tokenEndpoint().toString()},
                         {QStringLiteral("iat"), now},
                         {QStringLiteral("exp"), now + 600},
                         {QStringLiteral("jti"), QStringLiteral("far-expiry")}});
        QCOMPARE(error(grant(longLived)), QStringLiteral("invalid_grant"));
    }

    void dynamicregistrationReplayedJtiRefused()
    {
        const QString clientId = registered();
        const QByteArray once = assertion(clientId);
        QCOMPARE(grant(once).status, 200);
        const HttpResult replay = grant(once);
        QCOMPARE(replay.status, 400);
        QCOMPARE(error(replay), QStringLiteral("invalid_grant"));
    }

    void dynamicregistrationWrongKeyRefused()
    {
        const QString clientId = registered();
        const jws::RsaKey other = jws::RsaKey::generate();
        const HttpResult result =
            grant(smart::clientAssertion(other, clientId, tokenEndpoint(), m_now));
        QCOMPARE(result.status, 400);
        QCOMPARE(error(result), QStringLiteral("invalid_grant"));
    }

    void dynamicregistrationWrongAudienceOrSubjectRefused()
    {
        const QString clientId = registered();
        QCOMPARE(error(grant(smart::clientAssertion(*m_key, clientId,
                                                    url(QStringLiteral("/auth/token/")), m_now))),
                 QStringLiteral("invalid_grant"));
        const qint64 now = m_now.toSecsSinceEpoch();
        QCOMPARE(error(grant(m_key->sign({{QStringLiteral("iss"), clientId},
                                          {QStringLiteral("sub"), QStringLiteral("someone")},
                                          {QStringLiteral("aud"), tokenEndpoint().toString()},
                                          {QStringLiteral("exp"), now + 60},
                                          {QStringLiteral("jti"), QStringLiteral("sub")}}))),
                 QStringLiteral("invalid_grant"));
        // An issuer that never registered, and a client_id that is not the issuer.
        QCOMPARE(grant(assertion(QStringLiteral("dyn-unknown"))).status, 401);
        QCOMPARE(grant(assertion(clientId), keteClient).status, 401);
    }

    void dynamicregistrationRevokedRefused()
    {
        const QString clientId = registered();
        m_server->revokeDynamicClient(clientId);
        const HttpResult result = grant(assertion(clientId));
        QCOMPARE(result.status, 401);
        QCOMPARE(error(result), QStringLiteral("invalid_client"));
    }

    void dynamicregistrationRefused()
    {
        const QJsonObject good = registration(m_key->publicJwk());
        // No sign-in behind it.
        QCOMPARE(registerClient({}, good).status, 401);
        QCOMPARE(registerClient("not-a-token", good).status, 401);
        // A sign-in whose client may not register.
        const HttpResult other =
            registerClient(accessToken(otherClient), registration(m_key->publicJwk(), otherClient));
        QCOMPARE(other.status, 403);
        QCOMPARE(error(other), QStringLiteral("access_denied"));
        // Metadata that does not fit: another software, no key, a private key, a small key.
        QCOMPARE(
            error(registerClient(accessToken(), registration(m_key->publicJwk(), otherClient))),
            QStringLiteral("invalid_client_metadata"));
        QCOMPARE(
            error(registerClient(accessToken(), {{QStringLiteral("software_id"), keteClient}})),
            QStringLiteral("invalid_client_metadata"));
        QJsonObject withPrivate = m_key->publicJwk();
        withPrivate.insert(QStringLiteral("d"), QStringLiteral("AQAB"));
        QCOMPARE(error(registerClient(accessToken(), registration(withPrivate))),
                 QStringLiteral("invalid_client_metadata"));
        QJsonObject small = m_key->publicJwk();
        small.insert(QStringLiteral("n"), QStringLiteral("AQAB"));
        QCOMPARE(error(registerClient(accessToken(), registration(small))),
                 QStringLiteral("invalid_client_metadata"));
        QCOMPARE(m_server->dynamicClientCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDynamicRegistrationServer)
#include "tst_dynamicregistrationserver.moc"
