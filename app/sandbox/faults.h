#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>
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
};

// Which faults fire: for every client, or only for some client ids.
class FaultPlan
{
public:
    void enable(Fault fault) { m_global.insert(fault); }
    void enableFor(const QString &clientId, Fault fault) { m_perClient[clientId].insert(fault); }
    bool fires(Fault fault, const QString &clientId) const
    {
        return m_global.contains(fault) || m_perClient.value(clientId).contains(fault);
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
