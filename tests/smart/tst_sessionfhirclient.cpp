#include "fhir/fhirclient.h"
#include "smart/session.h"
#include "support/loopbackserver.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QSignalSpy>
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

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.route(QStringLiteral("/fhir/<arg>"), [this](const QString &,
                                                             const QHttpServerRequest &request) {
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
        m_port = kete::test::listenOnLoopback(m_server);
        QVERIFY(m_port != 0);
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
};

QTEST_GUILESS_MAIN(TestSessionFhirClient)
#include "tst_sessionfhirclient.moc"
