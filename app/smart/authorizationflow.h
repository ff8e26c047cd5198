#pragma once

#include "common/result.h"
#include "smart/clientregistration.h"
#include "smart/clock.h"
#include "smart/idtoken.h"
#include "smart/pkce.h"
#include "smart/scopeset.h"
#include "smart/smartconfiguration.h"
#include "smart/tokenset.h"

#include <QObject>
#include <QPointer>
#include <memory>

class QNetworkAccessManager;
class QOAuth2AuthorizationCodeFlow;

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
    bool m_running = false;
    quint64 m_attempt = 0;
};

} // namespace kete::smart
