#pragma once

#include "sandbox/data/resourcestore.h"
#include "sandbox/faults.h"
#include "sandbox/fhirapi/capabilitystatement.h"
#include "sandbox/fhirapi/entrycache.h"
#include "sandbox/fhirapi/httpreply.h"
#include "sandbox/fhirapi/searchcache.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <atomic>
#include <chrono>
#include <optional>

class QHttpServer;
class QUrlQuery;

namespace kete::sandbox {

class TokenStore;
struct AccessGrant;

// One request to the FHIR API, as the HTTP layer hands it over.
struct FhirRequest
{
    QByteArray method;            // "GET", "POST", ...
    QStringList path;             // segments below the base: {"Observation"}, {"Patient", "x"}
    QList<SearchParameter> query; // URL query, decoded
    QList<SearchParameter> form;  // form body of POST _search, decoded
    QByteArray authorization;     // the Authorization header as sent
    QUrl url;                     // the request URL, for Bundle.link self
};

// A URL query or form body as FhirRequest::query / form hold it: every item, fully decoded.
QList<SearchParameter> queryParameters(const QUrlQuery &query);

// How the HTTP layer must deliver a reply (resource-server faults).
enum class Delivery
{
    Now,
    Delayed, // Fault::SlowResponses
    CutOff,  // Fault::DropConnection: headers and half the body, then the socket closes
};

struct FhirResponse
{
    HttpReply reply;
    Delivery delivery = Delivery::Now;
};

// How many requests the FHIR API has answered since it started (or since the last reset).
struct RequestCounts
{
    qint64 fhirRequests = 0; // every request under the base path, refused ones included
    qint64 searches = 0;     // searchset Bundles that are a search's first page
    qint64 pages = 0;        // every searchset Bundle: first pages and next links
};

// The sandbox's FHIR R4 resource server, strict where the SMART specification allows it to be:
//  - every request but /metadata needs a bearer token that TokenStore knows, that has not
//    expired or been revoked, and whose audience is this server's base: else 401 invalid_token;
//  - the token's scopes must cover the type and the interaction (read / search, v2 ?param=
//    restrictions included): else 403 insufficient_scope;
//  - a patient-level scope confines the request to the token's patient: reading another
//    patient's resource by id answers 404 (as if it did not exist, so ids cannot be probed);
//    searching with patient=<other> answers 403; a search without patient is restricted to the
//    token's patient. Next links are ordinary search URLs, so a crafted one meets the same checks.
//  - search results come as searchset Bundles paged by offset (_count default 50, max 1000);
//    the store's order is stable, so every match appears exactly once across pages.
// Routes live under the base URL's path ("/fhir"). Faults from the FaultPlan fire per client id.
class FhirApi final
{
public:
    static constexpr int defaultCount = 50;
    static constexpr int maxCount = 1000;
    static constexpr int retryAfterSeconds = 1;
    static constexpr int slowResponseMs = 1500;
    // Fault::SmallPages
    static constexpr int smallDefaultCount = 50;
    static constexpr int smallMaxCount = 200;
    // Fault::ExpiringPageLinks: how long a search's next links work.
    static constexpr std::chrono::seconds pageLinkLifetime{300};
    // Fault::RateLimit: requests each client may make per window.
    static constexpr int rateLimitBudget = 6;
    static constexpr std::chrono::seconds rateLimitWindow{2};

    FhirApi(const ResourceStore &store, TokenStore &tokens, const FaultPlan &faults,
            QString basePath = QStringLiteral("/fhir"));
    Q_DISABLE_COPY_MOVE(FhirApi)

    // Known once the server listens: `http://127.0.0.1:PORT/fhir`. Tokens must carry it as aud.
    void setBaseUrl(const QUrl &base);
    QUrl baseUrl() const;
    void setOAuthEndpoints(const OAuthEndpoints &endpoints);
    // The provider this server plays, named in the CapabilityStatement's implementation.
    void setOrganisationName(const QString &name);

    void registerRoutes(QHttpServer &server);

    // The request logic without HTTP (the routes call it).
    FhirResponse handle(const FhirRequest &request);

    // Whatever changes the store calls this before the next request, so that it sees the change.
    void storeChanged();
    static bool serves(const QString &type);

    RequestCounts requestCounts() const;
    void resetRequestCounts();

private:
    FhirResponse search(const FhirRequest &request, const AccessGrant &grant, const QString &type,
                        QList<SearchParameter> parameters);
    FhirResponse read(const AccessGrant &grant, const QString &type, const QString &id);
    QUrl searchUrl(const QString &type, const QList<SearchParameter> &parameters) const;
    QString fullUrl(const QJsonObject &resource) const;
    // Whether a token's aud names this server (a trailing slash either way tolerated).
    bool audienceIsThisServer(const QString &audience) const;

    // Per-client fault bookkeeping; handle() may run on several threads.
    bool firesOnce(Fault fault, const QString &clientId);
    int nextSearchNumber(const QString &clientId);
    // Fault::RateLimit: nullopt while the client is within its budget, else the 429 to send.
    std::optional<FhirResponse> overBudget(const QString &clientId);
    // Fault::ExpiringPageLinks: a new paging id, and whether a presented one still works.
    QString newPageSet(const QString &clientId);
    bool pageSetAlive(const QString &id, const QString &clientId);

    const ResourceStore &m_store;
    TokenStore &m_tokens;
    const FaultPlan &m_faults;
    const QString m_basePath;
    QUrl m_base;
    QString m_baseString; // m_base, FullyEncoded
    OAuthEndpoints m_oauth;
    QString m_organisationName;

    SearchCache m_searchCache;
    EntryCache m_entryCache;   // search entries (fullUrl, resource, search.mode)
    EntryCache m_resourceJson; // resources as a read by id answers them
    QMutex m_faultMutex;
    QHash<QString, QSet<Fault>> m_firedOnce;
    QHash<QString, int> m_searchCount;
    struct RateWindow
    {
        QDateTime start;
        int used = 0;
    };
    QHash<QString, RateWindow> m_rateWindows;
    struct PageSet
    {
        QString clientId;
        QDateTime created;
    };
    QHash<QString, PageSet> m_pageSets;

    std::atomic<qint64> m_requests{0};
    std::atomic<qint64> m_firstPages{0};
    std::atomic<qint64> m_pages{0};
};

} // namespace kete::sandbox
