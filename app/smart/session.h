#pragma once

#include "common/result.h"
#include "fhir/accesstokensource.h"
#include "smart/authorizationflow.h"
#include "smart/clock.h"
#include "smart/tokenset.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;

namespace kete {
class ChunkedSecretStore;
namespace jws {
class RsaKey;
}
} // namespace kete

namespace kete::smart {

class TokenEndpointClient;

// A signed-in connection to one provider: the tokens in memory, refreshed before they expire
// and after a 401, the refresh token kept in the keychain (rotated on every refresh that
// brings a new one). Hands FhirClient its bearer token as an AccessTokenSource.
//
//   from a sign-in:  Session(result.configuration, result.client, result.tokens)
//   restored:        Session(configuration, client, TokenSet with only refreshToken) -> restore()
class Session final : public QObject, public fhir::AccessTokenSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    Session(SmartConfiguration configuration, ClientRegistration client, TokenSet tokens,
            Clock clock = systemClock(), QObject *parent = nullptr);
    ~Session() override;

    static std::unique_ptr<Session> fromSignIn(const SignInResult &result,
                                               Clock clock = systemClock());

    // Where to keep the refresh token (keychain key). Without it, nothing is remembered. The
    // current refresh token is written at once.
    void rememberIn(ChunkedSecretStore *store, const QString &refreshTokenKey);

    // Dynamic registration (RFC 7591, 7523): from now on new access tokens come from a JWT
    // bearer grant signed with `key` as `clientId` instead of from a refresh token; the refresh
    // token is dropped (revoked at the server, deleted from the keychain).
    void useAssertionGrant(std::shared_ptr<const jws::RsaKey> key, const QString &clientId);
    bool usesAssertionGrant() const { return m_assertionKey != nullptr; }
    QString assertionClientId() const { return m_assertionClientId; }

    // AccessTokenSource
    QByteArray currentToken() const override;
    // Single flight: callers arriving while a refresh runs wait for the same answer.
    void refresh(RefreshDone done) override;
    // The manager for everything on this connection: the refresh grants here and the FHIR
    // requests of every FhirClient made with this session.
    QNetworkAccessManager *networkAccess() const override { return m_network.get(); }

    // Reopens a restored session: one refresh grant, no browser. done(error) when the saved
    // sign-in is no longer accepted (signInRequired() is emitted too).
    void restore(std::function<void(Result<void>)> done);

    // Revokes the tokens (RFC 7009, when the server has a revocation endpoint), deletes the
    // keychain entry and forgets the tokens. `done` receives the first problem, if any; the
    // session is signed out locally whatever the server said.
    void signOut(std::function<void(Result<void>)> done = {});

    const TokenSet &tokens() const { return m_tokens; }
    const SmartConfiguration &configuration() const { return m_configuration; }
    const ClientRegistration &client() const { return m_client; }
    bool isSignedIn() const { return m_tokens.hasAccessToken(); }

    // When the proactive refresh happens, relative to the access token's lifetime (as the
    // server gave it): a token living longer than shortLifetimeSeconds is refreshed
    // refreshMarginSeconds before it expires, a shorter one at half its lifetime. Never two
    // proactive refreshes closer than minimumRefreshIntervalMs, never two at once.
    static constexpr qint64 refreshMarginSeconds = 60;
    static constexpr qint64 shortLifetimeSeconds = 2 * refreshMarginSeconds;
    static constexpr qint64 minimumRefreshIntervalMs = 2000;
    // Milliseconds from now until the proactive refresh is due (0: due now); nullopt when none
    // will happen (no expiry known, or no refresh token).
    std::optional<qint64> msecsUntilRefresh() const;
    // Refreshes now when the proactive refresh is due (the timer calls this; tests call it
    // after moving the clock).
    void refreshIfDue();

    // How many refresh requests went to the server (diagnostics, tests).
    int refreshRequestCount() const { return m_refreshRequests; }

Q_SIGNALS:
    void tokensChanged();
    // The provider no longer accepts this sign-in (refresh refused, no refresh token).
    void signInRequired(const QString &reason);
    // The keychain could not store the sign-in; the session continues without remembering.
    void rememberFailed(const kete::Error &error);
    void signedOut();
    // Every refresh grant's outcome, for the connection details: `detail` in words, no secret.
    void refreshed(bool ok, const QString &detail);

private:
    void scheduleRefresh();
    void finishRefresh(const Result<QJsonObject> &reply);
    void storeRefreshToken();
    void noteLifetime();
    bool canRenew() const { return !m_tokens.refreshToken.isEmpty() || m_assertionKey; }

    SmartConfiguration m_configuration;
    ClientRegistration m_client;
    TokenSet m_tokens;
    Clock m_clock;
    std::unique_ptr<QNetworkAccessManager> m_network;
    TokenEndpointClient *m_tokenEndpoint;
    QTimer m_refreshTimer;
    std::vector<RefreshDone> m_waiting;
    bool m_refreshing = false;
    int m_refreshRequests = 0;
    qint64 m_lifetimeMs = -1;  // of the current access token, from when Kete received it
    QDateTime m_lastRefreshAt; // when the last refresh request went out
    ChunkedSecretStore *m_store = nullptr;
    QString m_refreshTokenKey;
    QByteArray m_storedRefreshToken;
    std::shared_ptr<const jws::RsaKey> m_assertionKey;
    QString m_assertionClientId;
};

} // namespace kete::smart
