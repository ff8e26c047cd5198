#include "sandbox/auth/tokenstore.h"

#include "common/crypto.h"

#include <QMutexLocker>

namespace kete::sandbox {

namespace {

QByteArray hashOf(const QByteArray &secret)
{
    return crypto::sha256(secret);
}

// The stored hash found by lookup is compared again in constant time: the hash table's own
// comparison is not meant for secrets.
template<typename Map>
auto findSecret(Map &map, const QByteArray &secret) -> decltype(map.find(secret))
{
    const QByteArray hash = hashOf(secret);
    auto found = map.find(hash);
    if (found != map.end() && !crypto::constantTimeEquals(found.key(), hash))
        return map.end();
    return found;
}

RedeemResult refused(GrantError error, const QString &detail)
{
    RedeemResult result;
    result.error = error;
    result.detail = detail;
    return result;
}

} // namespace

Clock systemClock()
{
    return [] { return QDateTime::currentDateTimeUtc(); };
}

TokenStore::TokenStore(Clock clock)
    : m_clock(std::move(clock))
{}

QDateTime TokenStore::now() const
{
    return m_clock();
}

const TokenStore::AccessRecord *TokenStore::activeAccessLocked(const QByteArray &hash) const
{
    const auto found = m_access.constFind(hash);
    if (found == m_access.cend() || !crypto::constantTimeEquals(found.key(), hash))
        return nullptr;
    if (found->revoked || found->grant.expiresAt <= m_clock())
        return nullptr;
    if (found->familyId != 0 && m_families.value(found->familyId).revoked)
        return nullptr;
    return &found.value();
}

std::optional<AccessGrant> TokenStore::validateAccessToken(const QByteArray &token) const
{
    if (token.isEmpty())
        return std::nullopt;
    const QMutexLocker locker(&m_mutex);
    const AccessRecord *record = activeAccessLocked(hashOf(token));
    if (!record)
        return std::nullopt;
    return record->grant;
}

void TokenStore::expireAccessToken(const QByteArray &token)
{
    const QMutexLocker locker(&m_mutex);
    const auto found = findSecret(m_access, token);
    if (found != m_access.end())
        found->grant.expiresAt = m_clock().addSecs(-1);
}

IssuedTokens TokenStore::issue(const AccessGrant &grant, bool withRefreshToken,
                               std::chrono::seconds lifetime)
{
    const QMutexLocker locker(&m_mutex);
    purgeIfDueLocked();
    qint64 familyId = 0;
    if (withRefreshToken) {
        familyId = m_nextFamilyId++;
        m_families.insert(familyId, Family{grant, {}, false});
    }
    return issueLocked(grant, withRefreshToken, lifetime, familyId);
}

IssuedTokens TokenStore::issueLocked(const AccessGrant &grant, bool withRefreshToken,
                                     std::chrono::seconds lifetime, qint64 familyId)
{
    IssuedTokens issued;
    issued.grant = grant;
    issued.grant.expiresAt = m_clock().addSecs(lifetime.count());
    // Checked on every request with this token: its scopes are parsed once, here.
    issued.grant.keepParsedScopes();
    issued.expiresIn = lifetime.count();
    issued.accessToken = crypto::randomToken();
    witnessLocked(issued.accessToken);
    const QByteArray accessHash = hashOf(issued.accessToken);
    m_access.insert(accessHash, AccessRecord{issued.grant, familyId, false});
    if (familyId != 0) {
        m_families[familyId].accessTokenHashes.insert(accessHash);
        if (withRefreshToken)
            issued.refreshToken = newRefreshTokenLocked(familyId);
    }
    return issued;
}

QByteArray TokenStore::newRefreshTokenLocked(qint64 familyId)
{
    const QByteArray token = crypto::randomToken();
    witnessLocked(token);
    m_refresh.insert(hashOf(token), RefreshRecord{familyId, false,
                                                  m_clock().addSecs(refreshTokenLifetime.count())});
    return token;
}

void TokenStore::revokeFamilyLocked(qint64 familyId)
{
    const auto family = m_families.find(familyId);
    if (family == m_families.end())
        return;
    family->revoked = true;
    for (const QByteArray &hash : std::as_const(family->accessTokenHashes)) {
        const auto access = m_access.find(hash);
        if (access != m_access.end())
            access->revoked = true;
    }
}

QByteArray TokenStore::createCode(const CodeBinding &binding)
{
    const QMutexLocker locker(&m_mutex);
    purgeIfDueLocked();
    const QByteArray code = crypto::randomToken();
    witnessLocked(code);
    m_codes.insert(hashOf(code),
                   CodeRecord{binding, m_clock().addSecs(codeLifetime.count()), false, {}, 0});
    return code;
}

RedeemResult TokenStore::redeemCode(const QByteArray &code, const QString &clientId,
                                    const QString &redirectUri, const QByteArray &codeVerifier)
{
    const QMutexLocker locker(&m_mutex);
    witnessLocked(codeVerifier);
    const auto found = findSecret(m_codes, code);
    if (found == m_codes.end())
        return refused(GrantError::InvalidGrant, QStringLiteral("unknown authorization code"));
    CodeRecord &record = found.value();
    if (record.used) {
        // RFC 6749 §4.1.2: a replayed code revokes what the first exchange produced.
        for (const QByteArray &hash : std::as_const(record.accessTokenHashes)) {
            const auto access = m_access.find(hash);
            if (access != m_access.end())
                access->revoked = true;
        }
        if (record.familyId != 0)
            revokeFamilyLocked(record.familyId);
        return refused(GrantError::InvalidGrant,
                       QStringLiteral("authorization code already used; its tokens are revoked"));
    }
    if (record.expiresAt <= m_clock()) {
        record.used = true;
        record.binding = {};
        return refused(GrantError::InvalidGrant, QStringLiteral("authorization code expired"));
    }
    if (record.binding.clientId != clientId)
        return refused(GrantError::InvalidGrant,
                       QStringLiteral("authorization code was issued to another client"));
    if (record.binding.redirectUri != redirectUri)
        return refused(GrantError::InvalidGrant,
                       QStringLiteral("redirect_uri differs from the authorization request"));
    const QByteArray challenge = crypto::base64Url(crypto::sha256(codeVerifier));
    if (codeVerifier.size() < 43 || codeVerifier.size() > 128 ||
        !crypto::constantTimeEquals(challenge, record.binding.codeChallenge)) {
        return refused(GrantError::InvalidGrant,
                       QStringLiteral("code_verifier does not match the code_challenge"));
    }
    record.used = true;
    qint64 familyId = 0;
    if (record.binding.withRefreshToken) {
        familyId = m_nextFamilyId++;
        m_families.insert(familyId, Family{record.binding.grant, {}, false});
    }
    IssuedTokens issued = issueLocked(record.binding.grant, record.binding.withRefreshToken,
                                      record.binding.accessTokenLifetime, familyId);
    issued.nonce = record.binding.nonce;
    record.familyId = familyId;
    record.accessTokenHashes.insert(hashOf(issued.accessToken));
    record.binding = {}; // the nonce may be large, and nothing needs it again
    RedeemResult result;
    result.tokens = std::move(issued);
    return result;
}

RedeemResult TokenStore::refresh(const QByteArray &refreshToken, const QString &clientId,
                                 const std::optional<QStringList> &narrowedScopes,
                                 std::chrono::seconds lifetime)
{
    const QMutexLocker locker(&m_mutex);
    purgeIfDueLocked();
    const auto found = findSecret(m_refresh, refreshToken);
    if (found == m_refresh.end())
        return refused(GrantError::InvalidGrant, QStringLiteral("unknown refresh token"));
    if (found->expiresAt <= m_clock())
        return refused(GrantError::InvalidGrant, QStringLiteral("refresh token expired"));
    const qint64 familyId = found->familyId;
    Family &family = m_families[familyId];
    if (family.revoked)
        return refused(GrantError::InvalidGrant, QStringLiteral("refresh token revoked"));
    if (family.grant.clientId != clientId)
        return refused(GrantError::InvalidGrant,
                       QStringLiteral("refresh token was issued to another client"));
    if (found->rotated) {
        revokeFamilyLocked(familyId);
        return refused(GrantError::InvalidGrant,
                       QStringLiteral("refresh token already used; its family is revoked"));
    }
    AccessGrant grant = family.grant;
    if (narrowedScopes) {
        for (const QString &scope : *narrowedScopes) {
            if (!grant.scopes.contains(scope))
                return refused(GrantError::InvalidGrant,
                               QStringLiteral("requested scope exceeds the original grant"));
        }
        grant.scopes = *narrowedScopes;
    }
    found->rotated = true;
    RedeemResult result;
    result.tokens = issueLocked(grant, true, lifetime, familyId);
    return result;
}

void TokenStore::revoke(const QByteArray &token, const std::optional<QString> &clientId)
{
    const QMutexLocker locker(&m_mutex);
    const auto issuedTo = [&](const AccessGrant &grant) {
        return !clientId || grant.clientId == *clientId;
    };
    const auto access = findSecret(m_access, token);
    if (access != m_access.end()) {
        if (issuedTo(access->grant))
            access->revoked = true;
        return;
    }
    const auto refresh = findSecret(m_refresh, token);
    if (refresh != m_refresh.end() && issuedTo(m_families.value(refresh->familyId).grant))
        revokeFamilyLocked(refresh->familyId);
}

std::optional<TokenStore::Introspection> TokenStore::introspect(const QByteArray &token) const
{
    if (token.isEmpty())
        return std::nullopt;
    const QMutexLocker locker(&m_mutex);
    const QByteArray hash = hashOf(token);
    if (const AccessRecord *record = activeAccessLocked(hash))
        return Introspection{record->grant, false};
    const auto refresh = m_refresh.constFind(hash);
    if (refresh == m_refresh.cend() || !crypto::constantTimeEquals(refresh.key(), hash) ||
        refresh->rotated || refresh->expiresAt <= m_clock())
        return std::nullopt;
    const Family family = m_families.value(refresh->familyId);
    if (family.revoked)
        return std::nullopt;
    return Introspection{family.grant, true};
}

void TokenStore::purgeExpired()
{
    const QMutexLocker locker(&m_mutex);
    purgeLocked(m_clock());
}

TokenStore::Sizes TokenStore::sizes() const
{
    const QMutexLocker locker(&m_mutex);
    return Sizes{m_codes.size(), m_access.size(), m_refresh.size(), m_families.size()};
}

// Amortised: one full pass per purgeInterval keeps each adding call O(1) on average.
void TokenStore::purgeIfDueLocked()
{
    const QDateTime now = m_clock();
    if (m_nextPurge.isValid() && now < m_nextPurge)
        return;
    purgeLocked(now);
    m_nextPurge = now.addSecs(purgeInterval.count());
}

void TokenStore::purgeLocked(const QDateTime &now)
{
    m_access.removeIf([&](const auto &entry) { return entry.value().grant.expiresAt <= now; });
    m_refresh.removeIf([&](const auto &entry) { return entry.value().expiresAt <= now; });
    // A family lives while one of its refresh tokens does (a rotated one still detects replay);
    // its remaining access tokens carry their own revocation mark.
    QSet<qint64> referenced;
    for (const RefreshRecord &record : std::as_const(m_refresh))
        referenced.insert(record.familyId);
    m_families.removeIf([&](const auto &entry) { return !referenced.contains(entry.key()); });
    for (Family &family : m_families)
        family.accessTokenHashes.removeIf(
            [&](const QByteArray &hash) { return !m_access.contains(hash); });
    // A used code stays while what it produced lives, so that a replay can still revoke it.
    m_codes.removeIf([&](const auto &entry) {
        const CodeRecord &record = entry.value();
        if (!record.used)
            return record.expiresAt <= now;
        const bool tokensLive =
            std::any_of(record.accessTokenHashes.cbegin(), record.accessTokenHashes.cend(),
                        [&](const QByteArray &hash) { return m_access.contains(hash); });
        return !tokensLive && !m_families.contains(record.familyId);
    });
}

void TokenStore::witnessSecrets()
{
    const QMutexLocker locker(&m_mutex);
    m_witnessing = true;
}

QList<QByteArray> TokenStore::witnessedSecrets() const
{
    const QMutexLocker locker(&m_mutex);
    return m_witnessed;
}

void TokenStore::witness(const QByteArray &secret)
{
    const QMutexLocker locker(&m_mutex);
    witnessLocked(secret);
}

void TokenStore::witnessLocked(const QByteArray &secret)
{
    if (m_witnessing && !secret.isEmpty())
        m_witnessed.append(secret);
}

} // namespace kete::sandbox
