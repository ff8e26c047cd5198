#include "common/crypto.h"
#include "sandbox/auth/authorizationserver.h"
#include "support/loopbackserver.h"

#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

using namespace kete;
using namespace kete::sandbox;

namespace {

const QString keteClient = QStringLiteral("kete-desktop");
const QString keteRedirect = QStringLiteral("http://127.0.0.1:61234/kete/callback");
const QString portalClient = QStringLiteral("lab-portal");
const QString portalSecret = QStringLiteral("portal secret:&=+");
const QString portalRedirect = QStringLiteral("https://portal.example/cb");
const QString allScopes = QStringLiteral("launch/patient openid fhirUser offline_access "
                                         "patient/Observation.rs patient/Condition.rs");

using Form = QList<std::pair<QString, QString>>;

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
    QUrlQuery locationQuery() const
    {
        return QUrlQuery(QUrl::fromEncoded(header("location")).query(QUrl::FullyEncoded));
    }
    QString locationValue(const char *name) const
    {
        return locationQuery().queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    }
};

// application/x-www-form-urlencoded as a browser writes it (spaces as '+').
QByteArray encodeForm(const Form &form)
{
    QByteArray encoded;
    for (const auto &[name, value] : form) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(name) + '=' +
                   QUrl::toPercentEncoding(value).replace("%20", "+");
    }
    return encoded;
}

QString transactionOf(const QByteArray &html)
{
    static const QRegularExpression field(
        QStringLiteral("name=\"transaction\" value=\"([^\"]+)\""));
    return field.match(QString::fromUtf8(html)).captured(1);
}

QJsonObject jwtPart(const QString &jwt, int index)
{
    return QJsonDocument::fromJson(crypto::fromBase64Url(jwt.toLatin1().split('.').value(index)))
        .object();
}

// Verifies an RS256 JWS with nothing but the published JWK, as a relying party would.
bool verifyWithJwk(const QByteArray &jws, const QJsonObject &jwk)
{
    const QList<QByteArray> parts = jws.split('.');
    if (parts.size() != 3)
        return false;
    const QByteArray n = crypto::fromBase64Url(jwk.value(QLatin1String("n")).toString().toLatin1());
    const QByteArray e = crypto::fromBase64Url(jwk.value(QLatin1String("e")).toString().toLatin1());
    BIGNUM *modulus =
        BN_bin2bn(reinterpret_cast<const unsigned char *>(n.constData()), int(n.size()), nullptr);
    BIGNUM *exponent =
        BN_bin2bn(reinterpret_cast<const unsigned char *>(e.constData()), int(e.size()), nullptr);
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus);
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(builder);
    EVP_PKEY_CTX *keyContext = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY *key = nullptr;
    EVP_PKEY_fromdata_init(keyContext);
    EVP_PKEY_fromdata(keyContext, &key, EVP_PKEY_PUBLIC_KEY, params);
    const QByteArray input = parts[0] + '.' + parts[1];
    const QByteArray signature = crypto::fromBase64Url(parts[2]);
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    const bool ok =
        key && EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(signature.constData()),
                         size_t(signature.size()),
                         reinterpret_cast<const unsigned char *>(input.constData()),
                         size_t(input.size())) == 1;
    EVP_MD_CTX_free(context);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(keyContext);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    BN_free(modulus);
    BN_free(exponent);
    return ok;
}

DemoDirectory demoDirectory()
{
    DemoDirectory directory;
    directory.patients = {
        {QStringLiteral("p1"), QStringLiteral("Amy Shaw"), QStringLiteral("amy")},
        {QStringLiteral("p2"), QStringLiteral("Hemi Walker"), QStringLiteral("hemi")}};
    directory.clinicians = {
        {QStringLiteral("pr1"), QStringLiteral("Dr Rangi Parata"), QStringLiteral("rangi")}};
    return directory;
}

QStringList messages;
QtMessageHandler previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    messages.append(message);
    previousHandler(type, context, message);
}

} // namespace

class tst_AuthorizationServer : public QObject
{
    Q_OBJECT

    std::shared_ptr<const JwtSigner> m_signer;
    QDateTime m_now;
    std::unique_ptr<TokenStore> m_tokens;
    std::unique_ptr<AuthorizationServer> m_server;
    std::unique_ptr<QHttpServer> m_http;
    QNetworkAccessManager m_network;
    QString m_base;
    QByteArray m_verifier;

    QUrl url(const QString &path) const
    {
        QUrl url(m_base);
        url.setPath(path);
        return url;
    }

    HttpResult finish(QNetworkReply *reply)
    {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(10000))
            qWarning("request timed out");
        HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            result.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return result;
    }

    HttpResult get(const QUrl &target) { return finish(m_network.get(QNetworkRequest(target))); }

    HttpResult post(const QUrl &target, const Form &form, const QByteArray &authorization = {})
    {
        QNetworkRequest request(target);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        if (!authorization.isEmpty())
            request.setRawHeader(QByteArrayLiteral("Authorization"), authorization);
        return finish(m_network.post(request, encodeForm(form)));
    }

    Form authorizeParams(const QString &scope = allScopes, const QString &clientId = keteClient,
                         const QString &redirectUri = keteRedirect) const
    {
        return {{QStringLiteral("response_type"), QStringLiteral("code")},
                {QStringLiteral("client_id"), clientId},
                {QStringLiteral("redirect_uri"), redirectUri},
                {QStringLiteral("scope"), scope},
                {QStringLiteral("state"), QStringLiteral("st+ate/&=")},
                {QStringLiteral("aud"), m_base},
                {QStringLiteral("code_challenge"),
                 QString::fromLatin1(crypto::base64Url(crypto::sha256(m_verifier)))},
                {QStringLiteral("code_challenge_method"), QStringLiteral("S256")}};
    }

    HttpResult authorize(const Form &params)
    {
        QUrl target = url(QStringLiteral("/auth/authorize"));
        target.setQuery(QString::fromLatin1(encodeForm(params)), QUrl::StrictMode);
        return get(target);
    }

    // Auto-approves as `user` and returns the code.
    QString codeFor(const QString &user, const QString &scope = allScopes,
                    const QString &clientId = keteClient, const QString &redirect = keteRedirect)
    {
        m_server->setAutoApproveUser(user);
        const HttpResult result = authorize(authorizeParams(scope, clientId, redirect));
        if (result.status != 302 || result.locationValue("state") != QLatin1String("st+ate/&="))
            qWarning() << "authorize did not redirect with the state:" << result.status
                       << result.header("location");
        return result.locationValue("code");
    }

    HttpResult exchange(const QString &code, const QString &redirect = keteRedirect,
                        const QByteArray &verifier = {})
    {
        return post(url(QStringLiteral("/auth/token")),
                    {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                     {QStringLiteral("code"), code},
                     {QStringLiteral("redirect_uri"), redirect},
                     {QStringLiteral("code_verifier"),
                      QString::fromLatin1(verifier.isEmpty() ? m_verifier : verifier)},
                     {QStringLiteral("client_id"), keteClient}});
    }

    HttpResult refresh(const QString &refreshToken)
    {
        return post(url(QStringLiteral("/auth/token")),
                    {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                     {QStringLiteral("refresh_token"), refreshToken},
                     {QStringLiteral("client_id"), keteClient}});
    }

    QJsonObject introspect(const QString &token)
    {
        return post(url(QStringLiteral("/auth/introspect")),
                    {{QStringLiteral("token"), token}, {QStringLiteral("client_id"), keteClient}})
            .json();
    }

    QByteArray basic(const QString &id, const QString &secret) const
    {
        return "Basic " +
               QByteArray(QUrl::toPercentEncoding(id) + ':' + QUrl::toPercentEncoding(secret))
                   .toBase64();
    }

    // A fresh server (same token store) on a new port, with these clients and settings.
    void restart(ClientRegistry clients = withPortal(), AuthorizationServerConfig config = {})
    {
        m_http = std::make_unique<QHttpServer>(); // first: its routes call the server
        const quint16 port = kete::test::listenOnLoopback(*m_http);
        QVERIFY(port != 0);
        m_base = QStringLiteral("http://127.0.0.1:%1/fhir").arg(port);
        config.fhirBaseUrl = QUrl(m_base + QLatin1Char('/'));
        m_server = std::make_unique<AuthorizationServer>(config, *m_tokens, std::move(clients),
                                                         demoDirectory(), m_signer);
        m_server->registerRoutes(*m_http);
    }

    static ClientRegistry withPortal()
    {
        ClientRegistry clients;
        RegisteredClient portal;
        portal.clientId = portalClient;
        portal.name = QStringLiteral("Lab Portal");
        portal.type = RegisteredClient::Type::ConfidentialSymmetric;
        portal.secretHash = crypto::sha256(portalSecret.toUtf8());
        portal.redirectUris = {portalRedirect};
        clients.add(portal);
        return clients;
    }

    HttpResult revoke(const QString &token,
                      const Form &client = {{QStringLiteral("client_id"), keteClient}},
                      const QByteArray &authorization = {})
    {
        return post(url(QStringLiteral("/auth/revoke")),
                    Form{{QStringLiteral("token"), token}} + client, authorization);
    }

    bool isActive(const QString &token)
    {
        return introspect(token).value(QLatin1String("active")).toBool();
    }

    void setFaults(Fault fault, const QString &clientId = keteClient)
    {
        FaultPlan plan;
        plan.enableFor(clientId, fault);
        m_server->setFaultPlan(plan);
    }

private slots:
    void initTestCase()
    {
        m_signer = std::make_shared<const JwtSigner>();
        m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }

    void init()
    {
        m_now = QDateTime::fromSecsSinceEpoch(1767268800).toUTC();
        m_verifier = crypto::randomToken(32);
        m_tokens = std::make_unique<TokenStore>([this] { return m_now; });
        restart();
    }

    void cleanup()
    {
        m_http.reset(); // first: its routes call the server
        m_server.reset();
        m_tokens.reset();
    }

    void discovery()
    {
        const HttpResult result = get(url(QStringLiteral("/fhir/.well-known/smart-configuration")));
        QCOMPARE(result.status, 200);
        QVERIFY(result.header("content-type").startsWith("application/json"));
        const QJsonObject config = result.json();
        QCOMPARE(config.value(QLatin1String("issuer")).toString(), m_base);
        QCOMPARE(config.value(QLatin1String("authorization_endpoint")).toString(),
                 url(QStringLiteral("/auth/authorize")).toString());
        QCOMPARE(config.value(QLatin1String("token_endpoint")).toString(),
                 url(QStringLiteral("/auth/token")).toString());
        for (const char *key : {"introspection_endpoint", "revocation_endpoint", "jwks_uri"})
            QVERIFY2(config.value(QLatin1String(key)).toString().startsWith(m_base.chopped(5)),
                     key);
        QCOMPARE(config.value(QLatin1String("code_challenge_methods_supported")).toArray(),
                 QJsonArray{QStringLiteral("S256")});
        QCOMPARE(config.value(QLatin1String("response_types_supported")).toArray(),
                 QJsonArray{QStringLiteral("code")});
        const QJsonArray capabilities = config.value(QLatin1String("capabilities")).toArray();
        for (const char *capability :
             {"launch-standalone", "client-public", "client-confidential-symmetric",
              "context-standalone-patient", "permission-patient", "permission-user",
              "permission-v1", "permission-v2", "permission-offline", "sso-openid-connect",
              "authorize-post"})
            QVERIFY2(capabilities.contains(QLatin1String(capability)), capability);
        QVERIFY(!capabilities.contains(QLatin1String("launch-ehr")));

        const HttpResult jwks = get(QUrl(config.value(QLatin1String("jwks_uri")).toString()));
        QCOMPARE(jwks.status, 200);
        QCOMPARE(jwks.json(), m_signer->jwks());
    }

    void corsForBrowserApps()
    {
        QNetworkRequest request(url(QStringLiteral("/auth/token")));
        request.setRawHeader(QByteArrayLiteral("Origin"),
                             QByteArrayLiteral("http://127.0.0.1:8000"));
        request.setRawHeader(QByteArrayLiteral("Access-Control-Request-Method"),
                             QByteArrayLiteral("POST"));
        const HttpResult preflight =
            finish(m_network.sendCustomRequest(request, QByteArrayLiteral("OPTIONS")));
        QCOMPARE(preflight.status, 204);
        QCOMPARE(preflight.header("access-control-allow-origin"), QByteArrayLiteral("*"));
        QVERIFY(preflight.header("access-control-allow-methods").contains("POST"));
        const HttpResult discovery =
            get(url(QStringLiteral("/fhir/.well-known/smart-configuration")));
        QCOMPARE(discovery.header("access-control-allow-origin"), QByteArrayLiteral("*"));
    }

    void autoApprovedPatient()
    {
        const QString code = codeFor(QStringLiteral("p1"));
        QVERIFY(!code.isEmpty());
        const HttpResult result = exchange(code);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("cache-control"), QByteArrayLiteral("no-store"));
        QCOMPARE(result.header("pragma"), QByteArrayLiteral("no-cache"));
        const QJsonObject body = result.json();
        QCOMPARE(body.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(body.value(QLatin1String("expires_in")).toInt(), 3600);
        QCOMPARE(body.value(QLatin1String("scope")).toString(), allScopes);
        QCOMPARE(body.value(QLatin1String("patient")).toString(), QStringLiteral("p1"));
        QCOMPARE(body.value(QLatin1String("need_patient_banner")).toBool(), true);
        QVERIFY(!body.value(QLatin1String("refresh_token")).toString().isEmpty());

        const auto grant = m_tokens->validateAccessToken(
            body.value(QLatin1String("access_token")).toString().toLatin1());
        QVERIFY(grant);
        QCOMPARE(grant->patientId, QStringLiteral("p1"));
        QCOMPARE(grant->fhirUser, QStringLiteral("Patient/p1"));
        QCOMPARE(grant->audience, m_base);
        QVERIFY(grant->permits(QStringLiteral("Observation"), Interaction::Search));

        // The id_token verifies against the published key set.
        const QString idToken = body.value(QLatin1String("id_token")).toString();
        const QJsonObject jwks = get(url(QStringLiteral("/auth/jwks"))).json();
        const QJsonObject jwk = jwks.value(QLatin1String("keys")).toArray().first().toObject();
        QVERIFY(verifyWithJwk(idToken.toLatin1(), jwk));
        QCOMPARE(jwtPart(idToken, 0).value(QLatin1String("kid")).toString(),
                 jwk.value(QLatin1String("kid")).toString());
        const QJsonObject claims = jwtPart(idToken, 1);
        QCOMPARE(claims.value(QLatin1String("iss")).toString(), m_base);
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), keteClient);
        QCOMPARE(claims.value(QLatin1String("sub")).toString(), QStringLiteral("Patient/p1"));
        QCOMPARE(claims.value(QLatin1String("fhirUser")).toString(),
                 m_base + QStringLiteral("/Patient/p1"));
        QCOMPARE(claims.value(QLatin1String("iat")).toInteger(), m_now.toSecsSinceEpoch());
        QVERIFY(claims.value(QLatin1String("exp")).toInteger() > m_now.toSecsSinceEpoch());
    }

    void noRefreshTokenOrIdTokenUnlessAsked()
    {
        const HttpResult result =
            exchange(codeFor(QStringLiteral("p1"), QStringLiteral("patient/*.read")));
        QCOMPARE(result.status, 200);
        QVERIFY(!result.json().contains(QLatin1String("refresh_token")));
        QVERIFY(!result.json().contains(QLatin1String("id_token")));
        QCOMPARE(result.json().value(QLatin1String("patient")).toString(), QStringLiteral("p1"));
        const HttpResult online =
            exchange(codeFor(QStringLiteral("p1"), QStringLiteral("patient/*.read online_access")));
        QVERIFY(online.json().contains(QLatin1String("refresh_token")));
    }

    void autoApprovedClinician()
    {
        const QJsonObject withPatient = exchange(codeFor(QStringLiteral("pr1"))).json();
        QCOMPARE(withPatient.value(QLatin1String("patient")).toString(), QStringLiteral("p1"));
        const QJsonObject claims =
            jwtPart(withPatient.value(QLatin1String("id_token")).toString(), 1);
        QCOMPARE(claims.value(QLatin1String("fhirUser")).toString(),
                 m_base + QStringLiteral("/Practitioner/pr1"));

        const QJsonObject userLevel =
            exchange(codeFor(QStringLiteral("pr1"), QStringLiteral("openid fhirUser user/*.rs")))
                .json();
        QVERIFY(userLevel.contains(QLatin1String("access_token")));
        QVERIFY(!userLevel.contains(QLatin1String("patient")));
        QVERIFY(!userLevel.contains(QLatin1String("need_patient_banner")));
    }

    void authorizeByPost()
    {
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        const HttpResult result = post(url(QStringLiteral("/auth/authorize")), authorizeParams());
        QCOMPARE(result.status, 302);
        QCOMPARE(exchange(result.locationValue("code")).status, 200);
    }

    void signInAndConsentPages()
    {
        HttpResult page = authorize(authorizeParams());
        QCOMPARE(page.status, 200);
        QVERIFY(page.header("content-type").startsWith("text/html"));
        QCOMPARE(page.header("cache-control"), QByteArrayLiteral("no-store"));
        for (const char *element : {"id=\"username\"", "id=\"password\"", "id=\"sign-in\"",
                                    "Amy Shaw", "<code>demo</code>"})
            QVERIFY2(page.body.contains(element), element);
        QVERIFY(!page.body.contains("<script"));
        const QString first = transactionOf(page.body);
        QVERIFY(!first.isEmpty());

        // A wrong password shows the page again, with a new single-use transaction.
        page = post(url(QStringLiteral("/auth/sign-in")),
                    {{QStringLiteral("transaction"), first},
                     {QStringLiteral("username"), QStringLiteral("amy")},
                     {QStringLiteral("password"), QStringLiteral("wrong")}});
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("id=\"problem\""));
        const QString second = transactionOf(page.body);
        QVERIFY(!second.isEmpty() && second != first);
        const HttpResult replay = post(url(QStringLiteral("/auth/sign-in")),
                                       {{QStringLiteral("transaction"), first},
                                        {QStringLiteral("username"), QStringLiteral("amy")},
                                        {QStringLiteral("password"), QStringLiteral("demo")}});
        QCOMPARE(replay.status, 400);
        QVERIFY(replay.header("location").isEmpty());

        page = post(url(QStringLiteral("/auth/sign-in")),
                    {{QStringLiteral("transaction"), second},
                     {QStringLiteral("username"), QStringLiteral("Amy")},
                     {QStringLiteral("password"), QStringLiteral("demo")}});
        QCOMPARE(page.status, 200);
        for (const char *element : {"id=\"approve\"", "id=\"deny\"", "name=\"scope\"",
                                    "Read your lab results and other measurements",
                                    "Read your health problems (conditions)",
                                    "Stay connected, even when you are not using the app"})
            QVERIFY2(page.body.contains(element), element);
        QCOMPARE(page.body.count("name=\"scope\""), 6);
        // Browsers hold the consent form's final redirect to form-action: the policy must name
        // the client's (loopback, any port) redirect origin, and nothing wider.
        const QByteArray policy = page.header("content-security-policy");
        QVERIFY2(policy.contains("form-action 'self' http://127.0.0.1:*;"), policy.constData());
        QVERIFY(!policy.contains("https:"));

        // Untick Condition access and offline access.
        const HttpResult redirect =
            post(url(QStringLiteral("/auth/consent")),
                 {{QStringLiteral("transaction"), transactionOf(page.body)},
                  {QStringLiteral("scope"), QStringLiteral("launch/patient")},
                  {QStringLiteral("scope"), QStringLiteral("openid")},
                  {QStringLiteral("scope"), QStringLiteral("fhirUser")},
                  {QStringLiteral("scope"), QStringLiteral("patient/Observation.rs")},
                  {QStringLiteral("scope"), QStringLiteral("user/*.cruds")}, // never asked
                  {QStringLiteral("decision"), QStringLiteral("approve")}});
        QCOMPARE(redirect.status, 302);
        QVERIFY(redirect.header("location").startsWith(QByteArray(keteRedirect.toLatin1() + '?')));
        QCOMPARE(redirect.locationValue("state"), QStringLiteral("st+ate/&="));
        const QJsonObject token = exchange(redirect.locationValue("code")).json();
        QCOMPARE(token.value(QLatin1String("scope")).toString(),
                 QStringLiteral("launch/patient openid fhirUser patient/Observation.rs"));
        QCOMPARE(token.value(QLatin1String("patient")).toString(), QStringLiteral("p1"));
        QVERIFY(!token.contains(QLatin1String("refresh_token")));
    }

    void clinicianPicksPatient()
    {
        HttpResult page = authorize(authorizeParams());
        page = post(url(QStringLiteral("/auth/sign-in")),
                    {{QStringLiteral("transaction"), transactionOf(page.body)},
                     {QStringLiteral("username"), QStringLiteral("rangi")},
                     {QStringLiteral("password"), QStringLiteral("demo")}});
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("name=\"patient\" value=\"p2\""));
        QVERIFY(page.body.contains("id=\"continue\""));
        page = post(url(QStringLiteral("/auth/select-patient")),
                    {{QStringLiteral("transaction"), transactionOf(page.body)},
                     {QStringLiteral("patient"), QStringLiteral("p2")}});
        QCOMPARE(page.status, 200);
        QVERIFY(page.body.contains("id=\"approve\""));
        QVERIFY(page.body.contains("the chosen patient"));
        Form consent{{QStringLiteral("transaction"), transactionOf(page.body)},
                     {QStringLiteral("decision"), QStringLiteral("approve")}};
        for (const QString &scope : allScopes.split(QLatin1Char(' ')))
            consent.append({QStringLiteral("scope"), scope});
        const HttpResult redirect = post(url(QStringLiteral("/auth/consent")), consent);
        QCOMPARE(redirect.status, 302);
        const QJsonObject token = exchange(redirect.locationValue("code")).json();
        QCOMPARE(token.value(QLatin1String("patient")).toString(), QStringLiteral("p2"));
        QCOMPARE(jwtPart(token.value(QLatin1String("id_token")).toString(), 1)
                     .value(QLatin1String("sub"))
                     .toString(),
                 QStringLiteral("Practitioner/pr1"));
    }

    void denyingConsent()
    {
        HttpResult page = authorize(authorizeParams());
        page = post(url(QStringLiteral("/auth/sign-in")),
                    {{QStringLiteral("transaction"), transactionOf(page.body)},
                     {QStringLiteral("username"), QStringLiteral("hemi")},
                     {QStringLiteral("password"), QStringLiteral("demo")}});
        const HttpResult redirect = post(url(QStringLiteral("/auth/consent")),
                                         {{QStringLiteral("transaction"), transactionOf(page.body)},
                                          {QStringLiteral("scope"), QStringLiteral("openid")},
                                          {QStringLiteral("decision"), QStringLiteral("deny")}});
        QCOMPARE(redirect.status, 302);
        QCOMPARE(redirect.locationValue("error"), QStringLiteral("access_denied"));
        QCOMPARE(redirect.locationValue("state"), QStringLiteral("st+ate/&="));
        QVERIFY(redirect.locationValue("code").isEmpty());
    }

    void expiredTransaction()
    {
        const HttpResult page = authorize(authorizeParams());
        m_now = m_now.addSecs(601);
        const HttpResult late = post(url(QStringLiteral("/auth/sign-in")),
                                     {{QStringLiteral("transaction"), transactionOf(page.body)},
                                      {QStringLiteral("username"), QStringLiteral("amy")},
                                      {QStringLiteral("password"), QStringLiteral("demo")}});
        QCOMPARE(late.status, 400);
        QVERIFY(late.header("location").isEmpty());
    }

    void authorizeErrors_data()
    {
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("value"); // "<remove>" drops the parameter
        QTest::addColumn<QString>("error"); // empty: an error page, never a redirect

        const QString remove = QStringLiteral("<remove>");
        QTest::newRow("unknown client") << "client_id"
                                        << "nobody"
                                        << "";
        QTest::newRow("no client") << "client_id" << remove << "";
        QTest::newRow("unregistered redirect") << "redirect_uri"
                                               << "https://evil.example/cb"
                                               << "";
        QTest::newRow("other loopback path") << "redirect_uri"
                                             << "http://127.0.0.1:61234/other"
                                             << "";
        QTest::newRow("no redirect") << "redirect_uri" << remove << "";
        QTest::newRow("implicit grant") << "response_type"
                                        << "token"
                                        << "unsupported_response_type";
        QTest::newRow("no response_type")
            << "response_type" << remove << "unsupported_response_type";
        QTest::newRow("no PKCE") << "code_challenge" << remove << "invalid_request";
        QTest::newRow("PKCE method missing")
            << "code_challenge_method" << remove << "invalid_request";
        QTest::newRow("PKCE plain") << "code_challenge_method"
                                    << "plain"
                                    << "invalid_request";
        QTest::newRow("short challenge") << "code_challenge"
                                         << "abc"
                                         << "invalid_request";
        QTest::newRow("wrong aud") << "aud"
                                   << "http://127.0.0.1:1/fhir"
                                   << "invalid_request";
        QTest::newRow("no aud") << "aud" << remove << "invalid_request";
        QTest::newRow("no state") << "state" << remove << "invalid_request";
        QTest::newRow("unknown scope") << "scope"
                                       << "openid everything"
                                       << "invalid_scope";
        QTest::newRow("system scope") << "scope"
                                      << "system/*.read"
                                      << "invalid_scope";
        QTest::newRow("no scope") << "scope" << remove << "invalid_scope";
        QTest::newRow("EHR launch") << "launch"
                                    << "xyz"
                                    << "invalid_request";
    }

    void authorizeErrors()
    {
        QFETCH(QString, parameter);
        QFETCH(QString, value);
        QFETCH(QString, error);
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        Form params = authorizeParams();
        params.removeIf([&](const auto &item) { return item.first == parameter; });
        if (value != QLatin1String("<remove>"))
            params.append({parameter, value});
        const HttpResult result = authorize(params);
        if (error.isEmpty()) {
            QCOMPARE(result.status, 400);
            QVERIFY(result.header("location").isEmpty());
            QVERIFY(result.header("content-type").startsWith("text/html"));
            return;
        }
        QCOMPARE(result.status, 302);
        QVERIFY(result.header("location").startsWith(QByteArray(keteRedirect.toLatin1() + '?')));
        QCOMPARE(result.locationValue("error"), error);
        QVERIFY(!result.locationValue("error_description").isEmpty());
        QVERIFY(result.locationValue("code").isEmpty());
        QCOMPARE(result.locationValue("state"),
                 parameter == QLatin1String("state") ? QString() : QStringLiteral("st+ate/&="));
    }

    void repeatedParameters()
    {
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        Form params = authorizeParams();
        params.append({QStringLiteral("scope"), QStringLiteral("user/*.cruds")});
        QCOMPARE(authorize(params).locationValue("error"), QStringLiteral("invalid_request"));
        params = authorizeParams();
        params.append({QStringLiteral("redirect_uri"), QStringLiteral("https://evil.example/cb")});
        const HttpResult twoRedirects = authorize(params);
        QCOMPARE(twoRedirects.status, 400);
        QVERIFY(twoRedirects.header("location").isEmpty());
    }

    void plainPkceEvenWithMatchingVerifier()
    {
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        Form params = authorizeParams();
        params.removeIf([](const auto &item) {
            return item.first.startsWith(QLatin1String("code_challenge"));
        });
        params.append({QStringLiteral("code_challenge"), QString::fromLatin1(m_verifier)});
        params.append({QStringLiteral("code_challenge_method"), QStringLiteral("plain")});
        QCOMPARE(authorize(params).locationValue("error"), QStringLiteral("invalid_request"));
    }

    void tokenErrors_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("wrong verifier") << "verifier" << 400 << "invalid_grant";
        QTest::newRow("no verifier") << "no-verifier" << 400 << "invalid_request";
        QTest::newRow("other redirect_uri") << "redirect" << 400 << "invalid_grant";
        QTest::newRow("unknown code") << "code" << 400 << "invalid_grant";
        QTest::newRow("unknown client") << "client" << 401 << "invalid_client";
        QTest::newRow("password grant") << "grant" << 400 << "unsupported_grant_type";
        QTest::newRow("expired code") << "expired" << 400 << "invalid_grant";
    }

    void tokenErrors()
    {
        QFETCH(QString, variant);
        QFETCH(int, status);
        QFETCH(QString, error);
        const QString code = codeFor(QStringLiteral("p1"));
        if (variant == QLatin1String("expired"))
            m_now = m_now.addSecs(61);
        Form form{{QStringLiteral("grant_type"), variant == QLatin1String("grant")
                                                     ? QStringLiteral("password")
                                                     : QStringLiteral("authorization_code")},
                  {QStringLiteral("code"),
                   variant == QLatin1String("code") ? QStringLiteral("nope") : code},
                  {QStringLiteral("redirect_uri"),
                   variant == QLatin1String("redirect")
                       ? QStringLiteral("http://127.0.0.1:1/kete/callback")
                       : keteRedirect},
                  {QStringLiteral("client_id"),
                   variant == QLatin1String("client") ? QStringLiteral("nobody") : keteClient}};
        if (variant == QLatin1String("verifier"))
            form.append(
                {QStringLiteral("code_verifier"), QString::fromLatin1(crypto::randomToken())});
        else if (variant != QLatin1String("no-verifier"))
            form.append({QStringLiteral("code_verifier"), QString::fromLatin1(m_verifier)});
        const HttpResult result = post(url(QStringLiteral("/auth/token")), form);
        QCOMPARE(result.status, status);
        QCOMPARE(result.json().value(QLatin1String("error")).toString(), error);
        QVERIFY(result.json().contains(QLatin1String("error_description")));
        QCOMPARE(result.header("cache-control"), QByteArrayLiteral("no-store"));
    }

    void codeReuseRevokesTokens()
    {
        const QString code = codeFor(QStringLiteral("p1"));
        const QJsonObject first = exchange(code).json();
        const QString accessToken = first.value(QLatin1String("access_token")).toString();
        QVERIFY(m_tokens->validateAccessToken(accessToken.toLatin1()));
        const HttpResult second = exchange(code);
        QCOMPARE(second.status, 400);
        QCOMPARE(second.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_grant"));
        QVERIFY(!m_tokens->validateAccessToken(accessToken.toLatin1()));
        QCOMPARE(refresh(first.value(QLatin1String("refresh_token")).toString()).status, 400);
    }

    void refreshRotationAndReuse()
    {
        const QJsonObject first = exchange(codeFor(QStringLiteral("p1"))).json();
        const HttpResult rotated = refresh(first.value(QLatin1String("refresh_token")).toString());
        QCOMPARE(rotated.status, 200);
        QCOMPARE(rotated.header("cache-control"), QByteArrayLiteral("no-store"));
        const QJsonObject second = rotated.json();
        QVERIFY(second.value(QLatin1String("refresh_token")).toString() !=
                first.value(QLatin1String("refresh_token")).toString());
        QCOMPARE(second.value(QLatin1String("patient")).toString(), QStringLiteral("p1"));
        QCOMPARE(second.value(QLatin1String("scope")).toString(), allScopes);
        QVERIFY(m_tokens->validateAccessToken(
            second.value(QLatin1String("access_token")).toString().toLatin1()));

        // The old refresh token comes back: the whole family dies.
        const HttpResult reused = refresh(first.value(QLatin1String("refresh_token")).toString());
        QCOMPARE(reused.status, 400);
        QCOMPARE(reused.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_grant"));
        QVERIFY(!m_tokens->validateAccessToken(
            second.value(QLatin1String("access_token")).toString().toLatin1()));
        QCOMPARE(refresh(second.value(QLatin1String("refresh_token")).toString()).status, 400);
    }

    void refreshWithNarrowerScope()
    {
        const QJsonObject first = exchange(codeFor(QStringLiteral("p1"))).json();
        const QString refreshToken = first.value(QLatin1String("refresh_token")).toString();
        const HttpResult wider =
            post(url(QStringLiteral("/auth/token")),
                 {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                  {QStringLiteral("refresh_token"), refreshToken},
                  {QStringLiteral("scope"), QStringLiteral("user/*.cruds")},
                  {QStringLiteral("client_id"), keteClient}});
        QCOMPARE(wider.status, 400);
        const HttpResult narrower = post(
            url(QStringLiteral("/auth/token")),
            {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
             {QStringLiteral("refresh_token"), refreshToken},
             {QStringLiteral("scope"), QStringLiteral("patient/Observation.rs offline_access")},
             {QStringLiteral("client_id"), keteClient}});
        QCOMPARE(narrower.status, 200);
        QCOMPARE(narrower.json().value(QLatin1String("scope")).toString(),
                 QStringLiteral("patient/Observation.rs offline_access"));
    }

    void confidentialClient()
    {
        const QString code = codeFor(QStringLiteral("p1"), allScopes, portalClient, portalRedirect);
        QVERIFY(!code.isEmpty());
        const Form form{{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                        {QStringLiteral("code"), code},
                        {QStringLiteral("redirect_uri"), portalRedirect},
                        {QStringLiteral("code_verifier"), QString::fromLatin1(m_verifier)}};
        const QUrl token = url(QStringLiteral("/auth/token"));

        const HttpResult wrongSecret =
            post(token, form, basic(portalClient, QStringLiteral("guess")));
        QCOMPARE(wrongSecret.status, 401);
        QCOMPARE(wrongSecret.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_client"));
        QVERIFY(wrongSecret.header("www-authenticate").startsWith("Basic"));

        Form withoutBasic = form;
        withoutBasic.append({QStringLiteral("client_id"), portalClient});
        const HttpResult noBasic = post(token, withoutBasic);
        QCOMPARE(noBasic.status, 401);
        QCOMPARE(noBasic.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_client"));

        Form secretInBody = withoutBasic;
        secretInBody.append({QStringLiteral("client_secret"), portalSecret});
        QCOMPARE(post(token, secretInBody).status, 401);

        const HttpResult good = post(token, form, basic(portalClient, portalSecret));
        QCOMPARE(good.status, 200);
        QCOMPARE(good.json().value(QLatin1String("patient")).toString(), QStringLiteral("p1"));
        const QJsonObject claims =
            jwtPart(good.json().value(QLatin1String("id_token")).toString(), 1);
        QCOMPARE(claims.value(QLatin1String("aud")).toString(), portalClient);
    }

    void publicClientCannotRedeemConfidentialCode()
    {
        const QString code = codeFor(QStringLiteral("p1"), allScopes, portalClient, portalRedirect);
        const HttpResult result = exchange(code, portalRedirect);
        QCOMPARE(result.status, 400); // kete-desktop is authenticated, the code is not its own
        QCOMPARE(result.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_grant"));
    }

    void introspectionAndRevocation()
    {
        const QJsonObject token = exchange(codeFor(QStringLiteral("p1"))).json();
        const QString accessToken = token.value(QLatin1String("access_token")).toString();
        const QString refreshToken = token.value(QLatin1String("refresh_token")).toString();
        const QJsonObject active = introspect(accessToken);
        QCOMPARE(active.value(QLatin1String("active")).toBool(), true);
        QCOMPARE(active.value(QLatin1String("scope")).toString(), allScopes);
        QCOMPARE(active.value(QLatin1String("client_id")).toString(), keteClient);
        QCOMPARE(active.value(QLatin1String("patient")).toString(), QStringLiteral("p1"));
        QCOMPARE(active.value(QLatin1String("fhirUser")).toString(),
                 m_base + QStringLiteral("/Patient/p1"));
        QCOMPARE(active.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(active.value(QLatin1String("exp")).toInteger(), m_now.toSecsSinceEpoch() + 3600);
        QCOMPARE(introspect(refreshToken).value(QLatin1String("active")).toBool(), true);
        const QJsonObject inactive{{QStringLiteral("active"), false}};
        QCOMPARE(introspect(QStringLiteral("garbage")), inactive);

        const HttpResult unknown = revoke(QStringLiteral("garbage"));
        QCOMPARE(unknown.status, 200);
        const HttpResult revoked = revoke(
            refreshToken, {{QStringLiteral("client_id"), keteClient},
                           {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")}});
        QCOMPARE(revoked.status, 200);
        QCOMPARE(introspect(accessToken).value(QLatin1String("active")).toBool(), false);
        QCOMPARE(introspect(refreshToken).value(QLatin1String("active")).toBool(), false);
        QCOMPARE(refresh(refreshToken).status, 400);

        m_now = m_now.addSecs(3600);
        const QJsonObject other = exchange(codeFor(QStringLiteral("p2"))).json();
        const QString otherAccess = other.value(QLatin1String("access_token")).toString();
        QCOMPARE(revoke(otherAccess).status, 200);
        QCOMPARE(introspect(otherAccess).value(QLatin1String("active")).toBool(), false);
        QCOMPARE(refresh(other.value(QLatin1String("refresh_token")).toString()).status, 200);
    }

    void nonceIsEchoedInTheIdToken()
    {
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        Form params = authorizeParams();
        params.append({QStringLiteral("nonce"), QStringLiteral("n-0S6_WzA2Mj")});
        const QString code = authorize(params).locationValue("code");
        const QJsonObject token = exchange(code).json();
        QCOMPARE(jwtPart(token.value(QLatin1String("id_token")).toString(), 1)
                     .value(QLatin1String("nonce"))
                     .toString(),
                 QStringLiteral("n-0S6_WzA2Mj"));
    }

    void tokenEndpointWantsAForm()
    {
        const QString code = codeFor(QStringLiteral("p1"));
        QNetworkRequest request(url(QStringLiteral("/auth/token")));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        const QJsonObject body{{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                               {QStringLiteral("code"), code}};
        const HttpResult result =
            finish(m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
        QCOMPARE(result.status, 400);
        QCOMPARE(result.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_request"));
        QCOMPARE(exchange(code).status, 200); // the code survived
    }

    void clientCannotRevokeAnotherClientsToken()
    {
        const QJsonObject token = exchange(codeFor(QStringLiteral("p1"))).json();
        const QString accessToken = token.value(QLatin1String("access_token")).toString();
        const QString refreshToken = token.value(QLatin1String("refresh_token")).toString();
        // A confidential client naming itself without its secret is not identified (401).
        const HttpResult unauthenticated =
            revoke(accessToken, {{QStringLiteral("client_id"), portalClient}});
        QCOMPARE(unauthenticated.status, 401);
        QCOMPARE(unauthenticated.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_client"));
        QVERIFY(isActive(accessToken));
        // Authenticated, but the token is not its own: left alone, answered like an unknown one.
        for (const QString &token : {accessToken, refreshToken}) {
            const HttpResult foreign = revoke(token, {}, basic(portalClient, portalSecret));
            QCOMPARE(foreign.status, 200);
            QVERIFY(isActive(token));
            const HttpResult otherPublic = revoke(
                token, {{QStringLiteral("client_id"), ClientRegistry::conformanceClientId()}});
            QCOMPARE(otherPublic.status, 200);
            QVERIFY(isActive(token));
        }
        QCOMPARE(revoke(accessToken).status, 200);
        QVERIFY(!isActive(accessToken));
        QVERIFY(isActive(refreshToken));
    }

    void revocationNeedsClientIdentification_data()
    {
        QTest::addColumn<Form>("client");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("nobody") << Form{} << QByteArray() << 401 << "invalid_client";
        QTest::newRow("unknown client")
            << Form{{QStringLiteral("client_id"), QStringLiteral("nobody")}} << QByteArray() << 401
            << "invalid_client";
        QTest::newRow("wrong secret")
            << Form{} << basic(portalClient, QStringLiteral("guess")) << 401 << "invalid_client";
        QTest::newRow("repeated client_id") << Form{{QStringLiteral("client_id"), keteClient},
                                                    {QStringLiteral("client_id"), keteClient}}
                                            << QByteArray() << 400 << "invalid_request";
    }

    // RFC 7009 §2.1: a request that does not identify its client revokes nothing.
    void revocationNeedsClientIdentification()
    {
        QFETCH(Form, client);
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        QFETCH(QString, error);
        const QJsonObject token = exchange(codeFor(QStringLiteral("p1"))).json();
        for (const char *kind : {"access_token", "refresh_token"}) {
            const QString secret = token.value(QLatin1String(kind)).toString();
            const HttpResult result = revoke(secret, client, authorization);
            QCOMPARE(result.status, status);
            QCOMPARE(result.json().value(QLatin1String("error")).toString(), error);
            QCOMPARE(result.header("cache-control"), QByteArrayLiteral("no-store"));
            QVERIFY2(isActive(secret), kind);
        }
    }

    void introspectionNeedsClientAuthentication_data()
    {
        QTest::addColumn<Form>("client");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::newRow("nobody") << Form{} << QByteArray() << 401;
        QTest::newRow("unknown client")
            << Form{{QStringLiteral("client_id"), QStringLiteral("nobody")}} << QByteArray() << 401;
        QTest::newRow("confidential without secret")
            << Form{{QStringLiteral("client_id"), portalClient}} << QByteArray() << 401;
        QTest::newRow("wrong secret")
            << Form{} << basic(portalClient, QStringLiteral("guess")) << 401;
        QTest::newRow("repeated client_id") << Form{{QStringLiteral("client_id"), keteClient},
                                                    {QStringLiteral("client_id"), keteClient}}
                                            << QByteArray() << 400;
        QTest::newRow("public client")
            << Form{{QStringLiteral("client_id"), keteClient}} << QByteArray() << 200;
        QTest::newRow("confidential client") << Form{} << basic(portalClient, portalSecret) << 200;
    }

    // RFC 7662 §2.1: the caller authenticates (a public client: its client_id).
    void introspectionNeedsClientAuthentication()
    {
        QFETCH(Form, client);
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        const QString accessToken = exchange(codeFor(QStringLiteral("p1")))
                                        .json()
                                        .value(QLatin1String("access_token"))
                                        .toString();
        const HttpResult result =
            post(url(QStringLiteral("/auth/introspect")),
                 Form{{QStringLiteral("token"), accessToken}} + client, authorization);
        QCOMPARE(result.status, status);
        QCOMPARE(result.header("cache-control"), QByteArrayLiteral("no-store"));
        if (status != 200) {
            QVERIFY(!result.json().contains(QLatin1String("active")));
            QCOMPARE(result.json().value(QLatin1String("error")).toString(),
                     status == 401 ? QStringLiteral("invalid_client")
                                   : QStringLiteral("invalid_request"));
            QCOMPARE(result.header("www-authenticate").startsWith("Basic"),
                     !authorization.isEmpty());
            return;
        }
        QCOMPARE(result.json().value(QLatin1String("active")).toBool(), true);
        QCOMPARE(result.json().value(QLatin1String("patient")).toString(), QStringLiteral("p1"));
    }

    void repeatedClientIdAtTokenEndpoint_data()
    {
        QTest::addColumn<QString>("second");
        QTest::newRow("same client twice") << keteClient;
        QTest::newRow("another client") << ClientRegistry::conformanceClientId();
    }

    void repeatedClientIdAtTokenEndpoint()
    {
        QFETCH(QString, second);
        const QString code = codeFor(QStringLiteral("p1"));
        const Form form{{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                        {QStringLiteral("code"), code},
                        {QStringLiteral("redirect_uri"), keteRedirect},
                        {QStringLiteral("code_verifier"), QString::fromLatin1(m_verifier)},
                        {QStringLiteral("client_id"), keteClient},
                        {QStringLiteral("client_id"), second}};
        const HttpResult result = post(url(QStringLiteral("/auth/token")), form);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_request"));
        QVERIFY(!result.json().contains(QLatin1String("access_token")));
        QCOMPARE(exchange(code).status, 200); // refused before the code was touched
    }

    // The state cannot be kept or echoed byte-exact when it is not UTF-8: refused on a page,
    // never redirected with an altered state.
    void stateThatIsNotUtf8IsRefused_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("state"); // as it goes on the wire
        QTest::newRow("GET, percent-encoded") << QByteArray("GET") << QByteArray("ab%FF%FEcd");
        QTest::newRow("GET, overlong") << QByteArray("GET") << QByteArray("%C0%AF");
        QTest::newRow("GET, truncated") << QByteArray("GET") << QByteArray("x%E2%82");
        QTest::newRow("POST, raw byte") << QByteArray("POST") << QByteArray("ab\xff");
        QTest::newRow("POST, percent-encoded") << QByteArray("POST") << QByteArray("%FF");
    }

    void stateThatIsNotUtf8IsRefused()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, state);
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        Form params = authorizeParams();
        params.removeIf([](const auto &item) { return item.first == QLatin1String("state"); });
        const QByteArray encoded = encodeForm(params) + "&state=" + state;
        HttpResult result;
        if (method == "GET") {
            QUrl target = url(QStringLiteral("/auth/authorize"));
            target.setQuery(QString::fromLatin1(encoded), QUrl::StrictMode);
            QVERIFY(target.toEncoded().contains(QByteArray("state=" + state)));
            result = get(target);
        } else {
            QNetworkRequest request(url(QStringLiteral("/auth/authorize")));
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/x-www-form-urlencoded"));
            result = finish(m_network.post(request, encoded));
        }
        QCOMPARE(result.status, 400);
        QVERIFY(result.header("location").isEmpty());
        QVERIFY(result.header("content-type").startsWith("text/html"));
        QVERIFY(result.body.contains("invalid_request"));
        QCOMPARE(m_tokens->sizes().codes, 0);
    }

    void utf8StateIsEchoedExactly()
    {
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        const QString state = QStringLiteral("Kia ora \u2014 \u0101 \U0001F600 +&=%");
        Form params = authorizeParams();
        params.removeIf([](const auto &item) { return item.first == QLatin1String("state"); });
        params.append({QStringLiteral("state"), state});
        const HttpResult result = authorize(params);
        QCOMPARE(result.status, 302);
        QVERIFY(!result.locationValue("code").isEmpty());
        const QByteArray echoed = QByteArray::fromPercentEncoding(
            result.locationQuery()
                .queryItemValue(QStringLiteral("state"), QUrl::FullyEncoded)
                .toLatin1());
        QCOMPARE(echoed, state.toUtf8());
    }

    void oversizedParametersAreRefused_data()
    {
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<qsizetype>("length");
        QTest::addColumn<bool>("refused");
        QTest::newRow("nonce at the limit") << "nonce" << qsizetype(4096) << false;
        QTest::newRow("nonce over the limit") << "nonce" << qsizetype(4097) << true;
        QTest::newRow("5 MB nonce") << "nonce" << qsizetype(5 * 1024 * 1024) << true;
        QTest::newRow("long state") << "state" << qsizetype(5000) << true;
        QTest::newRow("long unknown parameter") << "foo" << qsizetype(5000) << true;
    }

    void oversizedParametersAreRefused()
    {
        QFETCH(QString, parameter);
        QFETCH(qsizetype, length);
        QFETCH(bool, refused);
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        Form params = authorizeParams();
        params.removeIf([&](const auto &item) { return item.first == parameter; });
        params.append({parameter, QString(length, QLatin1Char('n'))});
        // A long query goes in a POST body: the request line has a limit of its own.
        const HttpResult result = post(url(QStringLiteral("/auth/authorize")), params);
        if (!refused) {
            QCOMPARE(result.status, 302);
            QVERIFY(!result.locationValue("code").isEmpty());
            return;
        }
        QCOMPARE(m_tokens->sizes().codes, 0);      // nothing was kept
        if (parameter == QLatin1String("state")) { // too long to send back: a page
            QCOMPARE(result.status, 400);
            QVERIFY(result.header("location").isEmpty());
            QVERIFY(result.body.contains("invalid_request"));
            return;
        }
        QCOMPARE(result.status, 302);
        QCOMPARE(result.locationValue("error"), QStringLiteral("invalid_request"));
        QCOMPARE(result.locationValue("state"), QStringLiteral("st+ate/&="));
        QVERIFY(result.locationValue("code").isEmpty());
        QVERIFY(result.header("location").size() < 1024);
    }

    void openTransactionsArePurged()
    {
        for (int i = 0; i < 20; ++i)
            QCOMPARE(authorize(authorizeParams()).status, 200);
        QCOMPARE(m_server->openTransactions(), 20);
        m_now = m_now.addSecs(601);
        const HttpResult page = authorize(authorizeParams());
        QCOMPARE(m_server->openTransactions(), 1);
        // The one left still works.
        const HttpResult consent = post(url(QStringLiteral("/auth/sign-in")),
                                        {{QStringLiteral("transaction"), transactionOf(page.body)},
                                         {QStringLiteral("username"), QStringLiteral("amy")},
                                         {QStringLiteral("password"), QStringLiteral("demo")}});
        QVERIFY(consent.body.contains("id=\"approve\""));
    }

    void openTransactionsAreCapped()
    {
        AuthorizationServerConfig config;
        config.maxOpenTransactions = 3;
        restart(withPortal(), config);
        QString first;
        for (int i = 0; i < 3; ++i) {
            const HttpResult page = authorize(authorizeParams());
            QCOMPARE(page.status, 200);
            if (first.isEmpty())
                first = transactionOf(page.body);
        }
        const HttpResult full = authorize(authorizeParams());
        QCOMPARE(full.status, 302);
        QCOMPARE(full.locationValue("error"), QStringLiteral("temporarily_unavailable"));
        QCOMPARE(full.locationValue("state"), QStringLiteral("st+ate/&="));
        QCOMPARE(m_server->openTransactions(), 3);
        // Finishing a sign-in frees its place; so does the passing of time.
        post(url(QStringLiteral("/auth/sign-in")),
             {{QStringLiteral("transaction"), first},
              {QStringLiteral("username"), QStringLiteral("amy")},
              {QStringLiteral("password"), QStringLiteral("wrong")}});
        QCOMPARE(m_server->openTransactions(), 3); // a wrong password keeps the sign-in open
        m_now = m_now.addSecs(601);
        QCOMPARE(authorize(authorizeParams()).status, 200);
        QCOMPARE(m_server->openTransactions(), 1);
    }

    // Auto-approve mode keeps nothing per /authorize but the code: 25,000 calls over a simulated
    // hour leave only what is still usable.
    void autoApproveKeepsMemoryBounded()
    {
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        Form params = authorizeParams(QStringLiteral("patient/Observation.rs openid"));
        params.append({QStringLiteral("nonce"), QString(4096, QLatin1Char('n'))});
        qsizetype most = 0;
        for (int i = 0; i < 2500; ++i) {
            m_now = m_now.addMSecs(1440); // 2,500 calls per simulated hour
            QCOMPARE(authorize(params).status, 302);
            most = qMax(most, m_tokens->sizes().codes);
        }
        const qsizetype perMinute = 60000 / 1440 + 1;
        QVERIFY2(most <= 2 * perMinute + 1, qPrintable(QString::number(most)));
    }

    void registeredScopesBoundTheRequest_data()
    {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QString>("error"); // empty: a code
        QTest::newRow("what Kete cannot do without")
            << "launch/patient openid fhirUser patient/Patient.rs patient/Observation.rs"
            << "";
        QTest::newRow("a part of it") << "openid patient/Observation.rs"
                                      << "";
        QTest::newRow("one scope more: DiagnosticReport")
            << "launch/patient openid fhirUser patient/Patient.rs patient/Observation.rs "
               "patient/DiagnosticReport.rs"
            << "invalid_scope";
        QTest::newRow("one scope more: offline_access")
            << "launch/patient openid fhirUser patient/Patient.rs patient/Observation.rs "
               "offline_access"
            << "invalid_scope";
        QTest::newRow("v1 spelling of an allowed scope")
            << "launch/patient patient/Observation.read"
            << "invalid_scope";
    }

    // A registration's "scopes" list: anything outside fails the whole request, as real servers
    // do (the JSON is the one app/sandbox/auth/README.md documents).
    void registeredScopesBoundTheRequest()
    {
        QFETCH(QString, scope);
        QFETCH(QString, error);
        ClientRegistry clients;
        const Result<int> added = clients.loadJson(
            "{\"clients\": [{\"client_id\": \"kete-limited\", \"type\": \"public\", "
            "\"redirect_uris\": [\"http://127.0.0.1/kete/callback\"], "
            "\"scopes\": [\"launch/patient\", \"openid\", \"fhirUser\", "
            "\"patient/Patient.rs\", \"patient/Observation.rs\"]}]}");
        QVERIFY(added.ok());
        QCOMPARE(*added, 1);
        restart(std::move(clients));
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        const HttpResult result = authorize(authorizeParams(scope, QStringLiteral("kete-limited")));
        QCOMPARE(result.status, 302);
        QCOMPARE(result.locationValue("error"), error);
        QCOMPARE(result.locationValue("state"), QStringLiteral("st+ate/&="));
        QCOMPARE(result.locationValue("code").isEmpty(), !error.isEmpty());
        if (!error.isEmpty()) {
            QVERIFY(!result.locationValue("error_description").isEmpty());
            return;
        }
        const HttpResult token =
            post(url(QStringLiteral("/auth/token")),
                 {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                  {QStringLiteral("code"), result.locationValue("code")},
                  {QStringLiteral("redirect_uri"), keteRedirect},
                  {QStringLiteral("code_verifier"), QString::fromLatin1(m_verifier)},
                  {QStringLiteral("client_id"), QStringLiteral("kete-limited")}});
        QCOMPARE(token.status, 200);
        QCOMPARE(token.json().value(QLatin1String("scope")).toString(), scope);
    }

    // A benchmark counts refreshes by this line: one per token issued, naming the grant type,
    // and never the token.
    void tokenLogLineNamesTheGrantType()
    {
        messages.clear();
        previousHandler = qInstallMessageHandler(recordMessage);
        const QJsonObject token = exchange(codeFor(QStringLiteral("p1"))).json();
        const QJsonObject rotated =
            refresh(token.value(QLatin1String("refresh_token")).toString()).json();
        refresh(rotated.value(QLatin1String("refresh_token")).toString());
        qInstallMessageHandler(previousHandler);
        QStringList issued;
        for (const QString &message : std::as_const(messages)) {
            if (message.startsWith(QLatin1String("token issued for client")))
                issued.append(message);
        }
        QCOMPARE(issued.size(), 3);
        QVERIFY2(issued[0].contains(QLatin1String("grant \"authorization_code\"")),
                 qPrintable(issued[0]));
        QVERIFY2(issued[1].contains(QLatin1String("grant \"refresh_token\"")),
                 qPrintable(issued[1]));
        QVERIFY2(issued[2].contains(QLatin1String("grant \"refresh_token\"")),
                 qPrintable(issued[2]));
        for (const QString &line : std::as_const(issued)) {
            for (const char *kind : {"access_token", "refresh_token"}) {
                QVERIFY(!line.contains(token.value(QLatin1String(kind)).toString()));
                QVERIFY(!line.contains(rotated.value(QLatin1String(kind)).toString()));
            }
        }
    }

    void faultInvalidClient()
    {
        const QString code = codeFor(QStringLiteral("p1"));
        setFaults(Fault::InvalidClient);
        const HttpResult page = authorize(authorizeParams());
        QCOMPARE(page.status, 400);
        QVERIFY(page.body.contains("invalid_client"));
        QVERIFY(page.header("location").isEmpty());
        const HttpResult token = exchange(code);
        QCOMPARE(token.status, 401);
        QCOMPARE(token.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_client"));
    }

    void faultInvalidScope()
    {
        setFaults(Fault::InvalidScope, QStringLiteral("another-client"));
        QVERIFY(!codeFor(QStringLiteral("p1")).isEmpty()); // per client: kete is not affected
        setFaults(Fault::InvalidScope);
        const HttpResult result = authorize(authorizeParams());
        QCOMPARE(result.locationValue("error"), QStringLiteral("invalid_scope"));
    }

    void faultConsentDenied()
    {
        setFaults(Fault::ConsentDenied);
        m_server->setAutoApproveUser(QStringLiteral("p1"));
        const HttpResult result = authorize(authorizeParams());
        QCOMPARE(result.status, 302);
        QCOMPARE(result.locationValue("error"), QStringLiteral("access_denied"));
        QCOMPARE(result.locationValue("state"), QStringLiteral("st+ate/&="));
    }

    void faultRefreshTokenExpired()
    {
        const QJsonObject token = exchange(codeFor(QStringLiteral("p1"))).json();
        setFaults(Fault::RefreshTokenExpired);
        const HttpResult result = refresh(token.value(QLatin1String("refresh_token")).toString());
        QCOMPARE(result.status, 400);
        QCOMPARE(result.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("invalid_grant"));
    }

    void faultScopeDowngrade()
    {
        setFaults(Fault::ScopeDowngrade);
        const QJsonObject token = exchange(codeFor(QStringLiteral("p1"))).json();
        QCOMPARE(token.value(QLatin1String("scope")).toString(),
                 QStringLiteral("launch/patient openid fhirUser patient/Observation.rs"));
        QVERIFY(!token.value(QLatin1String("refresh_token")).toString().isEmpty());
        const auto grant = m_tokens->validateAccessToken(
            token.value(QLatin1String("access_token")).toString().toLatin1());
        QVERIFY(!grant->permits(QStringLiteral("Condition"), Interaction::Search));
    }

    void faultShortTokenLifetime()
    {
        setFaults(Fault::ShortTokenLifetime);
        const QJsonObject token = exchange(codeFor(QStringLiteral("p1"))).json();
        QCOMPARE(token.value(QLatin1String("expires_in")).toInt(), 5);
        const QByteArray accessToken =
            token.value(QLatin1String("access_token")).toString().toLatin1();
        QVERIFY(m_tokens->validateAccessToken(accessToken));
        m_now = m_now.addSecs(5);
        QVERIFY(!m_tokens->validateAccessToken(accessToken));
        const QJsonObject refreshed =
            refresh(token.value(QLatin1String("refresh_token")).toString()).json();
        QCOMPARE(refreshed.value(QLatin1String("expires_in")).toInt(), 5);
    }

    void secretsNeverLogged()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("kete.*.debug=true"));
        messages.clear();
        previousHandler = qInstallMessageHandler(recordMessage);
        QStringList secrets{QString::fromLatin1(m_verifier)};
        HttpResult page = authorize(authorizeParams());
        secrets.append(transactionOf(page.body));
        page = post(url(QStringLiteral("/auth/sign-in")),
                    {{QStringLiteral("transaction"), transactionOf(page.body)},
                     {QStringLiteral("username"), QStringLiteral("amy")},
                     {QStringLiteral("password"), QStringLiteral("demo")}});
        Form consent{{QStringLiteral("transaction"), transactionOf(page.body)},
                     {QStringLiteral("decision"), QStringLiteral("approve")}};
        for (const QString &scope : allScopes.split(QLatin1Char(' ')))
            consent.append({QStringLiteral("scope"), scope});
        const QString code =
            post(url(QStringLiteral("/auth/consent")), consent).locationValue("code");
        const QJsonObject token = exchange(code).json();
        const QJsonObject rotated =
            refresh(token.value(QLatin1String("refresh_token")).toString()).json();
        secrets << code << token.value(QLatin1String("access_token")).toString()
                << token.value(QLatin1String("refresh_token")).toString()
                << token.value(QLatin1String("id_token")).toString()
                << rotated.value(QLatin1String("refresh_token")).toString();
        qInstallMessageHandler(previousHandler);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(messages.size() >= 3); // the flow did log its shape
        for (const QString &message : std::as_const(messages)) {
            for (const QString &secret : std::as_const(secrets))
                QVERIFY2(!secret.isEmpty() && !message.contains(secret), qPrintable(message));
        }
    }
};

QTEST_GUILESS_MAIN(tst_AuthorizationServer)
#include "tst_authorizationserver.moc"
