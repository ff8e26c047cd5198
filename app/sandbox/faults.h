#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <algorithm>
#include <optional>

namespace kete::sandbox {

// Failures the sandbox can be told to simulate, so that clients can be tested against them.
// Each one really fires: the server behaves exactly as a misbehaving or strict real server would.
enum class Fault
{
    // authorization server
    InvalidClient,       // /authorize and /token answer invalid_client
    InvalidScope,        // /authorize redirects with error=invalid_scope
    ConsentDenied,       // the user "denies" (auto-approve mode answers access_denied)
    RefreshTokenExpired, // refresh_token grant answers invalid_grant
    ScopeDowngrade,      // grants less than asked: drops Condition access and offline_access
                         // (while still issuing a refresh token)
    ShortTokenLifetime,  // access tokens live 5 s
                         // resource server
    ExpireAccessToken,   // the next FHIR call with a valid token gets 401 as if it had expired
    InvalidToken,        // every FHIR call answers 401 invalid_token
    SlowResponses,       // FHIR responses are delayed by 1.5 s
    TooManyRequests,     // every other FHIR search page answers 429 with Retry-After: 1
    ServiceUnavailable,  // every other FHIR search page answers 503 with Retry-After: 1
    DropConnection,      // the second page of a search is cut off mid-body
    MalformedJson,       // the second page of a search is not valid JSON
    OutcomeWarning,      // searchsets carry an OperationOutcome entry with search.mode=outcome
    RequireCategory,     // Observation searches without category answer 400 (as Epic does)
    CollapseDoubleSlash, // "//" in the request target becomes "/" before the query is read,
                         // as a proxy in front of a FHIR store does: an unencoded
                         // code=http://loinc.org|... then matches nothing
    OverlappingWindows,  // a search's date bounds (ge/gt/le/lt) are widened by a day, so that
                         // date windows a client splits a search into overlap
                         // habits of real servers (personas)
    SilentOfflineAccess, // offline_access granted (a refresh token comes) but left out of the
                         // returned scope, as Epic does
    TenMinuteTokens,     // access tokens live 10 minutes, as Oracle Health (Cerner) issues them
    SmallPages,          // _count defaults to 50 and is capped at 200, as Oracle Health does
    ExpiringPageLinks,   // next links carry a paging id (_getpages) that expires after
                         // pageLinkLifetime: then 410 Gone, as HAPI FHIR does
    ExactAudience,       // a token's aud must equal the FHIR base byte for byte (no trailing
                         // slash or case tolerance), as athenahealth checks it
    RateLimit,           // a per-client budget of requests per window: beyond it 429 with
                         // Retry-After and X-RateLimit-Reset
    DynamicRegistration, // a signed-in public client may register itself (RFC 7591, POST
                         // /auth/register with its public JWK) and then get tokens with the JWT
                         // bearer grant (RFC 7523), as Epic offers patient-facing native apps
};

// A real EHR's documented habits, as a set of faults (kete-sandbox --persona NAME).
struct Persona
{
    QString name; // "epic-like", ...
    QList<Fault> habits;

    static std::optional<Persona> fromName(const QString &name);
    static QStringList allNames();
};

// Which faults fire: for every client, or only for some client ids.
class FaultPlan
{
public:
    void enable(Fault fault) { m_global.insert(fault); }
    void enableFor(const QString &clientId, Fault fault) { m_perClient[clientId].insert(fault); }
    void enable(const Persona &persona)
    {
        for (const Fault fault : persona.habits)
            enable(fault);
    }
    bool fires(Fault fault, const QString &clientId) const
    {
        return m_global.contains(fault) || m_perClient.value(clientId).contains(fault);
    }
    // For every client or for at least one (what the server announces in its configuration).
    bool firesForSome(Fault fault) const
    {
        if (m_global.contains(fault))
            return true;
        return std::any_of(m_perClient.cbegin(), m_perClient.cend(),
                           [fault](const QSet<Fault> &faults) { return faults.contains(fault); });
    }

    // "invalid-client", "scope-downgrade", ... <-> Fault.
    static std::optional<Fault> fromName(const QString &name);
    static QString name(Fault fault);
    static QStringList allNames();

private:
    QSet<Fault> m_global;
    QHash<QString, QSet<Fault>> m_perClient;
};

} // namespace kete::sandbox
