#pragma once

#include "sandbox/auth/accessgrant.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QSet>
#include <chrono>
#include <functional>
#include <optional>

namespace kete::sandbox {

// Now, in UTC. Injected so that expiry is tested without sleeping.
using Clock = std::function<QDateTime()>;
Clock systemClock();

struct IssuedTokens
{
    QByteArray accessToken;
    QByteArray refreshToken; // empty when none was asked for
    qint64 expiresIn = 0;    // seconds
    AccessGrant grant;       // as issued (expiresAt set)
    QString nonce;           // OpenID Connect nonce of the authorization request, if any
};

// What an authorization code stands for, fixed when /authorize hands it out.
struct CodeBinding
{
    QString clientId;
    QString redirectUri;
    QByteArray codeChallenge; // S256: base64url(SHA-256(verifier))
    AccessGrant grant;
    bool withRefreshToken = false;
    std::chrono::seconds accessTokenLifetime{3600};
    QString nonce; // OpenID Connect: echoed in the id_token of the code exchange
};

// Why a code or a refresh token was refused; the token endpoint maps each to an OAuth error.
enum class GrantError
{
    InvalidGrant,
    InvalidClient
};

struct RedeemResult
{
    std::optional<IssuedTokens> tokens;
    GrantError error = GrantError::InvalidGrant;
    QString detail; // for error_description: never a secret
};

// The authorization server's memory of codes and tokens. Every code and token is random
// (crypto::randomToken) and kept ONLY as its SHA-256 hash; the plaintext leaves through the
// return value once. Thread-safe: the FHIR API validates tokens while /token issues them.
//
// Refresh tokens belong to families: each use rotates (the old one dies, a new one is issued); a
// second use of a rotated token means it leaked, so the whole family and its access tokens die.
// A second use of an authorization code likewise revokes everything the first use produced.
//
// Nothing is kept forever: what can no longer be used (expired codes, access tokens, refresh
// tokens, and the families and used codes nothing refers to any more) is purged, at most once
// per purgeInterval, by the calls that add records. Memory therefore follows the request rate,
// not the uptime.
class TokenStore
{
public:
    static constexpr std::chrono::seconds defaultAccessTokenLifetime{3600};
    static constexpr std::chrono::seconds codeLifetime{60};
    // Each refresh token (a rotation issues a new one) works this long.
    static constexpr std::chrono::seconds refreshTokenLifetime{24 * 3600};
    static constexpr std::chrono::seconds purgeInterval{60};

    explicit TokenStore(Clock clock = systemClock());

    QDateTime now() const;

    // --- used by the FHIR API ---
    // The grant behind a bearer token; nullopt if unknown, expired or revoked.
    std::optional<AccessGrant> validateAccessToken(const QByteArray &token) const;
    // Fault::ExpireAccessToken: the token stops working as if its time were up.
    void expireAccessToken(const QByteArray &token);

    // --- used by the authorization server ---
    IssuedTokens issue(const AccessGrant &grant, bool withRefreshToken,
                       std::chrono::seconds lifetime = defaultAccessTokenLifetime);

    QByteArray createCode(const CodeBinding &binding);
    // Single use, within codeLifetime, by the same client with the same redirect URI and the
    // PKCE verifier that matches the challenge.
    RedeemResult redeemCode(const QByteArray &code, const QString &clientId,
                            const QString &redirectUri, const QByteArray &codeVerifier);

    // Rotates the refresh token. `narrowedScopes` (when given) must be a subset of the family's.
    RedeemResult refresh(const QByteArray &refreshToken, const QString &clientId,
                         const std::optional<QStringList> &narrowedScopes,
                         std::chrono::seconds lifetime = defaultAccessTokenLifetime);

    // RFC 7009: an access token, or a refresh token with its whole family. Unknown: no-op.
    // With `clientId`, only a token issued to that client (RFC 7009 §2.1).
    void revoke(const QByteArray &token, const std::optional<QString> &clientId = std::nullopt);

    // RFC 7662: the grant of an active access token or refresh token.
    struct Introspection
    {
        AccessGrant grant;
        bool isRefreshToken = false;
    };
    std::optional<Introspection> introspect(const QByteArray &token) const;

    // Drops everything expired now (the adding calls do it on their own every purgeInterval).
    void purgeExpired();

    struct Sizes
    {
        qsizetype codes = 0;
        qsizetype accessTokens = 0;
        qsizetype refreshTokens = 0;
        qsizetype families = 0;
    };
    Sizes sizes() const; // what is held, for tests and diagnostics

    // --- for tests that look for secrets where they must not be (the leak audit) ---
    // From now on, keep in the clear every secret that passes here: the authorization codes,
    // access and refresh tokens handed out, and the PKCE verifiers of code exchanges. Off by
    // default: the store otherwise holds only hashes.
    void witnessSecrets();
    QList<QByteArray> witnessedSecrets() const;
    // A secret issued next to the store's own (an id_token): witnessed too, never kept otherwise.
    void witness(const QByteArray &secret);

private:
    struct AccessRecord
    {
        AccessGrant grant;
        qint64 familyId = 0; // 0: no refresh token family
        bool revoked = false;
    };
    struct RefreshRecord
    {
        qint64 familyId = 0;
        bool rotated = false; // kept until expiresAt: a replay then revokes the family
        QDateTime expiresAt;
    };
    struct Family
    {
        AccessGrant grant; // scopes of the family (expiresAt unused)
        QSet<QByteArray> accessTokenHashes;
        bool revoked = false;
    };
    struct CodeRecord
    {
        CodeBinding binding; // cleared once used
        QDateTime expiresAt;
        bool used = false;
        // What the first use produced: a used code is kept while these live.
        QSet<QByteArray> accessTokenHashes;
        qint64 familyId = 0;
    };

    IssuedTokens issueLocked(const AccessGrant &grant, bool withRefreshToken,
                             std::chrono::seconds lifetime, qint64 familyId);
    QByteArray newRefreshTokenLocked(qint64 familyId);
    void revokeFamilyLocked(qint64 familyId);
    const AccessRecord *activeAccessLocked(const QByteArray &hash) const;
    void purgeIfDueLocked();
    void purgeLocked(const QDateTime &now);

    Clock m_clock;
    mutable QMutex m_mutex;
    QHash<QByteArray, AccessRecord> m_access;   // SHA-256(token) -> record
    QHash<QByteArray, RefreshRecord> m_refresh; // SHA-256(token) -> record
    QHash<QByteArray, CodeRecord> m_codes;      // SHA-256(code) -> record
    QHash<qint64, Family> m_families;
    qint64 m_nextFamilyId = 1;
    QDateTime m_nextPurge; // invalid: at the next adding call
    bool m_witnessing = false;
    QList<QByteArray> m_witnessed;

    void witnessLocked(const QByteArray &secret);
};

} // namespace kete::sandbox
