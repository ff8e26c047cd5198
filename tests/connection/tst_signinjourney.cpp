#include "common/crypto.h"
#include "connection/savedsignin.h"
#include "smart/authorizationflow.h"
#include "smart/pkce.h"
#include "smart/session.h"
#include "smart/smartdiscovery.h"
#include "storage/chunkedsecretstore.h"
#include "storage/providerstore.h"
#include "support/logcapture.h"
#include "support/loopbackserver.h"
#include "support/problemof.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace kete;
using namespace kete::smart;
using namespace kete::connection;

namespace {

QHttpServerResponse redirectTo(const QUrl &location)
{
    QHttpServerResponse response(QHttpServerResponse::StatusCode::Found);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders headers;
    headers.append(QHttpHeaders::WellKnownHeader::Location, location.toString(QUrl::FullyEncoded));
    response.setHeaders(std::move(headers));
#else
    response.addHeader(QByteArrayLiteral("Location"),
                       location.toString(QUrl::FullyEncoded).toUtf8());
#endif
    return response;
}

} // namespace

// The whole journey on real parts: discovery, sign-in with PKCE, the refresh token in the OS
// keychain, rotation, restore without the browser, sign-out with revocation, forget. The
// authorization server is a small strict one in this test (the sandbox's has its own e2e).
class TestSignInJourney : public QObject
{
    Q_OBJECT

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    QNetworkAccessManager m_network;
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    ChunkedSecretStore m_secrets{QStringLiteral("org.kete.Kete.tests")};
    std::unique_ptr<ProviderStore> m_store;

    // Server state.
    QUrlQuery m_authorize;
    QByteArray m_code;
    QSet<QByteArray> m_liveRefreshTokens;
    QSet<QByteArray> m_liveAccessTokens;
    QStringList m_secretsIssued; // every secret the run handled: none may be logged or saved
    int m_refreshCount = 0;

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }

    QByteArray issue(QSet<QByteArray> &live, const char *prefix)
    {
        const QByteArray token = prefix + crypto::randomToken(24);
        live.insert(token);
        m_secretsIssued.append(QString::fromLatin1(token));
        return token;
    }

    QHttpServerResponse tokens()
    {
        return QHttpServerResponse(QJsonObject{
            {QStringLiteral("access_token"), QString::fromLatin1(issue(m_liveAccessTokens, "at-"))},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
            {QStringLiteral("expires_in"), 300},
            {QStringLiteral("refresh_token"),
             QString::fromLatin1(issue(m_liveRefreshTokens, "rt-"))},
            {QStringLiteral("scope"),
             QStringLiteral("patient/*.rs openid fhirUser offline_access")},
            {QStringLiteral("patient"), QStringLiteral("p-42")}});
    }

    QHttpServerResponse token(const QHttpServerRequest &request)
    {
        const QUrlQuery form(QString::fromUtf8(request.body()));
        const auto field = [&](const char *name) {
            return form.queryItemValue(QLatin1String(name), QUrl::FullyDecoded).toUtf8();
        };
        const QHttpServerResponse invalidGrant(
            QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_grant")}},
            QHttpServerResponse::StatusCode::BadRequest);
        if (field("client_id") != "kete-desktop")
            return QHttpServerResponse(
                QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client")}},
                QHttpServerResponse::StatusCode::Unauthorized);
        if (field("grant_type") == "authorization_code") {
            if (m_code.isEmpty() || field("code") != m_code ||
                Pkce::challengeFor(field("code_verifier")) !=
                    m_authorize.queryItemValue(QStringLiteral("code_challenge")).toUtf8())
                return QHttpServerResponse(
                    QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_grant")}},
                    QHttpServerResponse::StatusCode::BadRequest);
            m_code.clear(); // one use
            return tokens();
        }
        if (field("grant_type") == "refresh_token") {
            if (!m_liveRefreshTokens.remove(field("refresh_token"))) // rotation: old one dies
                return QHttpServerResponse(
                    QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_grant")}},
                    QHttpServerResponse::StatusCode::BadRequest);
            ++m_refreshCount;
            return tokens();
        }
        Q_UNUSED(invalidGrant);
        return QHttpServerResponse(
            QJsonObject{{QStringLiteral("error"), QStringLiteral("unsupported_grant_type")}},
            QHttpServerResponse::StatusCode::BadRequest);
    }

    std::optional<QByteArray> keychainValue(const QString &key)
    {
        std::optional<Result<std::optional<QByteArray>>> outcome;
        m_secrets.read(key, [&](Result<std::optional<QByteArray>> r) { outcome = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome && outcome->ok() ? outcome->value() : std::nullopt;
    }

    QUrl browse(const QUrl &target)
    {
        QNetworkRequest request(target);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = m_network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        [&] { QVERIFY(finished.wait(5000)); }();
        reply->deleteLater();
        return reply->header(QNetworkRequest::LocationHeader).toUrl();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true\nqt.*.debug=true"));
        test::LogCapture::install();

        m_server.route(QStringLiteral("/fhir/.well-known/smart-configuration"), [this] {
            return QHttpServerResponse(QJsonObject{
                {QStringLiteral("authorization_endpoint"),
                 url(QStringLiteral("/authorize")).toString()},
                {QStringLiteral("token_endpoint"), QStringLiteral("../token")},
                {QStringLiteral("revocation_endpoint"), QStringLiteral("../revoke")},
                {QStringLiteral("capabilities"),
                 QJsonArray{QStringLiteral("launch-standalone"), QStringLiteral("permission-v2")}},
                {QStringLiteral("code_challenge_methods_supported"),
                 QJsonArray{QStringLiteral("S256")}}});
        });
        m_server.route(QStringLiteral("/authorize"), [this](const QHttpServerRequest &request) {
            m_authorize = QUrlQuery(request.url());
            m_code = crypto::randomToken(16);
            m_secretsIssued.append(QString::fromLatin1(m_code));
            QUrl redirect(
                m_authorize.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
            redirect.setQuery(QStringLiteral("code=%1&state=%2")
                                  .arg(QString::fromLatin1(m_code),
                                       m_authorize.queryItemValue(QStringLiteral("state"))));
            return redirectTo(redirect);
        });
        m_server.route(QStringLiteral("/token"),
                       [this](const QHttpServerRequest &request) { return token(request); });
        m_server.route(QStringLiteral("/revoke"), [this](const QHttpServerRequest &request) {
            const QByteArray token =
                QUrlQuery(QString::fromUtf8(request.body()))
                    .queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded)
                    .toUtf8();
            m_liveRefreshTokens.remove(token);
            m_liveAccessTokens.remove(token);
            return QHttpServerResponse(QHttpServerResponse::StatusCode::Ok);
        });
        m_port = kete::test::listenOnLoopback(m_server);
        QVERIFY(m_port != 0);

        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("kete.ini")),
                                                 QSettings::IniFormat);
        m_store = std::make_unique<ProviderStore>(m_settings.get(), &m_secrets);

        std::optional<std::optional<Error>> probe;
        m_secrets.write(QStringLiteral("journey-probe"), "x",
                        [&](const Result<void> &e) { probe = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(probe.has_value(), 20000);
        if (probe->has_value()) {
            if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
                QFAIL("keychain unavailable");
            QSKIP("No OS keychain in this session (run through packaging/dev.sh test)");
        }
    }

    void cleanupTestCase() { test::LogCapture::uninstall(); }

    void signInRememberRestoreSignOut()
    {
        // 1. Discovery.
        SmartDiscovery discovery(&m_network);
        std::optional<Result<SmartConfiguration>> config;
        discovery.discover(url(QStringLiteral("/fhir")),
                           [&](const Result<SmartConfiguration> &r) { config = r; });
        QTRY_VERIFY_WITH_TIMEOUT(config.has_value(), 5000);
        QVERIFY2(config->ok(), qPrintable(config->ok() ? QString() : config->error().detail));

        // 2. Sign-in in the "embedded browser".
        const ClientRegistration client{QStringLiteral("kete-desktop"),
                                        {},
                                        QUrl(QStringLiteral("https://kete.example.org/callback")),
                                        BrowserMode::Embedded};
        AuthorizationFlow flow;
        QSignalSpy ready(&flow, &AuthorizationFlow::authorizeUrlReady);
        QSignalSpy succeeded(&flow, &AuthorizationFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationFlow::failed);
        flow.start(config->value(), client,
                   ScopeSet::forSignIn(config->value(), ScopeAudience::Patient));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000);
        const QUrl redirect = browse(ready.first().first().toUrl());
        m_secretsIssued.append(m_authorize.queryItemValue(QStringLiteral("state")));
        QVERIFY(flow.handleRedirect(redirect));
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.count() + failed.count(), 1, 5000);
        QCOMPARE(failed.count(), 0);
        const auto result = succeeded.first().first().value<SignInResult>();
        QCOMPARE(result.tokens.patient, QStringLiteral("p-42"));

        // 3. Remember: settings + keychain.
        ProviderSettings provider;
        provider.displayName = QStringLiteral("Journey Clinic");
        provider.fhirBase = result.configuration.fhirBase;
        provider.clientId = client.clientId;
        provider.redirectUri = client.redirectUri;
        const QString providerId = m_store->save(provider).id;
        auto session = Session::fromSignIn(result);
        rememberSignIn(*session, *m_store, providerId);
        const QString key = ProviderStore::refreshTokenKey(providerId, QStringLiteral("p-42"));
        QTRY_COMPARE_WITH_TIMEOUT(keychainValue(key).value_or(QByteArray()),
                                  result.tokens.refreshToken, 10000);

        // 4. Refresh rotates, and the keychain follows.
        std::optional<Result<QByteArray>> refreshed;
        session->refresh([&](const Result<QByteArray> &token) { refreshed = token; });
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.has_value(), 5000);
        QVERIFY(refreshed->ok());
        QVERIFY(session->tokens().refreshToken != result.tokens.refreshToken);
        QTRY_COMPARE_WITH_TIMEOUT(keychainValue(key).value_or(QByteArray()),
                                  session->tokens().refreshToken, 10000);
        session.reset(); // Kete quits

        // 5. Next start: restore without the browser.
        std::optional<Result<std::shared_ptr<Session>>> restored;
        restoreSignIn(*m_store, providerId, &m_network,
                      [&](Result<std::shared_ptr<Session>> r) { restored = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(restored.has_value(), 10000);
        QVERIFY2(restored->ok(), qPrintable(restored->ok() ? QString() : restored->error().detail));
        const std::shared_ptr<Session> reopened = restored->value();
        QVERIFY(reopened->isSignedIn());
        QCOMPARE(reopened->tokens().patient, QStringLiteral("p-42"));
        QCOMPARE(m_refreshCount, 2);
        QTRY_COMPARE_WITH_TIMEOUT(keychainValue(key).value_or(QByteArray()),
                                  reopened->tokens().refreshToken, 10000);

        // 6. Sign out: revoked at the server, gone from the keychain.
        const QByteArray lastRefresh = reopened->tokens().refreshToken;
        std::optional<std::optional<Error>> signedOut;
        reopened->signOut([&](const Result<void> &e) { signedOut = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(signedOut.has_value(), 10000);
        QVERIFY(!signedOut->has_value());
        QVERIFY(!m_liveRefreshTokens.contains(lastRefresh));
        QVERIFY(!keychainValue(key).has_value());

        // 7. Restoring now says there is nothing to restore... after forgetting, no provider.
        std::optional<std::optional<Error>> forgotten;
        m_store->forget(providerId, [&](const Result<void> &e) { forgotten = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(forgotten.has_value(), 20000);
        QVERIFY(!forgotten->has_value());
        restored.reset();
        restoreSignIn(*m_store, providerId, &m_network,
                      [&](Result<std::shared_ptr<Session>> r) { restored = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(restored.has_value(), 5000);
        QVERIFY(!restored->ok());
        QCOMPARE(restored->error().detail, QStringLiteral("restore.nothing-saved"));
    }

    // The scan: nothing the run handled as a secret is in a log line or the settings file.
    void noSecretInLogsOrSettings()
    {
        QVERIFY(m_secretsIssued.size() >= 8);
        m_settings->sync();
        QFile ini(m_dir.filePath(QStringLiteral("kete.ini")));
        QByteArray settings;
        if (ini.open(QIODevice::ReadOnly))
            settings = ini.readAll();
        const QStringList lines = test::LogCapture::lines();
        QVERIFY(lines.size() > 10); // the capture works
        const QString log = lines.join(QLatin1Char('\n'));
        for (const QString &secret : std::as_const(m_secretsIssued)) {
            QVERIFY2(!log.contains(secret),
                     qPrintable(QStringLiteral("logged: ") + secret.left(6)));
            QVERIFY2(!settings.contains(secret.toUtf8()),
                     qPrintable(QStringLiteral("saved: ") + secret.left(6)));
        }
    }
};

QTEST_GUILESS_MAIN(TestSignInJourney)
#include "tst_signinjourney.moc"
