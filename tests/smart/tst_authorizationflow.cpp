#include "common/crypto.h"
#include "common/logging.h"
#include "smart/authorizationflow.h"
#include "smart/pkce.h"
#include "smart/redirecthandler.h"
#include "support/loopbackserver.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

using namespace kete;
using namespace kete::smart;

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

// Signs id_tokens with a key made for this run and publishes it as a JWKS.
class Signer
{
public:
    Signer()
        : m_key(EVP_RSA_gen(2048))
    {}
    ~Signer() { EVP_PKEY_free(m_key); }
    Signer(const Signer &) = delete;
    Signer &operator=(const Signer &) = delete;

    QJsonObject jwks() const
    {
        const auto param = [this](const char *name) {
            BIGNUM *number = nullptr;
            EVP_PKEY_get_bn_param(m_key, name, &number);
            QByteArray bytes(BN_num_bytes(number), Qt::Uninitialized);
            BN_bn2bin(number, reinterpret_cast<unsigned char *>(bytes.data()));
            BN_free(number);
            return QString::fromLatin1(crypto::base64Url(bytes));
        };
        return {{QStringLiteral("keys"),
                 QJsonArray{QJsonObject{{QStringLiteral("kty"), QStringLiteral("RSA")},
                                        {QStringLiteral("kid"), QStringLiteral("k1")},
                                        {QStringLiteral("n"), param(OSSL_PKEY_PARAM_RSA_N)},
                                        {QStringLiteral("e"), param(OSSL_PKEY_PARAM_RSA_E)}}}}};
    }

    QByteArray sign(const QJsonObject &payload) const
    {
        const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                                 {QStringLiteral("kid"), QStringLiteral("k1")}};
        const QByteArray signedPart =
            crypto::base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
            crypto::base64Url(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        EVP_MD_CTX *context = EVP_MD_CTX_new();
        size_t length = 512;
        QByteArray signature(512, Qt::Uninitialized);
        EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, m_key);
        EVP_DigestSign(context, reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(signedPart.constData()),
                       size_t(signedPart.size()));
        EVP_MD_CTX_free(context);
        return signedPart + '.' + crypto::base64Url(signature.left(qsizetype(length)));
    }

private:
    EVP_PKEY *m_key;
};

// Every string a handshake record holds, to look for secrets in.
QString recordText(const AuthorizationRequestRecord &request, const RedirectRecord &redirect,
                   const TokenExchangeRecord &exchange)
{
    QStringList all{request.authorizationEndpoint.toString(),
                    redirect.redirectUri.toString(),
                    redirect.parameterNames.join(u' '),
                    redirect.error,
                    redirect.errorDescription,
                    redirect.problem,
                    exchange.tokenEndpoint.toString(),
                    exchange.problem,
                    exchange.responseFields.join(u' '),
                    exchange.tokenType,
                    exchange.requestedScope,
                    exchange.grantedScope,
                    exchange.patient,
                    exchange.fhirUser,
                    exchange.idTokenNote,
                    exchange.idTokenIssuer,
                    exchange.idTokenAudience,
                    exchange.idTokenFhirUser};
    for (const auto &[name, value] : request.parameters + exchange.requestParameters)
        all << name << value;
    return all.join(u'\n');
}

} // namespace

// The flow against a small, strict authorization server on 127.0.0.1 written for this test: it
// checks what Qt's QOAuth2AuthorizationCodeFlow really sends (PKCE, aud, client
// authentication), and the test plays the browser.
class TestAuthorizationFlow : public QObject
{
    Q_OBJECT

private:
    QHttpServer m_server;
    quint16 m_port = 0;
    Signer m_signer;
    Signer m_wrongSigner;
    QNetworkAccessManager m_browser;

    // What the server saw and how it should behave.
    QUrlQuery m_authorizeQuery;
    QUrlQuery m_tokenForm;
    QByteArray m_tokenAuthorization;
    int m_tokenRequests = 0;
    QString m_denyWith;
    QString m_denyDescription; // form-encoded as a server sends it: '+' for a space
    QString m_grantedScope;
    bool m_signWithWrongKey = false;
    QByteArray m_clientSecret;
    const QByteArray m_code = crypto::randomToken(16);

    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
    }

    SmartConfiguration configuration() const
    {
        SmartConfiguration config;
        config.fhirBase = url(QStringLiteral("/fhir"));
        config.authorizationEndpoint = url(QStringLiteral("/authorize"));
        config.tokenEndpoint = url(QStringLiteral("/token"));
        config.jwksUri = url(QStringLiteral("/jwks"));
        config.capabilities = {QStringLiteral("launch-standalone"),
                               QStringLiteral("permission-v2")};
        config.codeChallengeMethods = {QStringLiteral("S256")};
        return config;
    }

    static ClientRegistration embeddedClient(const QByteArray &secret = {})
    {
        return {QStringLiteral("kete-desktop"), secret,
                QUrl(QStringLiteral("https://kete.example.org/callback")), BrowserMode::Embedded};
    }

    QHttpServerResponse token(const QHttpServerRequest &request)
    {
        ++m_tokenRequests;
        m_tokenForm = QUrlQuery(QString::fromUtf8(request.body()));
        m_tokenAuthorization = request.value("Authorization");
        const auto refuse = [](const char *error) {
            return QHttpServerResponse(
                QJsonObject{{QStringLiteral("error"), QString::fromLatin1(error)}},
                QHttpServerResponse::StatusCode::BadRequest);
        };
        const auto field = [this](const char *name) {
            return m_tokenForm.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
        };
        // Client authentication: Basic for the confidential client, client_id for the public.
        if (!m_clientSecret.isEmpty()) {
            // RFC 6749 §2.3.1: id and secret form-urlencoded, then Basic.
            const QByteArray expected =
                "Basic " + QByteArray("kete-desktop:" +
                                      QUrl::toPercentEncoding(QString::fromLatin1(m_clientSecret)))
                               .toBase64();
            if (m_tokenAuthorization != expected ||
                m_tokenForm.hasQueryItem(QStringLiteral("client_secret")))
                return QHttpServerResponse(
                    QJsonObject{{QStringLiteral("error"), QStringLiteral("invalid_client")}},
                    QHttpServerResponse::StatusCode::Unauthorized);
        } else if (field("client_id") != QLatin1String("kete-desktop")) {
            return refuse("invalid_client");
        }
        if (field("grant_type") != QLatin1String("authorization_code") ||
            field("code").toUtf8() != m_code)
            return refuse("invalid_grant");
        if (field("redirect_uri") !=
            m_authorizeQuery.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)) {
            qWarning() << "redirect_uri differs:" << field("redirect_uri");
            return refuse("invalid_grant");
        }
        if (Pkce::challengeFor(field("code_verifier").toUtf8()) !=
            m_authorizeQuery.queryItemValue(QStringLiteral("code_challenge")).toUtf8()) {
            qWarning() << "wrong code_verifier";
            return refuse("invalid_grant");
        }
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QJsonObject claims{{QStringLiteral("iss"), url(QStringLiteral("/fhir")).toString()},
                                 {QStringLiteral("sub"), QStringLiteral("u1")},
                                 {QStringLiteral("aud"), QStringLiteral("kete-desktop")},
                                 {QStringLiteral("exp"), now + 300},
                                 {QStringLiteral("fhirUser"), QStringLiteral("Patient/p1")}};
        return QHttpServerResponse(QJsonObject{
            {QStringLiteral("access_token"),
             QString(QStringLiteral("access-") + QString::fromLatin1(crypto::randomToken(16)))},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
            {QStringLiteral("expires_in"), 3600},
            {QStringLiteral("refresh_token"), QStringLiteral("refresh-1")},
            {QStringLiteral("scope"),
             m_grantedScope.isEmpty()
                 ? m_authorizeQuery.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded)
                 : m_grantedScope},
            {QStringLiteral("patient"), QStringLiteral("p1")},
            {QStringLiteral("need_patient_banner"), true},
            {QStringLiteral("id_token"),
             QString::fromLatin1((m_signWithWrongKey ? m_wrongSigner : m_signer).sign(claims))}});
    }

    // Plays the browser: opens the authorization URL and returns where the server redirects.
    QUrl browse(const QUrl &authorizeUrl)
    {
        QNetworkRequest request(authorizeUrl);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = m_browser.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        [&] { QVERIFY(finished.wait(5000)); }();
        reply->deleteLater();
        return reply->header(QNetworkRequest::LocationHeader).toUrl();
    }

    // Starts a flow and browses to the redirect; returns the redirect for the test to hand over.
    QUrl startAndBrowse(AuthorizationFlow &flow, const ClientRegistration &client)
    {
        QSignalSpy ready(&flow, &AuthorizationFlow::authorizeUrlReady);
        flow.start(configuration(), client, ScopeSet::forSignIn(true, ScopeAudience::Patient));
        [&] { QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 5000); }();
        if (ready.isEmpty())
            return {};
        return browse(ready.first().first().toUrl());
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.route(QStringLiteral("/authorize"), [this](const QHttpServerRequest &request) {
            m_authorizeQuery = QUrlQuery(request.url());
            QUrl redirect(m_authorizeQuery.queryItemValue(QStringLiteral("redirect_uri"),
                                                          QUrl::FullyDecoded));
            QUrlQuery answer;
            if (m_denyWith.isEmpty())
                answer.addQueryItem(QStringLiteral("code"), QString::fromLatin1(m_code));
            else
                answer.addQueryItem(QStringLiteral("error"), m_denyWith);
            if (!m_denyDescription.isEmpty())
                answer.addQueryItem(QStringLiteral("error_description"), m_denyDescription);
            answer.addQueryItem(QStringLiteral("state"),
                                m_authorizeQuery.queryItemValue(QStringLiteral("state")));
            redirect.setQuery(answer);
            return redirectTo(redirect);
        });
        m_server.route(QStringLiteral("/token"),
                       [this](const QHttpServerRequest &request) { return token(request); });
        m_server.route(QStringLiteral("/jwks"),
                       [this] { return QHttpServerResponse(m_signer.jwks()); });
        m_port = kete::test::listenOnLoopback(m_server);
        QVERIFY(m_port != 0);
    }

    void init()
    {
        m_authorizeQuery.clear();
        m_tokenForm.clear();
        m_tokenAuthorization.clear();
        m_tokenRequests = 0;
        m_denyWith.clear();
        m_denyDescription.clear();
        m_grantedScope.clear();
        m_signWithWrongKey = false;
        m_clientSecret.clear();
    }

    void publicClientEmbeddedBrowser()
    {
        AuthorizationFlow flow;
        QSignalSpy succeeded(&flow, &AuthorizationFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationFlow::failed);
        const QUrl redirect = startAndBrowse(flow, embeddedClient());

        // What went to the authorization endpoint.
        const auto query = [this](const char *name) {
            return m_authorizeQuery.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
        };
        QCOMPARE(query("response_type"), QStringLiteral("code"));
        QCOMPARE(query("client_id"), QStringLiteral("kete-desktop"));
        QCOMPARE(query("redirect_uri"), QStringLiteral("https://kete.example.org/callback"));
        QCOMPARE(query("aud"), url(QStringLiteral("/fhir")).toString());
        QCOMPARE(query("scope"), ScopeSet::forSignIn(true, ScopeAudience::Patient).toString());
        QCOMPARE(query("code_challenge_method"), QStringLiteral("S256"));
        QCOMPARE(query("code_challenge").size(), 43);
        QVERIFY(crypto::fromBase64Url(query("state").toLatin1()).size() >= 16); // >= 128 bits
        QCOMPARE(m_authorizeQuery.allQueryItemValues(QStringLiteral("code_challenge")).size(), 1);

        QVERIFY(flow.isRedirect(redirect));
        QVERIFY(flow.handleRedirect(redirect));
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.count() + failed.count(), 1, 5000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().value<Error>().detail));

        // What went to the token endpoint: the verifier, no secret, client_id.
        QCOMPARE(m_tokenRequests, 1);
        QCOMPARE(m_tokenForm.queryItemValue(QStringLiteral("code_verifier")).size(), 43);
        QVERIFY(!m_tokenForm.hasQueryItem(QStringLiteral("client_secret")));
        QVERIFY(m_tokenAuthorization.isEmpty());

        const auto result = succeeded.first().first().value<SignInResult>();
        QVERIFY(result.tokens.accessToken.startsWith("access-"));
        QCOMPARE(result.tokens.refreshToken, QByteArray("refresh-1"));
        QCOMPARE(result.tokens.patient, QStringLiteral("p1"));
        QVERIFY(result.tokens.needPatientBanner);
        QVERIFY(result.idTokenVerified);
        QCOMPARE(result.tokens.fhirUser, QStringLiteral("Patient/p1")); // from the id_token
        QVERIFY(result.tokens.expiresAt > QDateTime::currentDateTimeUtc().addSecs(3500));
        QVERIFY(result.notGranted.isEmpty());
        QVERIFY(!result.needsPatientLookup());
        QVERIFY(!flow.isRunning());

        // The code and state are spent: the same redirect again is not accepted.
        QVERIFY(!flow.handleRedirect(redirect));
    }

    void confidentialClientUsesBasic()
    {
        m_clientSecret = "s3cret:with+odd/chars";
        AuthorizationFlow flow;
        QSignalSpy succeeded(&flow, &AuthorizationFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationFlow::failed);
        QVERIFY(
            flow.handleRedirect(startAndBrowse(flow, embeddedClient("s3cret:with+odd/chars"))) ||
            true);
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.count() + failed.count(), 1, 5000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().value<Error>().detail));
        QVERIFY(m_tokenAuthorization.startsWith("Basic "));
        QVERIFY(!m_tokenForm.hasQueryItem(QStringLiteral("client_secret")));
        QVERIFY(!m_tokenForm.hasQueryItem(QStringLiteral("client_id")));
    }

    void invalidClientInPlainWords()
    {
        m_clientSecret = "the-right-secret";
        AuthorizationFlow flow;
        QSignalSpy failed(&flow, &AuthorizationFlow::failed);
        QVERIFY(flow.handleRedirect(startAndBrowse(flow, embeddedClient("a-wrong-secret"))));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        const Error error = failed.first().first().value<Error>();
        QVERIFY2(error.detail.startsWith(QLatin1String("oauth.invalid_client")),
                 qPrintable(error.detail));
        QVERIFY2(error.message.contains(QLatin1String("kete-desktop")), qPrintable(error.message));
        // A confidential client: the secret is what was refused, not Kete.
        QVERIFY2(error.message.contains(QLatin1String("client secret was not accepted")),
                 qPrintable(error.message));
        QVERIFY2(!error.message.contains(QLatin1String("does not recognise")),
                 qPrintable(error.message));
        QVERIFY(!error.message.contains(QLatin1String("a-wrong-secret")));
    }

    // A server that answers invalid_request about the redirect URI: the words say the redirect
    // address is not registered and show the one Kete sent; the description is decoded ('+').
    void unregisteredRedirectInPlainWords()
    {
        m_denyWith = QStringLiteral("invalid_request");
        m_denyDescription = QStringLiteral("redirect_uri+does+not+match+the+registration");
        AuthorizationFlow flow;
        QSignalSpy failed(&flow, &AuthorizationFlow::failed);
        QStringList descriptions;
        connect(
            &flow, &AuthorizationFlow::redirectReceived, this,
            [&](const RedirectRecord &record) { descriptions.append(record.errorDescription); });
        QVERIFY(flow.handleRedirect(startAndBrowse(flow, embeddedClient())));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        const Error error = failed.first().first().value<Error>();
        QVERIFY2(error.message.contains(QLatin1String("redirect address")),
                 qPrintable(error.message));
        QVERIFY2(error.message.contains(QLatin1String("not registered")),
                 qPrintable(error.message));
        QVERIFY2(error.message.contains(QLatin1String("https://kete.example.org/callback")),
                 qPrintable(error.message));
        QCOMPARE(error.detail,
                 QStringLiteral("oauth.invalid_request: redirect_uri does not match the "
                                "registration"));
        QCOMPARE(descriptions,
                 QStringList{QStringLiteral("redirect_uri does not match the registration")});
    }

    void systemBrowserLoopback()
    {
        AuthorizationFlow flow;
        QSignalSpy succeeded(&flow, &AuthorizationFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationFlow::failed);
        const ClientRegistration client{QStringLiteral("kete-desktop"),
                                        {},
                                        QUrl(QStringLiteral("http://127.0.0.1/kete/callback")),
                                        BrowserMode::SystemBrowser};
        const QUrl redirect = startAndBrowse(flow, client);
        QCOMPARE(redirect.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(redirect.path(), QStringLiteral("/kete/callback"));
        QVERIFY(redirect.port() > 0);
        QCOMPARE(QUrl(m_authorizeQuery.queryItemValue(QStringLiteral("redirect_uri"),
                                                      QUrl::FullyDecoded))
                     .port(),
                 redirect.port());
        QVERIFY(!flow.isRedirect(redirect)); // nothing for an embedded browser to catch
        browse(redirect); // the system browser follows the redirect to our listener
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.count() + failed.count(), 1, 5000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().value<Error>().detail));
        QCOMPARE(m_tokenForm.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded),
                 QString(QStringLiteral("http://127.0.0.1:%1/kete/callback").arg(redirect.port())));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("denyWith");
        QTest::addColumn<bool>("tamperState");
        QTest::addColumn<bool>("wrongKey");
        QTest::addColumn<QString>("detail");
        QTest::newRow("consent denied")
            << "access_denied" << false << false << "oauth.access_denied";
        QTest::newRow("state mismatch") << "" << true << false << "redirect.state-mismatch";
        QTest::newRow("id_token signed by another key")
            << "" << false << true << "id_token.bad signature";
    }
    void refusals()
    {
        QFETCH(QString, denyWith);
        QFETCH(bool, tamperState);
        QFETCH(bool, wrongKey);
        QFETCH(QString, detail);
        m_denyWith = denyWith;
        m_signWithWrongKey = wrongKey;
        AuthorizationFlow flow;
        QSignalSpy succeeded(&flow, &AuthorizationFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationFlow::failed);
        QUrl redirect = startAndBrowse(flow, embeddedClient());
        if (tamperState) {
            QUrlQuery query(redirect);
            query.removeAllQueryItems(QStringLiteral("state"));
            query.addQueryItem(QStringLiteral("state"),
                               QString::fromLatin1(crypto::randomToken(32)));
            redirect.setQuery(query);
        }
        QVERIFY(flow.handleRedirect(redirect));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QCOMPARE(succeeded.count(), 0);
        const Error error = failed.first().first().value<Error>();
        QVERIFY2(error.detail.startsWith(detail), qPrintable(error.detail));
        QVERIFY(!error.message.isEmpty());
        if (tamperState || !denyWith.isEmpty())
            QCOMPARE(m_tokenRequests, 0); // the code was never exchanged
    }

    // The connection details' records of a real flow hold no secret: redacted at the source.
    void handshakeRecordsHoldNoSecret()
    {
        m_clientSecret = "a-client-secret-of-some-length";
        AuthorizationFlow flow;
        QSignalSpy requested(&flow, &AuthorizationFlow::authorizationRequested);
        QSignalSpy redirected(&flow, &AuthorizationFlow::redirectReceived);
        QSignalSpy exchanged(&flow, &AuthorizationFlow::tokenExchanged);
        QSignalSpy succeeded(&flow, &AuthorizationFlow::succeeded);
        QVERIFY(flow.handleRedirect(startAndBrowse(flow, embeddedClient(m_clientSecret))));
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.count(), 1, 5000);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(redirected.count(), 1);
        QCOMPARE(exchanged.count(), 1);
        const auto request = requested.first().first().value<AuthorizationRequestRecord>();
        const auto redirect = redirected.first().first().value<RedirectRecord>();
        const auto exchange = exchanged.first().first().value<TokenExchangeRecord>();
        const auto result = succeeded.first().first().value<SignInResult>();

        const QString state =
            m_authorizeQuery.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
        const QString challenge = m_authorizeQuery.queryItemValue(QStringLiteral("code_challenge"));
        const QString verifier = m_tokenForm.queryItemValue(QStringLiteral("code_verifier"));
        const QString text = recordText(request, redirect, exchange);
        for (const QString &secret :
             {state, challenge, verifier, QString::fromLatin1(m_code),
              QString::fromLatin1(m_clientSecret), QString::fromLatin1(result.tokens.accessToken),
              QString::fromLatin1(result.tokens.refreshToken),
              QString::fromLatin1(result.tokens.idToken)}) {
            QVERIFY(!secret.isEmpty());
            QVERIFY2(!text.contains(secret), qPrintable(secret.left(6)));
        }

        // What the records do say.
        const auto parameter = [&](const char *name) {
            for (const auto &[key, value] : request.parameters)
                if (key == QLatin1String(name))
                    return value;
            return QStringLiteral("<missing>");
        };
        QCOMPARE(parameter("state"), kete::redacted(state));
        QCOMPARE(parameter("code_challenge"), kete::redacted(challenge));
        QCOMPARE(parameter("code_challenge_method"), QStringLiteral("S256"));
        QCOMPARE(parameter("client_id"), QStringLiteral("kete-desktop"));
        QVERIFY(request.confidentialClient);
        QVERIFY(redirect.stateMatched);
        QVERIFY(redirect.codeReceived);
        QCOMPARE(redirect.parameterNames,
                 (QStringList{QStringLiteral("code"), QStringLiteral("state")}));
        QVERIFY(exchange.confidentialClient);
        QVERIFY(exchange.answered);
        const RecordedParameters expectedForm{
            {QStringLiteral("code"), QStringLiteral("(redacted)")},
            {QStringLiteral("code_verifier"), QStringLiteral("(redacted)")},
            {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
            {QStringLiteral("redirect_uri"), QStringLiteral("https://kete.example.org/callback")}};
        QCOMPARE(exchange.requestParameters, expectedForm);
        QCOMPARE(exchange.tokenType, QStringLiteral("Bearer"));
        QCOMPARE(exchange.expiresIn, std::optional<qint64>(3600));
        QCOMPARE(exchange.patient, QStringLiteral("p1"));
        QCOMPARE(exchange.needPatientBanner, std::optional<bool>(true));
        QVERIFY(exchange.refreshTokenReceived);
        QVERIFY(exchange.idTokenReceived);
        QVERIFY(exchange.idTokenVerified);
        QCOMPARE(exchange.idTokenAudience, QStringLiteral("kete-desktop"));
        QCOMPARE(exchange.idTokenFhirUser, QStringLiteral("Patient/p1"));
        QVERIFY(exchange.responseFields.contains(QStringLiteral("access_token")));
    }

    void tokenEndpointErrorIsReported()
    {
        AuthorizationFlow flow;
        QSignalSpy failed(&flow, &AuthorizationFlow::failed);
        QSignalSpy exchanged(&flow, &AuthorizationFlow::tokenExchanged);
        QUrl redirect = startAndBrowse(flow, embeddedClient());
        QUrlQuery query(redirect);
        query.removeAllQueryItems(QStringLiteral("code"));
        query.addQueryItem(QStringLiteral("code"), QStringLiteral("not-the-code"));
        redirect.setQuery(query);
        QVERIFY(flow.handleRedirect(redirect));
        // Qt's own handler would drop this 400 silently and the flow would hang.
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QVERIFY(failed.first().first().value<Error>().detail.startsWith(
            QLatin1String("oauth.invalid_grant")));
        // The connection details see the refused exchange.
        QCOMPARE(exchanged.count(), 1);
        const auto exchange = exchanged.first().first().value<TokenExchangeRecord>();
        QVERIFY(!exchange.answered);
        QVERIFY(exchange.problem.startsWith(QLatin1String("oauth.invalid_grant")));
    }

    void scopeDowngradeReported()
    {
        m_grantedScope = QStringLiteral(
            "patient/Patient.rs patient/Condition.rs patient/DiagnosticReport.rs openid fhirUser");
        AuthorizationFlow flow;
        QSignalSpy succeeded(&flow, &AuthorizationFlow::succeeded);
        QVERIFY(flow.handleRedirect(startAndBrowse(flow, embeddedClient())));
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.count(), 1, 5000);
        const auto result = succeeded.first().first().value<SignInResult>();
        QCOMPARE(result.notGranted,
                 QStringList{QStringLiteral("lab results")}); // refresh token came
        QVERIFY(!result.tokens.grantedScope.covers(u"Observation"));
    }

    void foreignUrlsIgnoredAndCancel()
    {
        AuthorizationFlow flow;
        QSignalSpy failed(&flow, &AuthorizationFlow::failed);
        const QUrl redirect = startAndBrowse(flow, embeddedClient());
        for (const QString &foreign :
             {QStringLiteral("https://kete.example.org/other?code=x&state=y"),
              QStringLiteral("https://evil.example.org/callback?code=x"),
              QStringLiteral("http://kete.example.org/callback?code=x"),
              QStringLiteral("https://kete.example.org:8443/callback?code=x")}) {
            QVERIFY(!flow.isRedirect(QUrl(foreign)));
            QVERIFY(!flow.handleRedirect(QUrl(foreign)));
        }
        QVERIFY(flow.isRunning());
        QCOMPARE(failed.count(), 0);
        flow.cancel();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().value<Error>().detail, QStringLiteral("flow.cancelled"));
        QVERIFY(!flow.handleRedirect(redirect));
    }

    void redirectMatching_data()
    {
        QTest::addColumn<QString>("configured");
        QTest::addColumn<QString>("candidate");
        QTest::addColumn<bool>("matches");
        QTest::newRow("same") << "https://kete.example.org/callback"
                              << "https://kete.example.org/callback?code=1" << true;
        QTest::newRow("explicit default port") << "https://kete.example.org/callback"
                                               << "https://kete.example.org:443/callback" << true;
        QTest::newRow("other port") << "https://kete.example.org/callback"
                                    << "https://kete.example.org:444/callback" << false;
        QTest::newRow("other path") << "https://kete.example.org/callback"
                                    << "https://kete.example.org/callback2" << false;
        QTest::newRow("other host") << "https://kete.example.org/callback"
                                    << "https://kete.example.org.evil/callback" << false;
        QTest::newRow("downgraded scheme") << "https://kete.example.org/callback"
                                           << "http://kete.example.org/callback" << false;
        QTest::newRow("loopback any port") << "http://127.0.0.1/kete/callback"
                                           << "http://127.0.0.1:53100/kete/callback?code=1" << true;
        QTest::newRow("loopback other path") << "http://127.0.0.1/kete/callback"
                                             << "http://127.0.0.1:53100/kete" << false;
        QTest::newRow("loopback other host") << "http://127.0.0.1/kete/callback"
                                             << "http://localhost:53100/kete/callback" << false;
    }
    void redirectMatching()
    {
        QFETCH(QString, configured);
        QFETCH(QString, candidate);
        QFETCH(bool, matches);
        QCOMPARE(matchesRedirectUri(QUrl(configured), QUrl(candidate)), matches);
    }
};

QTEST_GUILESS_MAIN(TestAuthorizationFlow)
#include "tst_authorizationflow.moc"
