#include "sandbox/auth/authorizationserver.h"

#include "common/crypto.h"
#include "common/logging.h"
#include "common/transportpolicy.h"
#include "sandbox/auth/authpages.h"
#include "sandbox/auth/smartscope.h"

#include <QCoreApplication>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringDecoder>

namespace kete::sandbox {

using Status = QHttpServerResponse::StatusCode;
using namespace std::chrono_literals;

struct AuthorizationServer::Transaction
{
    enum class Step
    {
        SignIn,
        PickPatient,
        Consent
    };

    Step step = Step::SignIn;
    QString clientId;
    QString clientName;
    QString redirectUri;
    QString state;
    QString nonce;
    QByteArray codeChallenge;
    QStringList requestedScopes;
    QDateTime expiresAt;
    // who signed in
    QString fhirUser; // Patient/<id> or Practitioner/<id>
    QString userName;
    QString patientId; // the launch context
    bool isClinician = false;
};

struct AuthorizationServer::ClientAuthentication
{
    std::optional<RegisteredClient> client;
    bool usedBasic = false;
    QString problem; // why the client is refused (no secret in it)
};

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::sandbox::AuthorizationServer", text);
}

QByteArray header(const QHttpServerRequest &request, const QByteArray &name)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return request.headers().value(name).toByteArray();
#else
    return request.value(name);
#endif
}

void addHeaders(QHttpServerResponse &response,
                const QList<std::pair<QByteArray, QByteArray>> &headers)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders all = response.headers();
    for (const auto &[name, value] : headers)
        all.replaceOrAppend(QAnyStringView(name), QAnyStringView(value));
    response.setHeaders(std::move(all));
#else
    for (const auto &[name, value] : headers)
        response.setHeader(name, value);
#endif
}

// application/x-www-form-urlencoded (and OAuth query strings from browsers) write a space as '+',
// which QUrlQuery would keep literally.
QUrlQuery formQuery(const QByteArray &encoded)
{
    QByteArray text = encoded;
    text.replace('+', QByteArrayLiteral("%20"));
    return QUrlQuery(QString::fromUtf8(text));
}

FormPost formPostOf(const QHttpServerRequest &request)
{
    return {header(request, QByteArrayLiteral("Content-Type")),
            header(request, QByteArrayLiteral("Authorization")), request.body()};
}

bool isForm(const FormPost &request)
{
    return request.contentType.trimmed().toLower().startsWith("application/x-www-form-urlencoded");
}

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    [[maybe_unused]] const QString decoded = decoder(bytes);
    return !decoder.hasError();
}

QString valueOf(const QUrlQuery &query, const QString &name)
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

bool repeated(const QUrlQuery &query, const QStringList &names)
{
    for (const QString &name : names) {
        if (query.allQueryItemValues(name).size() > 1)
            return true;
    }
    return false;
}

QHttpServerResponse json(const QJsonObject &object, Status status = Status::Ok)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json"),
                                 QJsonDocument(object).toJson(QJsonDocument::Compact), status);
    addHeaders(response,
               {{QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")},
                {QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache")},
                {QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*")}});
    return response;
}

QHttpServerResponse oauthError(const QString &error, const QString &description,
                               Status status = Status::BadRequest)
{
    return json(QJsonObject{{QStringLiteral("error"), error},
                            {QStringLiteral("error_description"), description}},
                status);
}

// A form on these pages may end in a redirect to the client's redirect URI, and browsers hold
// that redirect to form-action too: the policy names its origin (any port for a loopback one,
// RFC 8252 §7.3).
QByteArray formActionSources(const QString &redirectUri)
{
    QByteArray sources = QByteArrayLiteral("'self'");
    const QUrl target(redirectUri, QUrl::StrictMode);
    if (!target.isValid() || target.host().isEmpty())
        return sources;
    const bool loopback = isLoopbackHost(target.host());
    QString origin = target.scheme() + QStringLiteral("://") + target.host(QUrl::FullyEncoded);
    if (loopback)
        origin += QStringLiteral(":*");
    else if (target.port() != -1)
        origin += QLatin1Char(':') + QString::number(target.port());
    return sources + ' ' + origin.toLatin1();
}

QHttpServerResponse html(const QByteArray &page, Status status = Status::Ok,
                         const QString &redirectUri = {})
{
    QHttpServerResponse response(QByteArrayLiteral("text/html; charset=utf-8"), page, status);
    addHeaders(response, {{QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")},
                          {QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache")},
                          {QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY")},
                          {QByteArrayLiteral("Content-Security-Policy"),
                           QByteArrayLiteral("default-src 'none'; style-src 'unsafe-inline'; "
                                             "form-action ") +
                               formActionSources(redirectUri) +
                               QByteArrayLiteral("; frame-ancestors 'none'")}});
    return response;
}

QHttpServerResponse errorPage(const QString &error, const QString &explanation)
{
    return html(pages::error(error, explanation), Status::BadRequest);
}

// RFC 6749 §5.2: 401, with a Basic challenge when the client tried Basic.
QHttpServerResponse invalidClient(bool usedBasic, const QString &problem)
{
    QHttpServerResponse response =
        oauthError(QStringLiteral("invalid_client"), problem, Status::Unauthorized);
    if (usedBasic)
        addHeaders(response, {{QByteArrayLiteral("WWW-Authenticate"),
                               QByteArrayLiteral("Basic realm=\"kete-sandbox\"")}});
    return response;
}

QHttpServerResponse redirectTo(const QString &redirectUri,
                               const QList<std::pair<QString, QString>> &parameters)
{
    QUrl target(redirectUri, QUrl::StrictMode);
    QByteArray query = target.query(QUrl::FullyEncoded).toUtf8();
    for (const auto &[name, value] : parameters) {
        if (!query.isEmpty())
            query += '&';
        query += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    target.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    QHttpServerResponse response(QByteArray(), QByteArray(), Status::Found);
    addHeaders(response, {{QByteArrayLiteral("Location"), target.toEncoded()},
                          {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")}});
    return response;
}

QHttpServerResponse redirectError(const QString &redirectUri, const QString &state,
                                  const QString &error, const QString &description)
{
    QList<std::pair<QString, QString>> parameters{
        {QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}};
    if (!state.isEmpty())
        parameters.append({QStringLiteral("state"), state});
    qCInfo(lcSandbox) << "authorization refused with" << error;
    return redirectTo(redirectUri, parameters);
}

bool isConditionScope(const QString &scope)
{
    const std::optional<SmartScope> parsed = SmartScope::parse(scope);
    return parsed && parsed->resourceType == QLatin1String("Condition");
}

constexpr char jwtBearerGrant[] = "urn:ietf:params:oauth:grant-type:jwt-bearer";

bool isPkceChallenge(const QString &challenge)
{
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
    return shape.match(challenge).hasMatch();
}

} // namespace

AuthorizationServer::AuthorizationServer(AuthorizationServerConfig config, TokenStore &tokens,
                                         ClientRegistry clients, DemoDirectory directory,
                                         std::shared_ptr<const JwtSigner> signer)
    : m_config(std::move(config))
    , m_tokens(tokens)
    , m_clients(std::move(clients))
    , m_directory(std::move(directory))
    , m_signer(signer ? std::move(signer) : std::make_shared<const JwtSigner>())
{
    setFhirBaseUrl(m_config.fhirBaseUrl);
}

AuthorizationServer::~AuthorizationServer() = default;

void AuthorizationServer::setFhirBaseUrl(const QUrl &fhirBaseUrl)
{
    QUrl base = fhirBaseUrl;
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    base.setPath(path);
    m_config.fhirBaseUrl = base;
}

QUrl AuthorizationServer::endpoint(const QString &name) const
{
    QUrl url = m_config.fhirBaseUrl;
    url.setPath(m_config.authPath + QLatin1Char('/') + name);
    url.setQuery(QString());
    return url;
}

void AuthorizationServer::registerRoutes(QHttpServer &server)
{
    using Method = QHttpServerRequest::Method;
    const QString auth = m_config.authPath;
    server.route(m_config.fhirBaseUrl.path() + QStringLiteral("/.well-known/smart-configuration"),
                 Method::Get, [this](const QHttpServerRequest &) { return wellKnown(); });
    server.route(auth + QStringLiteral("/authorize"), Method::Get | Method::Post,
                 [this](const QHttpServerRequest &request) {
                     return authorize(request.method() == Method::Post
                                          ? request.body()
                                          : request.url().query(QUrl::FullyEncoded).toUtf8());
                 });
    server.route(auth + QStringLiteral("/sign-in"), Method::Post,
                 [this](const QHttpServerRequest &request) { return signIn(request.body()); });
    server.route(
        auth + QStringLiteral("/select-patient"), Method::Post,
        [this](const QHttpServerRequest &request) { return selectPatient(request.body()); });
    server.route(auth + QStringLiteral("/consent"), Method::Post,
                 [this](const QHttpServerRequest &request) { return consent(request.body()); });
    server.route(auth + QStringLiteral("/token"), Method::Post,
                 [this](const QHttpServerRequest &request) { return token(formPostOf(request)); });
    server.route(
        auth + QStringLiteral("/introspect"), Method::Post,
        [this](const QHttpServerRequest &request) { return introspect(formPostOf(request)); });
    server.route(auth + QStringLiteral("/revoke"), Method::Post,
                 [this](const QHttpServerRequest &request) { return revoke(formPostOf(request)); });
    server.route(auth + QStringLiteral("/register"), Method::Post,
                 [this](const QHttpServerRequest &request) { return registerClient(request); });
    server.route(auth + QStringLiteral("/jwks"), Method::Get,
                 [this](const QHttpServerRequest &) { return json(m_signer->jwks()); });
    server.route(auth + QStringLiteral("/manage"), Method::Get,
                 [](const QHttpServerRequest &) { return html(pages::manageAccess()); });
    // Browser apps (fhirclient.js) call discovery and the token endpoints from another origin.
    const QStringList crossOriginPaths{
        m_config.fhirBaseUrl.path() + QStringLiteral("/.well-known/smart-configuration"),
        auth + QStringLiteral("/token"), auth + QStringLiteral("/introspect"),
        auth + QStringLiteral("/revoke"), auth + QStringLiteral("/jwks")};
    for (const QString &path : crossOriginPaths) {
        server.route(path, Method::Options, [](const QHttpServerRequest &) {
            QHttpServerResponse response(Status::NoContent);
            addHeaders(response,
                       {{QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*")},
                        {QByteArrayLiteral("Access-Control-Allow-Methods"),
                         QByteArrayLiteral("GET, POST, OPTIONS")},
                        {QByteArrayLiteral("Access-Control-Allow-Headers"),
                         QByteArrayLiteral("Authorization, Content-Type")},
                        {QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600")}});
            return response;
        });
    }
}

QJsonObject AuthorizationServer::smartConfiguration() const
{
    const auto strings = [](std::initializer_list<const char *> list) {
        QJsonArray array;
        for (const char *item : list)
            array.append(QLatin1String(item));
        return array;
    };
    QJsonObject configuration{
        {QStringLiteral("issuer"), m_config.fhirBaseUrl.toString()},
        {QStringLiteral("jwks_uri"), endpoint(QStringLiteral("jwks")).toString()},
        {QStringLiteral("authorization_endpoint"),
         endpoint(QStringLiteral("authorize")).toString()},
        {QStringLiteral("token_endpoint"), endpoint(QStringLiteral("token")).toString()},
        {QStringLiteral("introspection_endpoint"),
         endpoint(QStringLiteral("introspect")).toString()},
        {QStringLiteral("revocation_endpoint"), endpoint(QStringLiteral("revoke")).toString()},
        {QStringLiteral("management_endpoint"), endpoint(QStringLiteral("manage")).toString()},
        {QStringLiteral("token_endpoint_auth_methods_supported"), strings({"client_secret_basic"})},
        {QStringLiteral("grant_types_supported"), strings({"authorization_code", "refresh_token"})},
        {QStringLiteral("response_types_supported"), strings({"code"})},
        {QStringLiteral("code_challenge_methods_supported"), strings({"S256"})},
        {QStringLiteral("scopes_supported"),
         strings({"openid", "fhirUser", "launch/patient", "offline_access", "online_access",
                  "patient/*.read", "patient/*.rs", "patient/Patient.rs", "patient/Observation.rs",
                  "patient/Condition.rs", "patient/DiagnosticReport.rs", "user/*.read", "user/*.rs",
                  "user/Patient.rs", "user/Observation.rs", "user/Condition.rs",
                  "user/DiagnosticReport.rs"})},
        {QStringLiteral("capabilities"),
         strings({"launch-standalone", "client-public", "client-confidential-symmetric",
                  "context-standalone-patient", "permission-patient", "permission-user",
                  "permission-v1", "permission-v2", "permission-offline", "permission-online",
                  "sso-openid-connect", "authorize-post"})},
    };
    if (m_faults.firesForSome(Fault::DynamicRegistration)) {
        configuration.insert(QStringLiteral("registration_endpoint"),
                             endpoint(QStringLiteral("register")).toString());
        configuration.insert(QStringLiteral("grant_types_supported"),
                             strings({"authorization_code", "refresh_token", jwtBearerGrant}));
        configuration.insert(QStringLiteral("token_endpoint_auth_methods_supported"),
                             strings({"client_secret_basic", "private_key_jwt"}));
        configuration.insert(QStringLiteral("token_endpoint_auth_signing_alg_values_supported"),
                             strings({"RS256"}));
    }
    if (!m_config.userAccessBrandBundle.isEmpty()) {
        configuration.insert(QStringLiteral("user_access_brand_bundle"),
                             m_config.userAccessBrandBundle.toString());
        configuration.insert(QStringLiteral("user_access_brand_identifier"),
                             m_config.userAccessBrandIdentifier);
    }
    return configuration;
}

QHttpServerResponse AuthorizationServer::wellKnown() const
{
    return json(smartConfiguration());
}

QHttpServerResponse AuthorizationServer::authorize(const QByteArray &encoded)
{
    // Text that is not UTF-8 (a state above all) could be neither kept nor echoed byte-exact:
    // refused on a page, so that nothing altered is ever sent back to the client.
    if (!isUtf8(QByteArray::fromPercentEncoding(encoded))) {
        qCInfo(lcSandbox) << "authorize: parameters are not UTF-8";
        return errorPage(QStringLiteral("invalid_request"),
                         tr("The app's sign-in request contains text that is not valid UTF-8."));
    }
    const QUrlQuery params = formQuery(encoded);
    // Until the client and its redirect URI are known good, nothing may be sent to the URI.
    const QString clientId = valueOf(params, QStringLiteral("client_id"));
    const std::optional<RegisteredClient> client = m_clients.find(clientId);
    if (!client || m_faults.fires(Fault::InvalidClient, clientId)) {
        qCInfo(lcSandbox) << "authorize: unknown client";
        return errorPage(QStringLiteral("invalid_client"),
                         tr("The app that sent you here is not registered with this server."));
    }
    const QString redirectUri = valueOf(params, QStringLiteral("redirect_uri"));
    if (redirectUri.isEmpty() || !client->acceptsRedirect(redirectUri) ||
        repeated(params, {QStringLiteral("client_id"), QStringLiteral("redirect_uri")})) {
        qCInfo(lcSandbox) << "authorize: unregistered redirect URI for client" << clientId;
        return errorPage(QStringLiteral("invalid_request"),
                         tr("The app asked to send you back to an address it has not registered."));
    }

    const QString state = valueOf(params, QStringLiteral("state"));
    // A state too long to keep is too long to send back in the error redirect as well.
    if (state.size() > m_config.maxParameterLength)
        return errorPage(QStringLiteral("invalid_request"),
                         tr("The app's sign-in request is too long."));
    const auto refuse = [&](const QString &error, const QString &description) {
        return redirectError(redirectUri, state, error, description);
    };
    const auto parameters = params.queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : parameters) {
        if (value.size() > m_config.maxParameterLength)
            return refuse(QStringLiteral("invalid_request"),
                          QStringLiteral("%1 is longer than %2 characters")
                              .arg(name.left(64))
                              .arg(m_config.maxParameterLength));
    }
    if (repeated(params,
                 {QStringLiteral("response_type"), QStringLiteral("state"), QStringLiteral("scope"),
                  QStringLiteral("aud"), QStringLiteral("code_challenge"),
                  QStringLiteral("code_challenge_method")}))
        return refuse(QStringLiteral("invalid_request"), QStringLiteral("repeated parameter"));
    if (valueOf(params, QStringLiteral("response_type")) != QLatin1String("code"))
        return refuse(QStringLiteral("unsupported_response_type"),
                      QStringLiteral("only response_type=code is supported"));
    if (state.isEmpty())
        return refuse(QStringLiteral("invalid_request"), QStringLiteral("state is required"));
    if (valueOf(params, QStringLiteral("aud")) != m_config.fhirBaseUrl.toString())
        return refuse(QStringLiteral("invalid_request"),
                      QStringLiteral("aud must be the FHIR base URL ") +
                          m_config.fhirBaseUrl.toString());
    if (valueOf(params, QStringLiteral("code_challenge_method")) != QLatin1String("S256"))
        return refuse(QStringLiteral("invalid_request"),
                      QStringLiteral("PKCE with code_challenge_method=S256 is required"));
    const QString challenge = valueOf(params, QStringLiteral("code_challenge"));
    if (!isPkceChallenge(challenge))
        return refuse(QStringLiteral("invalid_request"),
                      QStringLiteral("code_challenge must be base64url(SHA-256(verifier))"));
    if (!valueOf(params, QStringLiteral("launch")).isEmpty())
        return refuse(QStringLiteral("invalid_request"),
                      QStringLiteral("EHR launch is not supported"));

    const QStringList scopes =
        valueOf(params, QStringLiteral("scope")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (scopes.isEmpty())
        return refuse(QStringLiteral("invalid_scope"), QStringLiteral("scope is required"));
    for (const QString &scope : scopes) {
        if (!isSupportedScope(scope))
            return refuse(QStringLiteral("invalid_scope"),
                          QStringLiteral("unsupported scope: ") + scope);
        if (client->allowedScopes && !client->allowedScopes->contains(scope))
            return refuse(QStringLiteral("invalid_scope"),
                          QStringLiteral("scope not allowed for this client: ") + scope);
    }
    if (m_faults.fires(Fault::InvalidScope, clientId))
        return refuse(QStringLiteral("invalid_scope"),
                      QStringLiteral("the requested scope is invalid (simulated)"));

    Transaction transaction;
    transaction.clientId = clientId;
    transaction.clientName = client->name;
    transaction.redirectUri = redirectUri;
    transaction.state = state;
    transaction.nonce = valueOf(params, QStringLiteral("nonce"));
    transaction.codeChallenge = challenge.toLatin1();
    transaction.requestedScopes = scopes;
    transaction.expiresAt = m_tokens.now().addSecs(m_config.transactionLifetime.count());
    qCInfo(lcSandbox) << "authorization request from client" << clientId << "scopes"
                      << scopes.size();

    if (m_config.autoApproveUser)
        return autoApprove(std::move(transaction));
    if (m_transactions.size() >= m_config.maxOpenTransactions) {
        purgeExpiredTransactions();
        if (m_transactions.size() >= m_config.maxOpenTransactions)
            return refuse(QStringLiteral("temporarily_unavailable"),
                          QStringLiteral("too many sign-ins are open; try again later"));
    }
    const QString id = newTransaction(std::move(transaction));
    return html(pages::signIn(client->name, endpoint(QStringLiteral("sign-in")).path(), id,
                              m_directory, {}),
                Status::Ok, redirectUri);
}

QHttpServerResponse AuthorizationServer::autoApprove(Transaction transaction)
{
    const QString userId = *m_config.autoApproveUser;
    const bool wantsPatient = transaction.requestedScopes.contains(QLatin1String("launch/patient"));
    if (const auto patient = m_directory.patientById(userId)) {
        transaction.fhirUser = QStringLiteral("Patient/") + patient->patientId;
        transaction.patientId = patient->patientId;
    } else {
        const auto clinician =
            std::find_if(m_directory.clinicians.cbegin(), m_directory.clinicians.cend(),
                         [&](const DemoClinician &c) { return c.practitionerId == userId; });
        if (clinician == m_directory.clinicians.cend())
            return errorPage(QStringLiteral("server_error"),
                             tr("The automatic sign-in user is not a demo account."));
        transaction.isClinician = true;
        transaction.fhirUser = QStringLiteral("Practitioner/") + clinician->practitionerId;
        if (wantsPatient && !m_directory.patients.isEmpty())
            transaction.patientId = m_directory.patients.constFirst().patientId;
    }
    if (m_faults.fires(Fault::ConsentDenied, transaction.clientId))
        return redirectError(transaction.redirectUri, transaction.state,
                             QStringLiteral("access_denied"),
                             QStringLiteral("the user denied access"));
    return finish(transaction, transaction.requestedScopes);
}

void AuthorizationServer::purgeExpiredTransactions()
{
    const QDateTime now = m_tokens.now();
    m_transactions.removeIf([&](const auto &entry) { return entry.value()->expiresAt <= now; });
    m_nextTransactionPurge = now.addSecs(TokenStore::purgeInterval.count());
}

QString AuthorizationServer::newTransaction(Transaction transaction)
{
    // One pass per purge interval, not one per request: a lookup stays O(1).
    if (!m_nextTransactionPurge.isValid() || m_tokens.now() >= m_nextTransactionPurge)
        purgeExpiredTransactions();
    const QByteArray id = crypto::randomToken();
    m_transactions.insert(crypto::sha256(id),
                          std::make_shared<Transaction>(std::move(transaction)));
    return QString::fromLatin1(id);
}

std::optional<AuthorizationServer::Transaction>
AuthorizationServer::takeTransaction(const QUrlQuery &form)
{
    const QByteArray hash = crypto::sha256(valueOf(form, QStringLiteral("transaction")).toLatin1());
    const auto found = m_transactions.find(hash);
    if (found == m_transactions.end() || !crypto::constantTimeEquals(found.key(), hash))
        return std::nullopt;
    Transaction transaction = *found.value();
    m_transactions.erase(found);
    if (transaction.expiresAt <= m_tokens.now())
        return std::nullopt;
    return transaction;
}

QHttpServerResponse AuthorizationServer::signIn(const QByteArray &formBody)
{
    const QUrlQuery form = formQuery(formBody);
    std::optional<Transaction> transaction = takeTransaction(form);
    if (!transaction || transaction->step != Transaction::Step::SignIn)
        return errorPage(QStringLiteral("invalid_request"),
                         tr("This sign-in page has expired or was already used."));
    const QString login = valueOf(form, QStringLiteral("username")).trimmed();
    const bool passwordOk =
        DemoDirectory::isDemoPassword(valueOf(form, QStringLiteral("password")));
    const auto patient = m_directory.patientByLogin(login);
    const auto clinician = m_directory.clinicianByLogin(login);
    if (!passwordOk || (!patient && !clinician)) {
        qCInfo(lcSandbox) << "sign-in refused for client" << transaction->clientId;
        const QString clientName = transaction->clientName;
        const QString redirectUri = transaction->redirectUri;
        const QString id = newTransaction(std::move(*transaction));
        return html(pages::signIn(clientName, endpoint(QStringLiteral("sign-in")).path(), id,
                                  m_directory, tr("That user name or password is not right.")),
                    Status::Ok, redirectUri);
    }
    if (patient) {
        transaction->fhirUser = QStringLiteral("Patient/") + patient->patientId;
        transaction->userName = patient->displayName;
        transaction->patientId = patient->patientId;
        return consentPage(std::move(*transaction));
    }
    transaction->isClinician = true;
    transaction->fhirUser = QStringLiteral("Practitioner/") + clinician->practitionerId;
    transaction->userName = clinician->displayName;
    if (!transaction->requestedScopes.contains(QLatin1String("launch/patient")))
        return consentPage(std::move(*transaction));
    transaction->step = Transaction::Step::PickPatient;
    const QString clientName = transaction->clientName;
    const QString redirectUri = transaction->redirectUri;
    const QString id = newTransaction(std::move(*transaction));
    return html(pages::patientPicker(clientName, endpoint(QStringLiteral("select-patient")).path(),
                                     id, m_directory.patients),
                Status::Ok, redirectUri);
}

QHttpServerResponse AuthorizationServer::selectPatient(const QByteArray &formBody)
{
    const QUrlQuery form = formQuery(formBody);
    std::optional<Transaction> transaction = takeTransaction(form);
    if (!transaction || transaction->step != Transaction::Step::PickPatient)
        return errorPage(QStringLiteral("invalid_request"),
                         tr("This page has expired or was already used."));
    const auto patient = m_directory.patientById(valueOf(form, QStringLiteral("patient")));
    if (!patient) {
        const QString clientName = transaction->clientName;
        const QString redirectUri = transaction->redirectUri;
        const QString id = newTransaction(std::move(*transaction));
        return html(pages::patientPicker(clientName,
                                         endpoint(QStringLiteral("select-patient")).path(), id,
                                         m_directory.patients),
                    Status::BadRequest, redirectUri);
    }
    transaction->patientId = patient->patientId;
    return consentPage(std::move(*transaction));
}

QHttpServerResponse AuthorizationServer::consentPage(Transaction transaction)
{
    transaction.step = Transaction::Step::Consent;
    QList<pages::ConsentItem> items;
    for (const QString &scope : std::as_const(transaction.requestedScopes))
        items.append({scope, pages::describeScope(scope, transaction.isClinician)});
    const QString clientName = transaction.clientName;
    const QString userName = transaction.userName;
    const QString redirectUri = transaction.redirectUri;
    const QString id = newTransaction(std::move(transaction));
    return html(
        pages::consent(clientName, endpoint(QStringLiteral("consent")).path(), id, userName, items),
        Status::Ok, redirectUri);
}

QHttpServerResponse AuthorizationServer::consent(const QByteArray &formBody)
{
    const QUrlQuery form = formQuery(formBody);
    std::optional<Transaction> transaction = takeTransaction(form);
    if (!transaction || transaction->step != Transaction::Step::Consent)
        return errorPage(QStringLiteral("invalid_request"),
                         tr("This page has expired or was already used."));
    const bool approved = valueOf(form, QStringLiteral("decision")) == QLatin1String("approve");
    if (!approved || m_faults.fires(Fault::ConsentDenied, transaction->clientId))
        return redirectError(transaction->redirectUri, transaction->state,
                             QStringLiteral("access_denied"),
                             QStringLiteral("the user denied access"));
    // Only what was asked can be granted: a ticked box for an unrequested scope is ignored.
    QStringList granted;
    const QStringList ticked = form.allQueryItemValues(QStringLiteral("scope"), QUrl::FullyDecoded);
    for (const QString &scope : std::as_const(transaction->requestedScopes)) {
        if (ticked.contains(scope))
            granted.append(scope);
    }
    return finish(*transaction, granted);
}

std::chrono::seconds AuthorizationServer::accessTokenLifetime(const QString &clientId) const
{
    if (m_faults.fires(Fault::ShortTokenLifetime, clientId))
        return 5s;
    if (m_faults.fires(Fault::TenMinuteTokens, clientId))
        return 600s;
    return TokenStore::defaultAccessTokenLifetime;
}

QHttpServerResponse AuthorizationServer::finish(const Transaction &transaction,
                                                QStringList grantedScopes)
{
    const auto grantsRefresh = [](const QStringList &scopes) {
        return scopes.contains(QLatin1String("offline_access")) ||
               scopes.contains(QLatin1String("online_access"));
    };
    bool withRefreshToken = grantsRefresh(grantedScopes);
    if (m_faults.fires(Fault::ScopeDowngrade, transaction.clientId)) {
        grantedScopes.removeIf([](const QString &scope) {
            return isConditionScope(scope) || scope == QLatin1String("offline_access");
        });
    }
    // Granted all the same (the refresh token comes): only the scope string stays silent.
    if (m_faults.fires(Fault::SilentOfflineAccess, transaction.clientId))
        grantedScopes.removeAll(QStringLiteral("offline_access"));
    AccessGrant grant;
    grant.clientId = transaction.clientId;
    grant.scopes = grantedScopes;
    grant.fhirUser = transaction.fhirUser;
    grant.audience = m_config.fhirBaseUrl.toString();
    // A clinician who unticked launch/patient gets no patient context.
    if (!transaction.isClinician || grantedScopes.contains(QLatin1String("launch/patient")))
        grant.patientId = transaction.patientId;

    CodeBinding binding;
    binding.clientId = transaction.clientId;
    binding.redirectUri = transaction.redirectUri;
    binding.codeChallenge = transaction.codeChallenge;
    binding.grant = grant;
    binding.withRefreshToken = withRefreshToken;
    binding.accessTokenLifetime = accessTokenLifetime(transaction.clientId);
    binding.nonce = transaction.nonce;
    const QByteArray code = m_tokens.createCode(binding);
    qCInfo(lcSandbox) << "authorization code issued for client" << transaction.clientId << "scopes"
                      << grantedScopes.size();
    return redirectTo(transaction.redirectUri, {{QStringLiteral("code"), QString::fromLatin1(code)},
                                                {QStringLiteral("state"), transaction.state}});
}

AuthorizationServer::ClientAuthentication
AuthorizationServer::authenticateClient(const FormPost &request, const QUrlQuery &form) const
{
    ClientAuthentication result;
    const QByteArray &authorization = request.authorization;
    const QString bodyClientId = valueOf(form, QStringLiteral("client_id"));
    if (form.hasQueryItem(QStringLiteral("client_secret"))) {
        result.problem = QStringLiteral("client_secret_post is not supported; use HTTP Basic");
        return result;
    }
    if (!authorization.isEmpty()) {
        result.usedBasic = true;
        if (!authorization.startsWith("Basic ")) {
            result.problem = QStringLiteral("only HTTP Basic client authentication is supported");
            return result;
        }
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const qsizetype colon = decoded.indexOf(':');
        const auto formDecoded = [](QByteArray part) {
            part.replace('+', ' ');
            return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
        };
        const QString id = formDecoded(decoded.left(colon));
        const QString secret = formDecoded(decoded.mid(colon + 1));
        const std::optional<RegisteredClient> client = m_clients.find(id);
        if (colon < 0 || !client || !client->secretMatches(secret) ||
            (!bodyClientId.isEmpty() && bodyClientId != id)) {
            result.problem = QStringLiteral("client authentication failed");
            return result;
        }
        result.client = client;
        return result;
    }
    const std::optional<RegisteredClient> client = m_clients.find(bodyClientId);
    if (!client) {
        result.problem = QStringLiteral("unknown client_id");
        return result;
    }
    if (client->type != RegisteredClient::Type::Public) {
        result.problem = QStringLiteral("confidential clients authenticate with HTTP Basic");
        return result;
    }
    result.client = client;
    return result;
}

QHttpServerResponse AuthorizationServer::token(const FormPost &request)
{
    if (!isForm(request))
        return oauthError(QStringLiteral("invalid_request"),
                          QStringLiteral("the body must be application/x-www-form-urlencoded"));
    const QUrlQuery form = formQuery(request.body);
    // A repeated client_id would leave open which client is meant: refused before anything else.
    if (repeated(form,
                 {QStringLiteral("client_id"), QStringLiteral("grant_type"), QStringLiteral("code"),
                  QStringLiteral("redirect_uri"), QStringLiteral("code_verifier"),
                  QStringLiteral("refresh_token"), QStringLiteral("scope")}))
        return oauthError(QStringLiteral("invalid_request"), QStringLiteral("repeated parameter"));
    // RFC 7523: the signed assertion authenticates the dynamically registered client.
    if (valueOf(form, QStringLiteral("grant_type")) == QLatin1String(jwtBearerGrant) &&
        m_faults.firesForSome(Fault::DynamicRegistration))
        return assertionGrant(form);
    const ClientAuthentication authentication = authenticateClient(request, form);
    const auto refuseClient = [&](const QString &problem) {
        qCInfo(lcSandbox) << "token request refused: invalid_client";
        return invalidClient(authentication.usedBasic, problem);
    };
    if (!authentication.client)
        return refuseClient(authentication.problem);
    const QString clientId = authentication.client->clientId;
    if (m_faults.fires(Fault::InvalidClient, clientId))
        return refuseClient(QStringLiteral("client authentication failed (simulated)"));

    const QString grantType = valueOf(form, QStringLiteral("grant_type"));
    RedeemResult result;
    if (grantType == QLatin1String("authorization_code")) {
        const QString code = valueOf(form, QStringLiteral("code"));
        const QString redirectUri = valueOf(form, QStringLiteral("redirect_uri"));
        const QString verifier = valueOf(form, QStringLiteral("code_verifier"));
        if (code.isEmpty() || redirectUri.isEmpty() || verifier.isEmpty())
            return oauthError(QStringLiteral("invalid_request"),
                              QStringLiteral("code, redirect_uri and code_verifier are required"));
        result = m_tokens.redeemCode(code.toLatin1(), clientId, redirectUri, verifier.toLatin1());
    } else if (grantType == QLatin1String("refresh_token")) {
        const QString refreshToken = valueOf(form, QStringLiteral("refresh_token"));
        if (refreshToken.isEmpty())
            return oauthError(QStringLiteral("invalid_request"),
                              QStringLiteral("refresh_token is required"));
        if (m_faults.fires(Fault::RefreshTokenExpired, clientId))
            return oauthError(QStringLiteral("invalid_grant"),
                              QStringLiteral("refresh token expired (simulated)"));
        std::optional<QStringList> narrowed;
        if (form.hasQueryItem(QStringLiteral("scope")))
            narrowed =
                valueOf(form, QStringLiteral("scope")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        result = m_tokens.refresh(refreshToken.toLatin1(), clientId, narrowed,
                                  accessTokenLifetime(clientId));
    } else {
        return oauthError(QStringLiteral("unsupported_grant_type"),
                          QStringLiteral("grant_type must be authorization_code or refresh_token"));
    }
    if (!result.tokens) {
        qCInfo(lcSandbox) << "token request refused for client" << clientId << "invalid_grant";
        return oauthError(QStringLiteral("invalid_grant"), result.detail);
    }
    qCInfo(lcSandbox) << "token issued for client" << clientId << "grant" << grantType << "scopes"
                      << result.tokens->grant.scopes.size();
    return tokenResponse(*result.tokens);
}

QHttpServerResponse AuthorizationServer::assertionGrant(const QUrlQuery &form)
{
    if (repeated(form, {QStringLiteral("assertion")}))
        return oauthError(QStringLiteral("invalid_request"), QStringLiteral("repeated parameter"));
    const QByteArray assertion = valueOf(form, QStringLiteral("assertion")).toLatin1();
    if (assertion.isEmpty())
        return oauthError(QStringLiteral("invalid_request"),
                          QStringLiteral("assertion is required"));
    const Result<DynamicClients::Redeemed> redeemed = m_dynamicClients.redeem(
        assertion, endpoint(QStringLiteral("token")).toString(), m_tokens.now());
    if (!redeemed) {
        const QString detail = redeemed.error().detail;
        const QString error = detail.section(QStringLiteral(": "), 0, 0);
        const QString description = detail.section(QStringLiteral(": "), 1);
        qCInfo(lcSandbox) << "JWT bearer grant refused:" << error << description;
        if (error == QLatin1String("invalid_client"))
            return invalidClient(false, description);
        return oauthError(error, description);
    }
    const QString clientId = valueOf(form, QStringLiteral("client_id"));
    if (!clientId.isEmpty() && clientId != redeemed->clientId)
        return invalidClient(false, QStringLiteral("client_id is not the assertion's issuer"));
    const IssuedTokens issued =
        m_tokens.issue(redeemed->grant, false, accessTokenLifetime(redeemed->clientId));
    qCInfo(lcSandbox) << "token issued for client" << redeemed->clientId << "grant"
                      << QStringLiteral("jwt-bearer") << "scopes" << issued.grant.scopes.size();
    return tokenResponse(issued);
}

QHttpServerResponse AuthorizationServer::registerClient(const QHttpServerRequest &request)
{
    const auto metadataError = [](const QString &description) {
        return oauthError(QStringLiteral("invalid_client_metadata"), description);
    };
    const QByteArray authorization = header(request, QByteArrayLiteral("Authorization"));
    const std::optional<AccessGrant> grant =
        authorization.toLower().startsWith("bearer ")
            ? m_tokens.validateAccessToken(authorization.mid(7).trimmed())
            : std::nullopt;
    if (!grant) {
        QHttpServerResponse response =
            oauthError(QStringLiteral("invalid_token"),
                       QStringLiteral("registration needs the access token of a sign-in"),
                       Status::Unauthorized);
        addHeaders(response,
                   {{QByteArrayLiteral("WWW-Authenticate"),
                     QByteArrayLiteral("Bearer realm=\"kete-sandbox\", error=\"invalid_token\"")}});
        return response;
    }
    const std::optional<RegisteredClient> client = m_clients.find(grant->clientId);
    if (!client || client->type != RegisteredClient::Type::Public ||
        !m_faults.fires(Fault::DynamicRegistration, grant->clientId)) {
        qCInfo(lcSandbox) << "dynamic registration refused for client" << grant->clientId;
        return oauthError(QStringLiteral("access_denied"),
                          QStringLiteral("this sign-in does not allow the app to register"),
                          Status::Forbidden);
    }
    if (!header(request, QByteArrayLiteral("Content-Type"))
             .trimmed()
             .toLower()
             .startsWith("application/json"))
        return metadataError(QStringLiteral("the body must be application/json"));
    const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
    if (body.value(QLatin1String("software_id")).toString() != grant->clientId)
        return metadataError(QStringLiteral("software_id must be the client id of the sign-in"));
    const QJsonArray keys =
        body.value(QLatin1String("jwks")).toObject().value(QLatin1String("keys")).toArray();
    const QJsonObject jwk = keys.size() == 1 ? keys.first().toObject() : QJsonObject();
    const QByteArray modulus =
        crypto::fromBase64Url(jwk.value(QLatin1String("n")).toString().toLatin1());
    if (jwk.value(QLatin1String("kty")).toString() != QLatin1String("RSA") ||
        modulus.size() < 256 || jwk.value(QLatin1String("e")).toString().isEmpty() ||
        jwk.contains(QLatin1String("d")))
        return metadataError(
            QStringLiteral("jwks must hold one public RSA key of 2048 bits or more"));
    const QString clientId = m_dynamicClients.add(jwk, grant->clientId, *grant);
    qCInfo(lcSandbox) << "client registered dynamically for software" << grant->clientId;
    QJsonObject answer{
        {QStringLiteral("client_id"), clientId},
        {QStringLiteral("software_id"), grant->clientId},
        {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("private_key_jwt")},
        {QStringLiteral("grant_types"), QJsonArray{QLatin1String(jwtBearerGrant)}},
        {QStringLiteral("jwks"), QJsonObject{{QStringLiteral("keys"), QJsonArray{jwk}}}}};
    return json(answer, Status::Created);
}

QString AuthorizationServer::fhirUserUrl(const AccessGrant &grant) const
{
    return m_config.fhirBaseUrl.toString() + QLatin1Char('/') + grant.fhirUser;
}

QHttpServerResponse AuthorizationServer::tokenResponse(const IssuedTokens &issued) const
{
    const AccessGrant &grant = issued.grant;
    QJsonObject body{{QStringLiteral("access_token"), QString::fromLatin1(issued.accessToken)},
                     {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                     {QStringLiteral("expires_in"), issued.expiresIn},
                     {QStringLiteral("scope"), grant.scopes.join(QLatin1Char(' '))}};
    if (!grant.patientId.isEmpty()) {
        body.insert(QStringLiteral("patient"), grant.patientId);
        body.insert(QStringLiteral("need_patient_banner"), true);
    }
    if (!issued.refreshToken.isEmpty())
        body.insert(QStringLiteral("refresh_token"), QString::fromLatin1(issued.refreshToken));
    if (grant.scopes.contains(QLatin1String("openid")) &&
        grant.scopes.contains(QLatin1String("fhirUser")) && !grant.fhirUser.isEmpty()) {
        const qint64 now = m_tokens.now().toSecsSinceEpoch();
        const QJsonObject claims{{QStringLiteral("iss"), m_config.fhirBaseUrl.toString()},
                                 {QStringLiteral("sub"), grant.fhirUser},
                                 {QStringLiteral("aud"), grant.clientId},
                                 {QStringLiteral("iat"), now},
                                 {QStringLiteral("exp"), now + 3600},
                                 {QStringLiteral("fhirUser"), fhirUserUrl(grant)}};
        QJsonObject withNonce = claims;
        if (!issued.nonce.isEmpty())
            withNonce.insert(QStringLiteral("nonce"), issued.nonce);
        const QByteArray idToken = m_signer->sign(withNonce);
        m_tokens.witness(idToken);
        body.insert(QStringLiteral("id_token"), QString::fromLatin1(idToken));
    }
    return json(body);
}

QHttpServerResponse AuthorizationServer::introspect(const FormPost &request)
{
    if (!isForm(request))
        return oauthError(QStringLiteral("invalid_request"),
                          QStringLiteral("the body must be application/x-www-form-urlencoded"));
    const QUrlQuery form = formQuery(request.body);
    if (repeated(form, {QStringLiteral("client_id"), QStringLiteral("token")}))
        return oauthError(QStringLiteral("invalid_request"), QStringLiteral("repeated parameter"));
    // RFC 7662 §2.1: the caller must authenticate (a public client: its client_id).
    const ClientAuthentication authentication = authenticateClient(request, form);
    if (!authentication.client) {
        qCInfo(lcSandbox) << "introspection refused: invalid_client";
        return invalidClient(authentication.usedBasic, authentication.problem);
    }
    const auto found = m_tokens.introspect(valueOf(form, QStringLiteral("token")).toLatin1());
    if (!found)
        return json(QJsonObject{{QStringLiteral("active"), false}});
    const AccessGrant &grant = found->grant;
    QJsonObject body{{QStringLiteral("active"), true},
                     {QStringLiteral("scope"), grant.scopes.join(QLatin1Char(' '))},
                     {QStringLiteral("client_id"), grant.clientId},
                     {QStringLiteral("iss"), m_config.fhirBaseUrl.toString()},
                     {QStringLiteral("aud"), grant.audience}};
    if (!found->isRefreshToken) {
        body.insert(QStringLiteral("token_type"), QStringLiteral("Bearer"));
        body.insert(QStringLiteral("exp"), grant.expiresAt.toSecsSinceEpoch());
    }
    if (!grant.patientId.isEmpty())
        body.insert(QStringLiteral("patient"), grant.patientId);
    if (grant.scopes.contains(QLatin1String("fhirUser")) && !grant.fhirUser.isEmpty()) {
        body.insert(QStringLiteral("fhirUser"), fhirUserUrl(grant));
        body.insert(QStringLiteral("sub"), grant.fhirUser);
    }
    return json(body);
}

QHttpServerResponse AuthorizationServer::revoke(const FormPost &request)
{
    if (!isForm(request))
        return oauthError(QStringLiteral("invalid_request"),
                          QStringLiteral("the body must be application/x-www-form-urlencoded"));
    const QUrlQuery form = formQuery(request.body);
    if (repeated(form, {QStringLiteral("client_id"), QStringLiteral("token"),
                        QStringLiteral("token_type_hint")}))
        return oauthError(QStringLiteral("invalid_request"), QStringLiteral("repeated parameter"));
    // RFC 7009 §2.1: the client identifies itself (a confidential one with its secret) and may
    // only revoke its own tokens. Another client's token is left alone, with the same 200 as an
    // unknown one, so that the answer tells nothing about it.
    const ClientAuthentication authentication = authenticateClient(request, form);
    if (!authentication.client) {
        qCInfo(lcSandbox) << "revocation refused: invalid_client";
        return invalidClient(authentication.usedBasic, authentication.problem);
    }
    m_tokens.revoke(valueOf(form, QStringLiteral("token")).toLatin1(),
                    authentication.client->clientId);
    qCInfo(lcSandbox) << "revocation request handled for client" << authentication.client->clientId;
    return json(QJsonObject{});
}

} // namespace kete::sandbox
