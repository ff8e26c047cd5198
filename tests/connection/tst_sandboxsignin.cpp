#include "connection/savedsignin.h"
#include "sandbox/server/sandboxhost.h"
#include "smart/pkce.h"
#include "smart/session.h"
#include "smart/signin.h"
#include "smart/smartdiscovery.h"
#include "smart/tokenendpoint.h"
#include "storage/chunkedsecretstore.h"
#include "storage/providerstore.h"
#include "support/logcapture.h"
#include "support/problemof.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
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

const QUrl redirectUri(QStringLiteral("https://kete.example.org/callback"));

// The browser's part with a server that approves at once: follows the authorization redirect
// over HTTP, keeps the code it carries (to look for it in the logs later) and hands the redirect
// to the sign-in, or keeps it to itself (someone who caught the code).
class RedirectFollower final : public SignInPages
{
public:
    explicit RedirectFollower(QNetworkAccessManager *network, bool handOver = true)
        : m_network(network)
        , m_handOver(handOver)
    {}
    void attach(SignIn *signIn) { m_signIn = signIn; }
    QByteArray code() const { return m_code; }

    void open(const QUrl &authorizeUrl, BrowserMode) override
    {
        QNetworkRequest request(authorizeUrl);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = m_network->get(request);
        QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply] {
            reply->deleteLater();
            const QUrl redirect = reply->header(QNetworkRequest::LocationHeader).toUrl();
            m_code = QUrlQuery(redirect)
                         .queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded)
                         .toUtf8();
            if (m_handOver && m_signIn)
                m_signIn->handleRedirect(redirect);
        });
    }
    void close() override {}

private:
    QNetworkAccessManager *m_network;
    bool m_handOver;
    QPointer<SignIn> m_signIn;
    QByteArray m_code;
};

} // namespace

// Kete's sign-in against the sandbox's strict SMART authorization server (auto-approve mode:
// /authorize redirects at once, so a plain HTTP client plays the browser), with the OS keychain.
class TestSandboxSignIn : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxHost> m_host;
    QNetworkAccessManager m_network;
    std::optional<SmartConfiguration> m_config;
    std::unique_ptr<QSettings> m_settings;
    ChunkedSecretStore m_secrets{QStringLiteral("org.kete.Kete.tests")};
    std::unique_ptr<ProviderStore> m_store;
    QList<QByteArray> m_secretsSeen;

    static ClientRegistration client(const QString &id, const QByteArray &secret = {})
    {
        return {id, secret, redirectUri, BrowserMode::Embedded};
    }

    QNetworkReply *waitFor(QNetworkReply *reply)
    {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            [&] { QVERIFY(finished.wait(10000)); }();
        reply->deleteLater();
        return reply;
    }

    bool introspectActive(const QByteArray &token)
    {
        QNetworkRequest request(m_config->introspectionEndpoint);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *reply = waitFor(
            m_network.post(request, encodeForm({{QStringLiteral("token"), token},
                                                {QStringLiteral("client_id"), "kete-desktop"}})));
        return QJsonDocument::fromJson(reply->readAll())
            .object()
            .value(QLatin1String("active"))
            .toBool();
    }

    struct Attempt
    {
        std::optional<SignInResult> result;
        std::optional<Error> error;
    };
    Attempt signIn(const ClientRegistration &registration)
    {
        Attempt attempt;
        RedirectFollower pages(&m_network);
        SignIn signIn(&m_network, &pages);
        pages.attach(&signIn);
        connect(&signIn, &SignIn::succeeded, this,
                [&](const SignInResult &r) { attempt.result = r; });
        connect(&signIn, &SignIn::failed, this, [&](const Error &e) { attempt.error = e; });
        signIn.start({m_config->fhirBase, registration, ScopeChoice{ScopeAudience::Patient}});
        [&] { QTRY_VERIFY_WITH_TIMEOUT(attempt.result || attempt.error, 10000); }();
        m_secretsSeen.append(pages.code());
        if (attempt.result) {
            m_secretsSeen.append(attempt.result->tokens.accessToken);
            m_secretsSeen.append(attempt.result->tokens.refreshToken);
        }
        return attempt;
    }

    std::optional<QByteArray> keychainValue(const QString &key)
    {
        std::optional<Result<std::optional<QByteArray>>> outcome;
        m_secrets.read(key, [&](Result<std::optional<QByteArray>> r) { outcome = r; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome && outcome->ok() ? outcome->value() : std::nullopt;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        test::LogCapture::install();
        QVERIFY(m_dir.isValid());

        const QString clients = m_dir.filePath(QStringLiteral("clients.json"));
        QFile file(clients);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const auto publicClient = [](const char *id) {
            return QJsonObject{
                {QStringLiteral("client_id"), QString::fromLatin1(id)},
                {QStringLiteral("type"), QStringLiteral("public")},
                {QStringLiteral("redirect_uris"), QJsonArray{redirectUri.toString()}}};
        };
        const QJsonObject registrations{
            {QStringLiteral("clients"),
             QJsonArray{
                 publicClient("kete-denied"), publicClient("kete-downgrade"),
                 publicClient("kete-expired"),
                 QJsonObject{
                     {QStringLiteral("client_id"), QStringLiteral("kete-confidential")},
                     {QStringLiteral("type"), QStringLiteral("confidential-symmetric")},
                     {QStringLiteral("client_secret"), QStringLiteral("s3cret+/=")},
                     {QStringLiteral("redirect_uris"), QJsonArray{redirectUri.toString()}}}}}};
        file.write(QJsonDocument(registrations).toJson());
        file.close();

        sandbox::SandboxOptions options;
        options.clientsFile = clients;
        options.autoApproveUser = QString();
        options.largePatientObservations = 100;
        options.faults.enableFor(QStringLiteral("kete-denied"), sandbox::Fault::ConsentDenied);
        options.faults.enableFor(QStringLiteral("kete-downgrade"), sandbox::Fault::ScopeDowngrade);
        options.faults.enableFor(QStringLiteral("kete-expired"),
                                 sandbox::Fault::RefreshTokenExpired);
        m_host = std::make_unique<sandbox::SandboxHost>(options);
        QSignalSpy started(m_host.get(), &sandbox::SandboxHost::started);
        QSignalSpy failed(m_host.get(), &sandbox::SandboxHost::failed);
        m_host->start();
        QTRY_VERIFY_WITH_TIMEOUT(started.count() + failed.count() > 0, 60000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

        SmartDiscovery discovery(&m_network);
        std::optional<Result<SmartConfiguration>> config;
        discovery.discover(m_host->fhirBaseUrl(),
                           [&](const Result<SmartConfiguration> &r) { config = r; });
        QTRY_VERIFY_WITH_TIMEOUT(config.has_value(), 10000);
        QVERIFY2(config->ok(), qPrintable(config->ok() ? QString() : config->error().detail));
        m_config = config->value();
        QVERIFY(!m_config->introspectionEndpoint.isEmpty());
        QVERIFY(!m_config->revocationEndpoint.isEmpty());

        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("kete.ini")),
                                                 QSettings::IniFormat);
        m_store = std::make_unique<ProviderStore>(m_settings.get(), &m_secrets);
    }

    void cleanupTestCase() { test::LogCapture::uninstall(); }

    void fullJourney()
    {
        std::optional<std::optional<Error>> probe;
        m_secrets.write(QStringLiteral("sandbox-probe"), "x",
                        [&](const Result<void> &e) { probe = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(probe.has_value(), 20000);
        if (probe->has_value()) {
            if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
                QFAIL("keychain unavailable");
            QSKIP("No OS keychain in this session (run through packaging/dev.sh test)");
        }

        const Attempt attempt = signIn(client(QStringLiteral("kete-desktop")));
        QVERIFY2(attempt.result, attempt.error ? qPrintable(attempt.error->detail) : "no answer");
        const SignInResult &result = *attempt.result;
        QVERIFY(result.idTokenVerified);
        QVERIFY(!result.tokens.patient.isEmpty());
        QVERIFY(result.tokens.fhirUser.contains(QLatin1String("Patient/")));
        QVERIFY(result.tokens.grantedScope.covers(u"Observation"));
        QVERIFY(result.notGranted.isEmpty());
        QVERIFY(introspectActive(result.tokens.accessToken));

        // Remembered: refresh token in the keychain.
        ProviderSettings provider;
        provider.displayName = QStringLiteral("Sandbox");
        provider.fhirBase = m_config->fhirBase;
        provider.clientId = QStringLiteral("kete-desktop");
        provider.redirectUri = redirectUri;
        const QString providerId = m_store->save(provider).id;
        auto session = Session::fromSignIn(result);
        rememberSignIn(*session, *m_store, providerId);
        const QString key = ProviderStore::refreshTokenKey(providerId, result.tokens.patient);
        QTRY_COMPARE_WITH_TIMEOUT(keychainValue(key).value_or(QByteArray()),
                                  result.tokens.refreshToken, 10000);

        // Single flight: two callers, one refresh; rotation kills the old refresh token.
        QList<Result<QByteArray>> answers;
        session->refresh([&](const Result<QByteArray> &t) { answers.append(t); });
        session->refresh([&](const Result<QByteArray> &t) { answers.append(t); });
        QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 2, 10000);
        QCOMPARE(session->refreshRequestCount(), 1);
        QVERIFY(answers[0].ok() && answers[1].ok());
        QCOMPARE(answers[0].value(), answers[1].value());
        m_secretsSeen.append(session->tokens().accessToken);
        m_secretsSeen.append(session->tokens().refreshToken);
        QVERIFY(session->tokens().refreshToken != result.tokens.refreshToken);
        QVERIFY(!introspectActive(result.tokens.refreshToken));
        QTRY_COMPARE_WITH_TIMEOUT(keychainValue(key).value_or(QByteArray()),
                                  session->tokens().refreshToken, 10000);
        session.reset();

        // Restore without a sign-in.
        std::optional<Result<std::shared_ptr<Session>>> restored;
        restoreSignIn(*m_store, providerId, &m_network,
                      [&](Result<std::shared_ptr<Session>> r) { restored = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(restored.has_value(), 10000);
        QVERIFY2(restored->ok(), qPrintable(restored->ok() ? QString() : restored->error().detail));
        const std::shared_ptr<Session> reopened = restored->value();
        m_secretsSeen.append(reopened->currentToken());
        m_secretsSeen.append(reopened->tokens().refreshToken);
        QVERIFY(introspectActive(reopened->currentToken()));
        QTRY_COMPARE_WITH_TIMEOUT(keychainValue(key).value_or(QByteArray()),
                                  reopened->tokens().refreshToken, 10000);

        // Sign out: revoked (introspection says inactive) and gone from the keychain.
        const QByteArray access = reopened->currentToken();
        const QByteArray refresh = reopened->tokens().refreshToken;
        std::optional<std::optional<Error>> out;
        reopened->signOut([&](const Result<void> &e) { out = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 10000);
        QVERIFY2(!out->has_value(), out->has_value() ? qPrintable((*out)->detail) : "");
        QVERIFY(!introspectActive(access));
        QVERIFY(!introspectActive(refresh));
        QVERIFY(!keychainValue(key).has_value());

        std::optional<std::optional<Error>> forgotten;
        m_store->forget(providerId, [&](const Result<void> &e) { forgotten = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(forgotten.has_value(), 20000);
    }

    void confidentialClientWithBasic()
    {
        const Attempt good = signIn(client(QStringLiteral("kete-confidential"), "s3cret+/="));
        QVERIFY2(good.result, good.error ? qPrintable(good.error->detail) : "no answer");
        const Attempt wrong = signIn(client(QStringLiteral("kete-confidential"), "not-the-secret"));
        QVERIFY(wrong.error);
        QVERIFY2(wrong.error->detail.startsWith(QLatin1String("oauth.invalid_client")),
                 qPrintable(wrong.error->detail));
        QVERIFY(wrong.error->message.contains(QLatin1String("kete-confidential")));
    }

    void wrongPkceVerifierRefused()
    {
        RedirectFollower pages(&m_network, false);
        SignIn signIn(&m_network, &pages);
        pages.attach(&signIn);
        signIn.start({m_config->fhirBase, client(QStringLiteral("kete-desktop")),
                      ScopeChoice{ScopeAudience::Patient}});
        QTRY_VERIFY_WITH_TIMEOUT(!pages.code().isEmpty(), 10000);
        const QByteArray code = pages.code();
        m_secretsSeen.append(code);
        // Someone who caught the code but not the verifier.
        QNetworkRequest request(m_config->tokenEndpoint);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *reply = waitFor(m_network.post(
            request, encodeForm({{QStringLiteral("grant_type"), "authorization_code"},
                                 {QStringLiteral("code"), code},
                                 {QStringLiteral("redirect_uri"), redirectUri.toString().toUtf8()},
                                 {QStringLiteral("client_id"), "kete-desktop"},
                                 {QStringLiteral("code_verifier"), Pkce::generate().verifier}})));
        const auto answer = readTokenReply(*reply);
        QVERIFY(!answer.ok());
        QVERIFY2(answer.error().detail.startsWith(QLatin1String("oauth.invalid_grant")),
                 qPrintable(answer.error().detail));
        signIn.cancel();
    }

    void consentDenied()
    {
        const Attempt attempt = signIn(client(QStringLiteral("kete-denied")));
        QVERIFY(attempt.error);
        QVERIFY2(attempt.error->detail.startsWith(QLatin1String("oauth.access_denied")),
                 qPrintable(attempt.error->detail));
    }

    void scopeDowngradeReported()
    {
        const Attempt attempt = signIn(client(QStringLiteral("kete-downgrade")));
        QVERIFY2(attempt.result, attempt.error ? qPrintable(attempt.error->detail) : "no answer");
        QVERIFY2(attempt.result->notGranted.contains(QStringLiteral("conditions")),
                 qPrintable(attempt.result->notGranted.join(QLatin1Char(','))));
        QVERIFY(!attempt.result->tokens.grantedScope.covers(u"Condition"));
        // A refresh token came, so staying signed in works whatever the scope says.
        QVERIFY(!attempt.result->tokens.refreshToken.isEmpty());
        QVERIFY(!attempt.result->notGranted.contains(QStringLiteral("staying signed in")));
    }

    void expiredRefreshTokenRequiresSignIn()
    {
        const Attempt attempt = signIn(client(QStringLiteral("kete-expired")));
        QVERIFY2(attempt.result, attempt.error ? qPrintable(attempt.error->detail) : "no answer");
        auto session = Session::fromSignIn(*attempt.result);
        QSignalSpy required(session.get(), &Session::signInRequired);
        std::optional<Result<QByteArray>> answer;
        session->refresh([&](const Result<QByteArray> &t) { answer = t; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
        QVERIFY(!answer->ok());
        QCOMPARE(required.count(), 1);
        QVERIFY(!session->isSignedIn());
    }

    void noSecretInLogsOrSettings()
    {
        m_settings->sync();
        QFile ini(m_dir.filePath(QStringLiteral("kete.ini")));
        QByteArray settings;
        if (ini.open(QIODevice::ReadOnly))
            settings = ini.readAll();
        const QStringList lines = test::LogCapture::lines();
        const QString log = lines.join(QLatin1Char('\n'));
        QVERIFY(lines.size() > 10);
        int checked = 0;
        for (const QByteArray &secret : std::as_const(m_secretsSeen)) {
            if (secret.size() < 8)
                continue;
            ++checked;
            QVERIFY2(!log.contains(QString::fromLatin1(secret)), "a secret reached the log");
            QVERIFY2(!settings.contains(secret), "a secret reached the settings");
        }
        QVERIFY(checked >= 8);
    }
};

QTEST_GUILESS_MAIN(TestSandboxSignIn)
#include "tst_sandboxsignin.moc"
