#include "fhir/fhirclient.h"
#include "smart/session.h"
#include "support/loopbackserver.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

using namespace kete;
using namespace kete::smart;

// Session as FhirClient's AccessTokenSource, on real HTTP: an expired access token gets a 401,
// the client asks the session, the session refreshes once for everyone waiting.
class TestSessionFhirClient : public QObject
{
    Q_OBJECT

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QByteArray m_validAccess = "access-fresh";
    QByteArray m_validRefresh = "refresh-0";
    int m_tokenRequests = 0;
    int m_unauthorized = 0;
    int m_withoutAuthorization = 0; // FHIR requests that arrived with no Authorization at all
    int m_fhirRequests = 0;

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.route(QStringLiteral("/fhir/<arg>"), [this](const QString &,
                                                             const QHttpServerRequest &request) {
            ++m_fhirRequests;
            if (request.value("Authorization").isEmpty())
                ++m_withoutAuthorization;
            if (request.value("Authorization") != "Bearer " + m_validAccess) {
                ++m_unauthorized;
                return QHttpServerResponse(QHttpServerResponse::StatusCode::Unauthorized);
            }
            return QHttpServerResponse(
                QByteArrayLiteral("application/fhir+json"),
                QByteArrayLiteral(
                    R"({"resourceType":"Bundle","type":"searchset","total":0,"entry":[]})"));
        });
        m_server.route(QStringLiteral("/token"), [this](const QHttpServerRequest &request) {
            ++m_tokenRequests;
            const QUrlQuery form(QString::fromUtf8(request.body()));
            if (form.queryItemValue(QStringLiteral("refresh_token")).toUtf8() != m_validRefresh)
                return QHttpServerResponse(
                    QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_grant")}},
                    QHttpServerResponse::StatusCode::BadRequest);
            m_validRefresh = "refresh-1";
            return QHttpServerResponse(
                QJsonObject{{QStringLiteral("access_token"), QString::fromLatin1(m_validAccess)},
                            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                            {QStringLiteral("expires_in"), 3600},
                            {QStringLiteral("refresh_token"), QStringLiteral("refresh-1")}});
        });
        m_server.route(
            QStringLiteral("/moved/<arg>"), [this](const QString &, const QHttpServerRequest &) {
                // Another origin: the same server under another host name.
                QHttpServerResponse moved(QHttpServerResponse::StatusCode::Found);
                const QByteArray target =
                    QStringLiteral("http://localhost:%1/fhir/Patient").arg(m_port).toUtf8();
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
                QHttpHeaders headers = moved.headers();
                headers.append(QByteArrayLiteral("Location"), target);
                moved.setHeaders(std::move(headers));
#else
            moved.addHeader(QByteArrayLiteral("Location"), target);
#endif
                return moved;
            });
        m_port = kete::test::listenOnLoopback(m_server);
        QVERIFY(m_port != 0);
    }

    void init()
    {
        m_validRefresh = "refresh-0";
        m_tokenRequests = 0;
        m_unauthorized = 0;
        m_withoutAuthorization = 0;
        m_fhirRequests = 0;
    }

    void expiredTokenRefreshedOnceForConcurrentRequests()
    {
        SmartConfiguration config;
        config.fhirBase = url(QStringLiteral("/fhir"));
        config.tokenEndpoint = url(QStringLiteral("/token"));
        TokenSet tokens;
        tokens.accessToken = "access-expired";
        tokens.refreshToken = m_validRefresh;
        tokens.grantedScope = ScopeSet::forSignIn(true, ScopeAudience::Patient);
        Session session(config, {QStringLiteral("kete-desktop"), {}, {}, BrowserMode::Embedded},
                        tokens);

        fhir::FhirClient client(config.fhirBase, &session);
        QList<fhir::RequestOutcome> outcomes;
        for (const QString &type : {QStringLiteral("Observation"), QStringLiteral("Condition")}) {
            fhir::FhirRequest *request = client.search(type);
            connect(request, &fhir::FhirRequest::finished, this,
                    [&](const fhir::RequestOutcome &outcome) { outcomes.append(outcome); });
        }
        QTRY_COMPARE_WITH_TIMEOUT(outcomes.size(), 2, 10000);
        for (const auto &outcome : outcomes)
            QVERIFY2(outcome.ok(), qPrintable(outcome.error ? outcome.error->detail : QString()));
        QCOMPARE(m_unauthorized, 2);  // both went out with the expired token
        QCOMPARE(m_tokenRequests, 1); // one refresh served both
        QCOMPARE(session.refreshRequestCount(), 1);
        QCOMPARE(session.currentToken(), m_validAccess);
    }

    // The refresh token has expired: the 401 is met with a refused refresh, the sign-in ends,
    // and every later request (the user's Retry) ends at once without reaching the server.
    void noRequestWithoutTokenAfterRefusedRefresh()
    {
        SmartConfiguration config;
        config.fhirBase = url(QStringLiteral("/fhir"));
        config.tokenEndpoint = url(QStringLiteral("/token"));
        TokenSet tokens;
        tokens.accessToken = "access-expired";
        tokens.refreshToken = "refresh-expired";
        tokens.grantedScope = ScopeSet::forSignIn(true, ScopeAudience::Patient);
        Session session(config, {QStringLiteral("kete-desktop"), {}, {}, BrowserMode::Embedded},
                        tokens);
        QSignalSpy ended(&session, &Session::signInRequired);

        fhir::FhirClient client(config.fhirBase, &session);
        std::optional<fhir::RequestOutcome> first;
        connect(client.search(QStringLiteral("Observation")), &fhir::FhirRequest::finished, this,
                [&](const fhir::RequestOutcome &outcome) { first = outcome; });
        QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 10000);
        QVERIFY(!first->ok());
        QCOMPARE(ended.count(), 1);
        QVERIFY(!session.isSignedIn());
        QCOMPARE(m_fhirRequests, 1); // the one with the expired token
        QCOMPARE(m_tokenRequests, 1);

        // Retry, twice (a read and a search), and the capabilities.
        QList<fhir::RequestOutcome> retried;
        for (fhir::FhirRequest *request :
             {client.search(QStringLiteral("Patient")),
              client.read(QStringLiteral("Patient"), QStringLiteral("p1")),
              client.readCapabilities()})
            connect(request, &fhir::FhirRequest::finished, this,
                    [&](const fhir::RequestOutcome &outcome) { retried.append(outcome); });
        QTRY_COMPARE_WITH_TIMEOUT(retried.size(), 3, 10000);
        for (const auto &outcome : retried) {
            QVERIFY(!outcome.ok());
            QCOMPARE(outcome.error->detail, QStringLiteral("fhir.no-token"));
            QVERIFY(!outcome.error->message.isEmpty());
        }
        QTest::qWait(200); // anything sent would have arrived by now
        QCOMPARE(m_withoutAuthorization, 0);
        QCOMPARE(m_fhirRequests, 1);
        QCOMPARE(m_tokenRequests, 1); // no refresh without a refresh token either
    }

    // A server that sends Kete to another origin: not followed (it would carry the token), and
    // not called a certificate problem either.
    void redirectToAnotherOriginIsNotCalledCertificateError()
    {
        SmartConfiguration config;
        config.fhirBase = url(QStringLiteral("/moved"));
        TokenSet tokens;
        tokens.accessToken = m_validAccess;
        Session session(config, {QStringLiteral("kete-desktop"), {}, {}, BrowserMode::Embedded},
                        tokens);
        fhir::FhirClient client(config.fhirBase, &session);
        std::optional<fhir::RequestOutcome> outcome;
        connect(client.search(QStringLiteral("Patient")), &fhir::FhirRequest::finished, this,
                [&](const fhir::RequestOutcome &finished) { outcome = finished; });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY(!outcome->ok());
        QCOMPARE(m_fhirRequests, 0); // never followed to the other host
        qInfo().noquote() << outcome->error->message << "|" << outcome->error->detail;
        QVERIFY2(!outcome->error->message.contains(QStringLiteral("certificate")),
                 qPrintable(outcome->error->message));
        QVERIFY2(outcome->error->message.contains(QStringLiteral("another address")),
                 qPrintable(outcome->error->message));
    }

    // Nothing listens: the technical detail says so in words, not "network error 1".
    void refusedConnectionInWords()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        TokenSet tokens;
        tokens.accessToken = m_validAccess;
        SmartConfiguration config;
        config.fhirBase = QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(port));
        Session session(config, {QStringLiteral("kete-desktop"), {}, {}, BrowserMode::Embedded},
                        tokens);
        fhir::FhirClient client(config.fhirBase, &session);
        std::optional<fhir::RequestOutcome> outcome;
        connect(client.search(QStringLiteral("Patient")), &fhir::FhirRequest::finished, this,
                [&](const fhir::RequestOutcome &finished) { outcome = finished; });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY(!outcome->ok());
        QVERIFY2(outcome->error->detail.contains(QStringLiteral("connection was refused")),
                 qPrintable(outcome->error->detail));
    }
};

QTEST_GUILESS_MAIN(TestSessionFhirClient)
#include "tst_sessionfhirclient.moc"
