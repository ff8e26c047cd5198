#include "smart/authorizationflow.h"

#include "common/crypto.h"
#include "common/logging.h"
#include "common/networkerror.h"
#include "common/transportpolicy.h"
#include "smart/redirecthandler.h"
#include "smart/tokenendpoint.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QOAuth2AuthorizationCodeFlow>
#include <QUrlQuery>
#include <mutex>

namespace kete::smart {

namespace {

// QOAuth2AuthorizationCodeFlow puts a client secret in the form (client_secret_post) and only
// sends Basic after a 401 challenge; SMART confidential symmetric clients use Basic up front.
// This manager adds the header to requests for the token endpoint and nothing else.
class TokenEndpointNetworkAccess final : public QNetworkAccessManager
{
public:
    TokenEndpointNetworkAccess(QUrl tokenEndpoint, QByteArray authorization)
        : m_tokenEndpoint(std::move(tokenEndpoint))
        , m_authorization(std::move(authorization))
    {
        setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &original,
                                 QIODevice *outgoingData) override
    {
        QNetworkRequest request(original);
        request.setTransferTimeout(30000);
        if (operation == PostOperation && original.url() == m_tokenEndpoint) {
            request.setRawHeader(QByteArrayLiteral("Accept"),
                                 QByteArrayLiteral("application/json"));
            if (!m_authorization.isEmpty())
                request.setRawHeader(QByteArrayLiteral("Authorization"), m_authorization);
        }
        return QNetworkAccessManager::createRequest(operation, request, outgoingData);
    }

private:
    const QUrl m_tokenEndpoint;
    const QByteArray m_authorization;
};

QLoggingCategory::CategoryFilter previousLoggingFilter = nullptr;

// Qt Network Authorization logs the full authorization URL (with the state) and more at debug
// level; Kete's rule is that no sign-in secret reaches a log, whatever QT_LOGGING_RULES says.
void keepQtOAuthDebugQuiet(QLoggingCategory *category)
{
    if (previousLoggingFilter)
        previousLoggingFilter(category);
    if (qstrncmp(category->categoryName(), "qt.networkauth", 14) == 0) {
        category->setEnabled(QtDebugMsg, false);
        category->setEnabled(QtInfoMsg, false);
    }
}

// Shown as sent; every other parameter (state, code_challenge, anything new) is redacted.
bool isPlainAuthorizationParameter(const QString &name)
{
    static const QStringList plain{QStringLiteral("response_type"),
                                   QStringLiteral("client_id"),
                                   QStringLiteral("redirect_uri"),
                                   QStringLiteral("scope"),
                                   QStringLiteral("aud"),
                                   QStringLiteral("launch"),
                                   QStringLiteral("code_challenge_method")};
    return plain.contains(name);
}

bool isPlainTokenParameter(const QString &name)
{
    static const QStringList plain{QStringLiteral("grant_type"), QStringLiteral("redirect_uri"),
                                   QStringLiteral("client_id")};
    return plain.contains(name);
}

} // namespace

AuthorizationRequestRecord AuthorizationRequestRecord::fromAuthorizeUrl(const QUrl &authorizeUrl)
{
    AuthorizationRequestRecord record;
    record.authorizationEndpoint =
        authorizeUrl.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    const auto items = QUrlQuery(authorizeUrl).queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items)
        record.parameters.append(
            {name, isPlainAuthorizationParameter(name) ? value : kete::redacted(value)});
    return record;
}

RedirectRecord RedirectRecord::fromRedirect(const QUrl &url, const QUrlQuery &query,
                                            const QByteArray &expectedState)
{
    RedirectRecord record;
    record.redirectUri =
        url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        record.parameterNames.append(item.first);
    const QByteArray state =
        query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded).toUtf8();
    record.stateMatched =
        !expectedState.isEmpty() && crypto::constantTimeEquals(state, expectedState);
    record.codeReceived = !query.queryItemValue(QStringLiteral("code")).isEmpty();
    record.error = query.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded);
    record.errorDescription = formValue(query, QStringLiteral("error_description"));
    return record;
}

RecordedParameters
TokenExchangeRecord::redactedParameters(const QMultiMap<QString, QVariant> &parameters)
{
    RecordedParameters recorded;
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it) {
        if (it.key() == QLatin1String("client_secret"))
            continue; // never sent (Basic instead), never recorded
        recorded.append({it.key(), isPlainTokenParameter(it.key())
                                       ? QUrl::fromPercentEncoding(it.value().toByteArray())
                                       : QStringLiteral("(redacted)")});
    }
    return recorded;
}

void TokenExchangeRecord::readResponse(const QJsonObject &json)
{
    responseFields = json.keys();
    tokenType = json.value(QLatin1String("token_type")).toString();
    const QJsonValue expires = json.value(QLatin1String("expires_in"));
    if (expires.isDouble())
        expiresIn = qint64(expires.toDouble());
    else if (expires.isString())
        expiresIn = expires.toString().toLongLong();
    grantedScope = json.value(QLatin1String("scope")).toString();
    patient = json.value(QLatin1String("patient")).toString();
    if (json.contains(QLatin1String("need_patient_banner")))
        needPatientBanner = json.value(QLatin1String("need_patient_banner")).toBool();
    fhirUser = json.value(QLatin1String("fhirUser")).toString();
    refreshTokenReceived = !json.value(QLatin1String("refresh_token")).toString().isEmpty();
    idTokenReceived = !json.value(QLatin1String("id_token")).toString().isEmpty();
}

AuthorizationFlow::AuthorizationFlow(Clock clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
{
    static std::once_flag installed;
    std::call_once(installed, [] {
        previousLoggingFilter = QLoggingCategory::installFilter(keepQtOAuthDebugQuiet);
    });
}

AuthorizationFlow::~AuthorizationFlow()
{
    reset();
}

void AuthorizationFlow::reset()
{
    ++m_attempt;
    m_running = false;
    m_pkce = {};
    m_exchange = {};
    m_tokenRequested = false;
    if (m_oauth)
        m_oauth->deleteLater();
    if (m_embedded)
        m_embedded->deleteLater();
    if (m_loopback) {
        m_loopback->close();
        m_loopback->deleteLater();
    }
    // The manager may still be delivering a reply; let the event loop finish with it.
    if (m_network)
        m_network.release()->deleteLater();
}

void AuthorizationFlow::start(const SmartConfiguration &configuration,
                              const ClientRegistration &client, const ScopeSet &requestedScope)
{
    reset();
    m_configuration = configuration;
    m_client = client;
    m_requestedScope = requestedScope;
    const quint64 attempt = m_attempt;
    m_exchange.tokenEndpoint = configuration.tokenEndpoint.adjusted(QUrl::RemoveQuery);
    m_exchange.confidentialClient = client.isConfidential();
    m_exchange.requestedScope = requestedScope.toString();

    for (const QUrl &url : {configuration.authorizationEndpoint, configuration.tokenEndpoint}) {
        if (auto problem = checkTransport(url)) {
            QMetaObject::invokeMethod(
                this,
                [this, attempt, error = *problem] {
                    if (attempt == m_attempt)
                        fail(error);
                },
                Qt::QueuedConnection);
            m_running = true;
            return;
        }
    }

    m_running = true;
    m_pkce = Pkce::generate();
    const QByteArray state = crypto::randomToken(32);

    m_network = std::make_unique<TokenEndpointNetworkAccess>(
        configuration.tokenEndpoint,
        client.isConfidential() ? basicAuthorization(client) : QByteArray());
    m_oauth = new QOAuth2AuthorizationCodeFlow(m_network.get(), this);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // Same PKCE on every Qt version: ours, through the parameter hook below.
    m_oauth->setPkceMethod(QOAuth2AuthorizationCodeFlow::PkceMethod::None);
#endif
    m_oauth->setClientIdentifier(client.clientId);
    m_oauth->setAuthorizationUrl(configuration.authorizationEndpoint);
    m_oauth->setAccessTokenUrl(configuration.tokenEndpoint);
    m_oauth->setState(QString::fromLatin1(state));

    const TokenReplySink sink = [this, attempt](QNetworkReply &reply) {
        if (attempt == m_attempt)
            onTokenReply(readTokenReply(reply, OAuthRequester{m_client.clientId, redirectUri(),
                                                              m_client.isConfidential()}));
    };
    const auto onRedirectFailed = [this, attempt](const Error &error) {
        if (attempt == m_attempt)
            fail(error);
    };
    if (client.browserMode == BrowserMode::Embedded) {
        m_embedded = new EmbeddedRedirectHandler(client.redirectUri, state, client.clientId, this);
        m_embedded->setTokenReplySink(sink);
        connect(m_embedded, &EmbeddedRedirectHandler::redirectFailed, this, onRedirectFailed);
        connect(m_embedded, &EmbeddedRedirectHandler::redirectChecked, this,
                [this, attempt](const RedirectRecord &record) {
                    if (attempt == m_attempt)
                        Q_EMIT redirectReceived(record);
                });
        m_oauth->setReplyHandler(m_embedded);
    } else {
        m_loopback = new LoopbackRedirectHandler(client.redirectUri, state, client.clientId, this);
        if (!m_loopback->isListening()) {
            const Error error{tr("Kete could not prepare to receive the sign-in from your web "
                                 "browser."),
                              QStringLiteral("flow.loopback-listen-failed"),
                              ErrorCode::LoopbackListenFailed};
            QMetaObject::invokeMethod(
                this,
                [this, attempt, error] {
                    if (attempt == m_attempt)
                        fail(error);
                },
                Qt::QueuedConnection);
            return;
        }
        m_loopback->setTokenReplySink(sink);
        connect(m_loopback, &LoopbackRedirectHandler::redirectFailed, this, onRedirectFailed);
        connect(m_loopback, &LoopbackRedirectHandler::redirectChecked, this,
                [this, attempt](const RedirectRecord &record) {
                    if (attempt == m_attempt)
                        Q_EMIT redirectReceived(record);
                });
        m_oauth->setReplyHandler(m_loopback);
    }

    const QString scope = requestedScope.toString();
    const QString audience = configuration.fhirBase.toString(QUrl::FullyEncoded);
    const QByteArray challenge = m_pkce.challenge;
    const QByteArray verifier = m_pkce.verifier;
    const bool confidential = client.isConfidential();
    m_oauth->setModifyParametersFunction(
        [this, attempt, scope, audience, challenge, verifier,
         confidential](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *p) {
            switch (stage) {
            case QAbstractOAuth::Stage::RequestingAuthorization:
                p->remove(QStringLiteral("scope"));
                p->insert(QStringLiteral("scope"), scope);
                p->insert(QStringLiteral("aud"), audience);
                p->insert(QStringLiteral("code_challenge"), challenge);
                p->insert(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
                break;
            case QAbstractOAuth::Stage::RequestingAccessToken:
                p->remove(QStringLiteral("client_secret"));
                if (confidential)
                    p->remove(QStringLiteral("client_id")); // Basic instead, never both
                p->insert(QStringLiteral("code_verifier"), verifier);
                if (attempt == m_attempt) {
                    m_exchange.requestParameters = TokenExchangeRecord::redactedParameters(*p);
                    m_tokenRequested = true;
                }
                break;
            default:
                break;
            }
        });

    connect(m_oauth, &QAbstractOAuth::authorizeWithBrowser, this, [this, attempt](const QUrl &url) {
        if (attempt != m_attempt)
            return;
        qCInfo(lcAuth) << "authorization URL ready for" << loggableUrl(url);
        AuthorizationRequestRecord record = AuthorizationRequestRecord::fromAuthorizeUrl(url);
        record.browserMode = m_client.browserMode;
        record.confidentialClient = m_client.isConfidential();
        Q_EMIT authorizationRequested(record);
        Q_EMIT authorizeUrlReady(url);
    });
    qCInfo(lcAuth) << "starting SMART standalone launch against"
                   << loggableUrl(configuration.fhirBase) << "as client" << client.clientId
                   << (confidential ? "(confidential)" : "(public)")
                   << (client.browserMode == BrowserMode::Embedded ? "in the embedded browser"
                                                                   : "in the system browser");
    m_oauth->grant();
}

QUrl AuthorizationFlow::redirectUri() const
{
    if (m_loopback)
        return QUrl(m_loopback->callback());
    return m_client.redirectUri;
}

bool AuthorizationFlow::isRedirect(const QUrl &url) const
{
    return m_running && m_embedded && m_embedded->matches(url);
}

bool AuthorizationFlow::handleRedirect(const QUrl &url)
{
    if (!m_running || !m_embedded)
        return false;
    return m_embedded->handleRedirect(url);
}

void AuthorizationFlow::cancel()
{
    if (!m_running)
        return;
    fail(Error{tr("The sign-in was cancelled."), QStringLiteral("flow.cancelled"),
               ErrorCode::Cancelled});
}

void AuthorizationFlow::onTokenReply(const Result<QJsonObject> &reply)
{
    m_exchange.answered = reply.ok();
    if (reply.ok())
        m_exchange.readResponse(reply.value());
    if (!reply.ok()) {
        fail(reply.error());
        return;
    }
    auto tokens = TokenSet::fromResponse(reply.value(), m_clock(), m_requestedScope);
    if (!tokens.ok()) {
        fail(tokens.error());
        return;
    }
    if (tokens->idToken.isEmpty()) {
        finishWith(std::move(tokens).value(), false);
        return;
    }
    verifyIdToken(std::move(tokens).value());
}

void AuthorizationFlow::verifyIdToken(TokenSet tokens)
{
    if (m_configuration.jwksUri.isEmpty()) {
        // Nothing to verify against: keep the tokens, trust nothing the id_token says.
        qCInfo(lcAuth) << "server advertises no jwks_uri; id_token left unverified and unused";
        m_exchange.idTokenNote = tr("The server publishes no keys (jwks_uri), so Kete could not "
                                    "verify the id_token and does not use it.");
        finishWith(std::move(tokens), false);
        return;
    }
    QNetworkRequest request(m_configuration.jwksUri);
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network->get(request);
    const quint64 attempt = m_attempt;
    connect(reply, &QNetworkReply::finished, this, [this, reply, attempt, tokens] {
        reply->deleteLater();
        if (attempt != m_attempt)
            return;
        if (reply->error() != QNetworkReply::NoError) {
            fail(networkError(*reply));
            return;
        }
        const QJsonObject jwks = QJsonDocument::fromJson(reply->readAll()).object();
        IdTokenExpectations expected;
        expected.issuers = {m_configuration.fhirBase.toString(QUrl::FullyEncoded)};
        if (!m_configuration.issuer.isEmpty())
            expected.issuers.append(m_configuration.issuer);
        expected.clientId = m_client.clientId;
        expected.now = m_clock();
        const auto claims = smart::verifyIdToken(tokens.idToken, jwks, expected);
        if (!claims.ok()) {
            fail(claims.error());
            return;
        }
        m_exchange.idTokenIssuer = claims->issuer;
        m_exchange.idTokenAudience = expected.clientId;
        m_exchange.idTokenExpiresAt = claims->expiresAt;
        m_exchange.idTokenFhirUser = claims->fhirUser;
        TokenSet verified = tokens;
        if (verified.fhirUser.isEmpty())
            verified.fhirUser = claims->fhirUser;
        finishWith(std::move(verified), true);
    });
}

void AuthorizationFlow::finishWith(TokenSet tokens, bool idTokenVerified)
{
    SignInResult result;
    result.configuration = m_configuration;
    result.client = m_client;
    result.requestedScope = m_requestedScope;
    result.notGranted = tokens.notGrantedFrom(m_requestedScope);
    result.idTokenVerified = idTokenVerified;
    result.tokens = std::move(tokens);
    qCInfo(lcAuth) << "signed in; granted scope:" << result.tokens.grantedScope.toString()
                   << "| not granted:" << result.notGranted.size() << "item(s)"
                   << "| patient context:" << !result.tokens.patient.isEmpty()
                   << "| refresh token:" << !result.tokens.refreshToken.isEmpty()
                   << "| id_token verified:" << idTokenVerified;
    TokenExchangeRecord exchange = std::move(m_exchange);
    exchange.idTokenVerified = idTokenVerified;
    exchange.notGranted = result.notGranted;
    reset();
    Q_EMIT tokenExchanged(exchange);
    Q_EMIT succeeded(result);
}

void AuthorizationFlow::fail(const Error &error)
{
    qCWarning(lcAuth) << "sign-in failed:" << error.detail;
    const bool exchanged = m_tokenRequested;
    TokenExchangeRecord exchange = std::move(m_exchange);
    exchange.problem = error.detail;
    reset();
    if (exchanged)
        Q_EMIT tokenExchanged(exchange);
    Q_EMIT failed(error);
}

} // namespace kete::smart
