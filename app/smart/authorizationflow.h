#pragma once

#include "common/result.h"
#include "smart/clientregistration.h"
#include "smart/clock.h"
#include "smart/idtoken.h"
#include "smart/pkce.h"
#include "smart/scopeset.h"
#include "smart/smartconfiguration.h"
#include "smart/tokenset.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMultiMap>
#include <QObject>
#include <QPointer>
#include <QVariant>
#include <memory>
#include <optional>
#include <utility>

class QNetworkAccessManager;
class QOAuth2AuthorizationCodeFlow;
class QUrlQuery;

namespace kete::smart {

class EmbeddedRedirectHandler;
class LoopbackRedirectHandler;

// What a completed sign-in hands to the app; build a Session from it.
struct SignInResult
{
    SmartConfiguration configuration;
    ClientRegistration client;
    ScopeSet requestedScope;
    TokenSet tokens;
    QStringList notGranted;       // plain words: "lab results", "staying signed in", ...
    bool idTokenVerified = false; // signature, iss, aud and exp checked against the JWKS
    bool needsPatientLookup() const { return tokens.needsPatientLookup(); }
};

// The handshake step by step, for the connection details (app/inspector). These records never
// hold a secret: what could be replayed is redacted where the record is made, here.
using RecordedParameters = QList<std::pair<QString, QString>>;

// What went to the authorization endpoint. state and code_challenge as kete::redacted(); a
// parameter Kete does not know is redacted too.
struct AuthorizationRequestRecord
{
    QUrl authorizationEndpoint;    // without the query
    RecordedParameters parameters; // in the order sent
    BrowserMode browserMode = BrowserMode::Embedded;
    bool confidentialClient = false;

    static AuthorizationRequestRecord fromAuthorizeUrl(const QUrl &authorizeUrl);
};

// The provider's redirect back to Kete: parameter names only (the code and state are secrets),
// whether the state matched, and the provider's error when it refused.
struct RedirectRecord
{
    QUrl redirectUri;           // without the query
    QStringList parameterNames; // as they arrived
    bool stateMatched = false;
    bool codeReceived = false;
    QString error; // RFC 6749 §4.1.2.1
    QString errorDescription;
    QString problem; // Kete's detail when it refused the redirect ("redirect.state-mismatch")

    static RedirectRecord fromRedirect(const QUrl &url, const QUrlQuery &query,
                                       const QByteArray &expectedState);
};

// The token request and what its answer said: field names and the non-secret values, never a
// token. code and code_verifier are "(redacted)"; a confidential client's secret goes in HTTP
// Basic and is not recorded at all.
struct TokenExchangeRecord
{
    QUrl tokenEndpoint;
    RecordedParameters requestParameters;
    bool confidentialClient = false;
    bool answered = false;      // the endpoint answered with tokens
    QString problem;            // error detail when the exchange or the id_token check failed
    QStringList responseFields; // names only
    QString tokenType;
    std::optional<qint64> expiresIn;
    QString requestedScope;
    QString grantedScope; // as the answer said; empty when it left the scope out
    QStringList notGranted;
    QString patient;
    std::optional<bool> needPatientBanner;
    QString fhirUser;
    bool refreshTokenReceived = false;
    bool idTokenReceived = false;
    bool idTokenVerified = false;
    QString idTokenNote; // why it was not verified
    QString idTokenIssuer;
    QString idTokenAudience;
    QDateTime idTokenExpiresAt;
    QString idTokenFhirUser;

    static RecordedParameters redactedParameters(const QMultiMap<QString, QVariant> &parameters);
    void readResponse(const QJsonObject &json);
};

// One SMART standalone launch (authorization code + PKCE S256), driven by Qt's
// QOAuth2AuthorizationCodeFlow:
//
//   start() -> authorizeUrlReady(url)      the GUI opens it (embedded or system browser)
//           -> provider: sign in, consent  -> 302 to the redirect URI
//           -> handleRedirect(url)         embedded: the browser hands the URL over
//              (or the loopback listener)  system browser: 127.0.0.1 catches it
//           -> state checked, code POSTed with code_verifier (+ Basic for confidential)
//           -> id_token verified against jwks_uri
//           -> succeeded(result) | failed(error)     exactly one of them, once
//
// The state (256 bits) and verifier belong to this attempt only and are dropped when it ends.
class AuthorizationFlow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthorizationFlow)

public:
    explicit AuthorizationFlow(Clock clock = systemClock(), QObject *parent = nullptr);
    ~AuthorizationFlow() override;

    // Starts a new attempt (abandoning a running one). `configuration` from SmartDiscovery.
    void start(const SmartConfiguration &configuration, const ClientRegistration &client,
               const ScopeSet &requestedScope);

    // For the embedded browser: true when the URL is the redirect URI of the running attempt
    // (the browser must then not load it).
    bool isRedirect(const QUrl &url) const;
    // Hands the intercepted redirect over. Returns false for any other URL (ignored).
    bool handleRedirect(const QUrl &url);

    // The user closed the browser: emits failed() with a "cancelled" error.
    void cancel();

    bool isRunning() const { return m_running; }
    // The redirect URI sent to the provider (for the loopback mode, with the listening port).
    QUrl redirectUri() const;

Q_SIGNALS:
    void authorizeUrlReady(const QUrl &url);
    // The handshake as it happens (emitted before authorizeUrlReady / succeeded / failed).
    void authorizationRequested(const kete::smart::AuthorizationRequestRecord &record);
    void redirectReceived(const kete::smart::RedirectRecord &record);
    void tokenExchanged(const kete::smart::TokenExchangeRecord &record);
    void succeeded(const kete::smart::SignInResult &result);
    void failed(const kete::Error &error);

private:
    void onTokenReply(const Result<QJsonObject> &reply);
    void verifyIdToken(TokenSet tokens);
    void finishWith(TokenSet tokens, bool idTokenVerified);
    void fail(const Error &error);
    void reset();

    Clock m_clock;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QPointer<QOAuth2AuthorizationCodeFlow> m_oauth;
    QPointer<EmbeddedRedirectHandler> m_embedded;
    QPointer<LoopbackRedirectHandler> m_loopback;
    SmartConfiguration m_configuration;
    ClientRegistration m_client;
    ScopeSet m_requestedScope;
    Pkce m_pkce;
    TokenExchangeRecord m_exchange;
    bool m_tokenRequested = false;
    bool m_running = false;
    quint64 m_attempt = 0;
};

} // namespace kete::smart
