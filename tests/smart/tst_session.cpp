#include "smart/session.h"
#include "storage/chunkedsecretstore.h"
#include "storage/secretstore.h"
#include "support/loopbackserver.h"
#include "support/problemof.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>
#include <QUuid>

using namespace kete;
using namespace kete::smart;

// The session against a small token + revocation endpoint on 127.0.0.1 that rotates refresh
// tokens like a strict server. Time comes from a clock the test moves.
class TestSession : public QObject
{
    Q_OBJECT

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QByteArray m_validRefreshToken;
    int m_generation = 0;
    int m_refreshRequests = 0;
    int m_expiresIn = 3600; // what the token endpoint gives
    QList<QUrlQuery> m_refreshForms;
    QList<QByteArray> m_authorizations;
    QStringList m_revoked;
    QDateTime m_now = QDateTime(QDate(2026, 11, 28), QTime(9, 0), QTimeZone::utc());

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }
    SmartConfiguration configuration(bool withRevocation = true) const
    {
        SmartConfiguration config;
        config.fhirBase = url(QStringLiteral("/fhir"));
        config.authorizationEndpoint = url(QStringLiteral("/authorize"));
        config.tokenEndpoint = url(QStringLiteral("/token"));
        if (withRevocation)
            config.revocationEndpoint = url(QStringLiteral("/revoke"));
        return config;
    }
    static ClientRegistration publicClient()
    {
        return {QStringLiteral("kete-desktop"),
                {},
                QUrl(QStringLiteral("https://kete.example.org/callback")),
                BrowserMode::Embedded};
    }
    TokenSet signedIn(qint64 expiresIn = 3600)
    {
        TokenSet tokens;
        tokens.accessToken = "access-0";
        tokens.tokenType = QStringLiteral("Bearer");
        tokens.expiresAt = m_now.addSecs(expiresIn);
        tokens.refreshToken = m_validRefreshToken;
        tokens.patient = QStringLiteral("p1");
        tokens.grantedScope = ScopeSet::forSignIn(true, ScopeAudience::Patient);
        return tokens;
    }
    Clock clock()
    {
        return [this] { return m_now; };
    }
    static QString uniqueKeychainKey()
    {
        return QStringLiteral("tests/session/") +
               QString::fromLatin1(QUuid::createUuid().toByteArray(QUuid::Id128));
    }
    // What the keychain holds under `key` ("absent", "error"), removed afterwards.
    static QByteArray takeFromKeychain(ChunkedSecretStore &store, const QString &key)
    {
        std::optional<QByteArray> kept;
        store.read(key, [&](const Result<std::optional<QByteArray>> &read) {
            kept = read.ok() ? read.value().value_or("absent") : QByteArray("error");
        });
        std::optional<Result<void>> removed;
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(kept.has_value(), 20000);
            store.remove(key, [&](const Result<void> &done) { removed = done; });
            QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
        }();
        return kept.value_or("timeout");
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.route(QStringLiteral("/token"), [this](const QHttpServerRequest &request) {
            const QUrlQuery form(QString::fromUtf8(request.body()));
            m_refreshForms.append(form);
            m_authorizations.append(request.value("Authorization"));
            ++m_refreshRequests;
            if (form.queryItemValue(QStringLiteral("grant_type")) !=
                    QLatin1String("refresh_token") ||
                form.queryItemValue(QStringLiteral("refresh_token"), QUrl::FullyDecoded).toUtf8() !=
                    m_validRefreshToken)
                return QHttpServerResponse(
                    QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_grant")},
                                {QStringLiteral("error_description"),
                                 QStringLiteral("refresh token expired")}},
                    QHttpServerResponse::StatusCode::BadRequest);
            ++m_generation;
            m_validRefreshToken = "refresh-" + QByteArray::number(m_generation); // rotation
            return QHttpServerResponse(QJsonObject{
                {QStringLiteral("access_token"), QStringLiteral("access-%1").arg(m_generation)},
                {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                {QStringLiteral("expires_in"), m_expiresIn},
                {QStringLiteral("refresh_token"), QString::fromLatin1(m_validRefreshToken)},
                {QStringLiteral("scope"), QStringLiteral("patient/*.rs offline_access")}});
        });
        m_server.route(QStringLiteral("/revoke"), [this](const QHttpServerRequest &request) {
            const QUrlQuery form(QString::fromUtf8(request.body()));
            m_revoked.append(form.queryItemValue(QStringLiteral("token_type_hint")) +
                             QLatin1Char('=') +
                             form.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded));
            if (form.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8() ==
                m_validRefreshToken)
                m_validRefreshToken = "revoked";
            return QHttpServerResponse(QHttpServerResponse::StatusCode::Ok);
        });
        m_port = kete::test::listenOnLoopback(m_server);
        QVERIFY(m_port != 0);
    }

    void init()
    {
        m_generation = 0;
        m_validRefreshToken = "refresh-0";
        m_refreshRequests = 0;
        m_expiresIn = 3600;
        m_refreshForms.clear();
        m_authorizations.clear();
        m_revoked.clear();
    }

    void singleFlightRefreshRotates()
    {
        Session session(configuration(), publicClient(), signedIn(), clock());
        QCOMPARE(session.currentToken(), QByteArray("access-0"));
        QList<QByteArray> answers;
        for (int caller = 0; caller < 3; ++caller)
            session.refresh([&](const Result<QByteArray> &token) {
                answers.append(token.ok() ? token.value() : QByteArray("error"));
            });
        QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 3, 5000);
        QCOMPARE(m_refreshRequests, 1); // three callers, one request
        QCOMPARE(answers, (QList<QByteArray>{"access-1", "access-1", "access-1"}));
        QCOMPARE(session.currentToken(), QByteArray("access-1"));
        QCOMPARE(session.tokens().refreshToken, QByteArray("refresh-1")); // rotated
        QCOMPARE(session.tokens().patient, QStringLiteral("p1"));         // context kept
        // Public client: client_id in the form, no Authorization header.
        QCOMPARE(m_refreshForms.first().queryItemValue(QStringLiteral("client_id")),
                 QStringLiteral("kete-desktop"));
        QVERIFY(m_authorizations.first().isEmpty());

        // The next refresh uses the rotated token.
        std::optional<Result<QByteArray>> second;
        session.refresh([&](const Result<QByteArray> &token) { second = token; });
        QTRY_VERIFY_WITH_TIMEOUT(second.has_value(), 5000);
        QVERIFY(second->ok());
        QCOMPARE(second->value(), QByteArray("access-2"));
    }

    // Quitting while a refresh is on the network: the process waits for the rotated refresh
    // token to be kept, so that the next start presents the one the provider now expects (it
    // kept the old one, which a strict provider takes for a replay).
    void quittingWaitsForTheRotatedRefreshToken()
    {
        const QString key = uniqueKeychainKey();
        ChunkedSecretStore store(QStringLiteral("org.kete.Kete.tests"));
        Session session(configuration(), publicClient(), signedIn(), clock());
        QSignalSpy failed(&session, &Session::rememberFailed);
        session.rememberIn(&store, key);
        QVERIFY(SecretStore::finishChanges(std::chrono::seconds(20)));
        if (!failed.isEmpty()) {
            if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
                QFAIL("no keychain");
            QSKIP("no keychain (KETE_REQUIRE_KEYCHAIN makes this a failure)");
        }
        session.refresh([](const Result<QByteArray> &) {});
        QVERIFY(SecretStore::finishChanges(std::chrono::seconds(20)));
        QCOMPARE(m_refreshRequests, 1);
        const QByteArray kept = takeFromKeychain(store, key);
        QCOMPARE(kept, m_validRefreshToken);
        QCOMPARE(kept, QByteArray("refresh-1"));
    }

    // The same when quitting during a restore at start: the session is given its store only
    // once the restore's refresh has answered (as SavedSignIn does).
    void quittingWaitsForARestoredSignIn()
    {
        const QString key = uniqueKeychainKey();
        ChunkedSecretStore store(QStringLiteral("org.kete.Kete.tests"));
        TokenSet saved;
        saved.refreshToken = m_validRefreshToken;
        Session session(configuration(), publicClient(), saved, clock());
        QSignalSpy failed(&session, &Session::rememberFailed);
        session.restore([&](const Result<void> &restored) {
            if (restored.ok())
                session.rememberIn(&store, key);
        });
        QVERIFY(SecretStore::finishChanges(std::chrono::seconds(20)));
        QCOMPARE(m_refreshRequests, 1);
        if (!failed.isEmpty()) {
            if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
                QFAIL("no keychain");
            QSKIP("no keychain (KETE_REQUIRE_KEYCHAIN makes this a failure)");
        }
        QCOMPARE(takeFromKeychain(store, key), QByteArray("refresh-1"));
    }

    void confidentialRefreshUsesBasic()
    {
        ClientRegistration client = publicClient();
        client.clientSecret = "secret";
        Session session(configuration(), client, signedIn(), clock());
        std::optional<Result<QByteArray>> answer;
        session.refresh([&](const Result<QByteArray> &token) { answer = token; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 5000);
        QCOMPARE(m_authorizations.first(), "Basic " + QByteArray("kete-desktop:secret").toBase64());
        QVERIFY(!m_refreshForms.first().hasQueryItem(QStringLiteral("client_id")));
    }

    void proactiveRefreshBeforeExpiry()
    {
        Session session(configuration(), publicClient(), signedIn(3600), clock());
        QSignalSpy changed(&session, &Session::tokensChanged);
        session.refreshIfDue(); // an hour left: nothing to do
        QCOMPARE(m_refreshRequests, 0);
        m_now = m_now.addSecs(3600 - 30); // inside the margin
        session.refreshIfDue();
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 5000);
        QCOMPARE(m_refreshRequests, 1);
        QCOMPARE(session.currentToken(), QByteArray("access-1"));
        QCOMPARE(session.tokens().expiresAt, m_now.addSecs(3600));
    }

    void refreshScheduleFollowsLifetime_data()
    {
        QTest::addColumn<int>("lifetime");
        QTest::addColumn<qint64>("expectedMs");
        QTest::newRow("an hour: 60 s before") << 3600 << qint64(3540 * 1000);
        QTest::newRow("121 s: 60 s before") << 121 << qint64(61 * 1000);
        QTest::newRow("120 s: at half") << 120 << qint64(60 * 1000);
        QTest::newRow("60 s: at half") << 60 << qint64(30 * 1000);
        QTest::newRow("5 s: at half") << 5 << qint64(2500);
        QTest::newRow("expired: now") << 0 << qint64(0);
    }

    void refreshScheduleFollowsLifetime()
    {
        QFETCH(int, lifetime);
        QFETCH(qint64, expectedMs);
        Session session(configuration(), publicClient(), signedIn(lifetime), clock());
        QCOMPARE(session.msecsUntilRefresh(), std::optional<qint64>(expectedMs));
    }

    // Tokens that live 3 s (shorter than the 60 s margin): refreshed at half their life, at
    // most one every 2 s, never a storm. Real time, real timer.
    void shortLivedTokensRefreshCalmly()
    {
        m_expiresIn = 3;
        TokenSet tokens = signedIn();
        tokens.expiresAt = QDateTime::currentDateTimeUtc().addSecs(3);
        Session session(configuration(), publicClient(), tokens);
        QSignalSpy changed(&session, &Session::tokensChanged);
        QTest::qWait(7000);
        qInfo() << "token requests in 7 s with 3 s tokens:" << m_refreshRequests;
        // Due at 1.5 s, then every 2 s (the floor): 3, give or take one.
        QVERIFY2(m_refreshRequests >= 2 && m_refreshRequests <= 4,
                 qPrintable(QString::number(m_refreshRequests)));
        QCOMPARE(session.refreshRequestCount(), m_refreshRequests);
        QCOMPARE(changed.count(), m_refreshRequests);
        QVERIFY(session.isSignedIn());
        QVERIFY(session.currentToken().startsWith("access-"));
    }

    void expiredRefreshTokenRequiresSignIn()
    {
        m_validRefreshToken = "something-else"; // the server forgot ours
        TokenSet tokens = signedIn();
        tokens.refreshToken = "refresh-old";
        Session session(configuration(), publicClient(), tokens, clock());
        QSignalSpy required(&session, &Session::signInRequired);
        std::optional<Result<QByteArray>> answer;
        session.refresh([&](const Result<QByteArray> &token) { answer = token; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 5000);
        QVERIFY(!answer->ok());
        QVERIFY(answer->error().detail.startsWith(QLatin1String("oauth.invalid_grant")));
        QCOMPARE(required.count(), 1);
        QVERIFY(!required.first().first().toString().isEmpty());
        QVERIFY(!session.isSignedIn());
        QVERIFY(session.currentToken().isEmpty());
    }

    // A refresh token in the answer counts, whatever the scope says (offline_access or not).
    void refreshesWithoutOfflineAccessInScope()
    {
        TokenSet tokens = signedIn();
        tokens.grantedScope = ScopeSet::parse(u"patient/*.rs openid");
        Session session(configuration(), publicClient(), tokens, clock());
        std::optional<Result<QByteArray>> answer;
        session.refresh([&](const Result<QByteArray> &token) { answer = token; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 5000);
        QVERIFY(answer->ok());
    }

    void noRefreshTokenRequiresSignIn()
    {
        TokenSet tokens = signedIn();
        tokens.refreshToken.clear();
        Session session(configuration(), publicClient(), tokens, clock());
        QSignalSpy required(&session, &Session::signInRequired);
        std::optional<Result<QByteArray>> answer;
        session.refresh([&](const Result<QByteArray> &token) { answer = token; });
        QVERIFY(answer.has_value() && !answer->ok());
        QCOMPARE(required.count(), 1);
        QCOMPARE(m_refreshRequests, 0);
    }

    void restoreFromRefreshTokenOnly()
    {
        TokenSet saved;
        saved.refreshToken = m_validRefreshToken;
        Session session(configuration(), publicClient(), saved, clock());
        QVERIFY(!session.isSignedIn());
        std::optional<std::optional<Error>> restored;
        session.restore([&](const Result<void> &done) { restored = test::problemOf(done); });
        QTRY_VERIFY_WITH_TIMEOUT(restored.has_value(), 5000);
        QVERIFY(!restored->has_value());
        QVERIFY(session.isSignedIn());
        QCOMPARE(session.currentToken(), QByteArray("access-1"));
    }

    void signOutRevokesBoth()
    {
        Session session(configuration(), publicClient(), signedIn(), clock());
        QSignalSpy signedOut(&session, &Session::signedOut);
        std::optional<std::optional<Error>> outcome;
        session.signOut([&](const Result<void> &done) { outcome = test::problemOf(done); });
        QVERIFY(!session.isSignedIn()); // at once, locally
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 5000);
        QVERIFY(!outcome->has_value());
        QCOMPARE(signedOut.count(), 1);
        QVERIFY(m_revoked.contains(QStringLiteral("refresh_token=refresh-0")));
        QVERIFY(m_revoked.contains(QStringLiteral("access_token=access-0")));
        QCOMPARE(m_validRefreshToken, QByteArray("revoked"));
    }

    void signOutWithoutRevocationEndpoint()
    {
        Session session(configuration(false), publicClient(), signedIn(), clock());
        std::optional<std::optional<Error>> outcome;
        session.signOut([&](const Result<void> &done) { outcome = test::problemOf(done); });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 5000);
        QVERIFY(!outcome->has_value());
        QVERIFY(m_revoked.isEmpty());
        QVERIFY(!session.isSignedIn());
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
