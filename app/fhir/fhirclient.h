#pragma once

#include "common/result.h"
#include "fhir/accesstokensource.h"
#include "fhir/bundle.h"
#include "fhir/searchquery.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>
#include <chrono>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace kete::fhir {

struct FhirClientOptions
{
    std::chrono::milliseconds transferTimeout{30000}; // no bytes for this long: give up
    std::chrono::milliseconds pageTimeLimit{120000};  // one page (one answer) in all, however slow
    qint64 maxPageBytes = 64 * 1024 * 1024; // one answer, as declared or as received (inflated)
    int maxPages = 2000; // a search never follows more pages (200,000 results at _count 100)
    int maxRetries = 3;  // on 429 / 503
    std::chrono::milliseconds initialBackoff{1000}; // doubled per retry without Retry-After
    std::chrono::milliseconds maxRetryDelay{30000}; // a longer Retry-After fails instead
};

// How a read or a search ended. Pages already delivered stay valid when it failed later.
struct RequestOutcome
{
    std::optional<Error> error;
    bool cancelled = false;
    int pages = 0;
    int resources = 0;
    std::optional<int> total; // Bundle.total of the first page, when the server counts
    QList<Notice> notices;    // collected from every page

    bool ok() const { return !error; }
};

// One read or search as the connection details show it: its shape, never a header or a body.
struct RequestRecord
{
    QString method; // "GET"
    QString resourceType;
    QString url;    // path and query of the first page (no scheme, host or credentials)
    int status = 0; // the last HTTP status; 0 when no HTTP answer came
    qint64 durationMs = 0;
    qint64 bytes = 0; // response bodies of every page
    int pages = 0;
    int resources = 0;
    int retries = 0;             // after 429 / 503
    bool tokenRefreshed = false; // met a 401 and resent after a refresh
    bool cancelled = false;
    QString problem; // error detail when it failed
};

class FhirClient;

// One read or search in flight; owned by the FhirClient, deleted after finished().
class FhirRequest final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FhirRequest)

public:
    QString resourceType() const { return m_resourceType; }
    bool isFinished() const { return m_finished; }
    // Aborts the network request; finished() follows with `cancelled` set.
    void cancel();

Q_SIGNALS:
    // Each page (a read gives one) as soon as it is parsed, in order.
    void pageReceived(const kete::fhir::BundlePage &page);
    void finished(const kete::fhir::RequestOutcome &outcome);

private:
    friend class FhirClient;
    FhirRequest(FhirClient *client, QString resourceType, QUrl firstUrl);

    FhirClient *m_client;
    QString m_resourceType;
    const QUrl m_firstUrl;
    QUrl m_url; // the one being fetched
    QPointer<QNetworkReply> m_reply;
    QTimer *m_retryTimer = nullptr;
    QSet<QString> m_visited;
    RequestOutcome m_outcome;
    QElapsedTimer m_elapsed;
    int m_retries = 0;
    int m_totalRetries = 0;
    int m_lastStatus = 0;
    qint64 m_bytes = 0;
    bool m_refreshed = false;
    bool m_everRefreshed = false;
    bool m_parsing = false;
    bool m_finished = false;
};

// Talks FHIR R4 JSON over HTTPS to one server on behalf of one signed-in user. Lives in the
// thread that creates it (normally the GUI thread: everything here is asynchronous and JSON is
// parsed on the thread pool). Never logs the Authorization header or a body. Never sends a
// request without an access token: with none (the sign-in has ended) a read or search ends at
// once with the error code `fhir.no-token`, and nothing goes to the server.
//
//   read/search ──▶ GET (Bearer) ──200──▶ parse off-thread ──▶ pageReceived ──next?──▶ GET ...
//                        │ 401: refresh once, resend     429/503: wait Retry-After, resend
//                        └ 403, 4xx/5xx + OperationOutcome, lost connection ──▶ finished(error)
class FhirClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FhirClient)

public:
    // `tokens` must outlive the client.
    FhirClient(QUrl baseUrl, AccessTokenSource *tokens, FhirClientOptions options = {},
               QObject *parent = nullptr);
    ~FhirClient() override;

    // The URL if Kete may send health data to it: https, or http on a loopback address.
    static Result<QUrl> checkServerUrl(const QUrl &url);

    QUrl baseUrl() const { return m_baseUrl; }

    // GET [base]/[type]/[id]
    FhirRequest *read(const QString &resourceType, const QString &id);
    // GET [base]/[type]?query, then every `next` link, as sent, until there is none.
    FhirRequest *search(const QString &resourceType, const SearchQuery &query = {});
    // GET [base]/metadata (public): the page's `capabilities`; the client keeps them.
    FhirRequest *readCapabilities();
    // What the server's CapabilityStatement said, once a readCapabilities() ended on this client
    // (empty ones when the server gave none); nullopt before. Asked once per connection.
    const std::optional<ServerCapabilities> &capabilities() const { return m_capabilities; }
    // Aborts everything in flight (patient changed, user signed out); each request emits
    // finished() with `cancelled` set. Destroying the client does the same.
    void cancelAll();
    int requestsInFlight() const { return int(m_requests.size()); }

Q_SIGNALS:
    // Each read or search once it has ended (just before its own finished()).
    void requestFinished(const kete::fhir::RequestRecord &record);

private:
    friend class FhirRequest;
    FhirRequest *start(const QString &resourceType, const QUrl &url);
    void send(FhirRequest *request);
    void onReplyFinished(FhirRequest *request, QNetworkReply *reply);
    void onPageParsed(FhirRequest *request, Result<BundlePage> page);
    void retryLater(FhirRequest *request, std::optional<std::chrono::milliseconds> retryAfter);
    void refreshThenResend(FhirRequest *request);
    void finish(FhirRequest *request, std::optional<Error> error, bool cancelled = false);
    std::optional<Error> checkNextLink(const FhirRequest *request, const QUrl &next) const;

    QUrl m_baseUrl;
    std::optional<Error> m_baseUrlError;
    std::optional<ServerCapabilities> m_capabilities;
    AccessTokenSource *m_tokens;
    FhirClientOptions m_options;
    QNetworkAccessManager *m_network;
    QList<FhirRequest *> m_requests;
    QList<QPointer<FhirRequest>> m_waitingForRefresh;
    bool m_refreshing = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

// "The provider has not shared lab results and vital signs with Kete in this sign-in..." for a
// resource type; words for a patient and a clinician alike.
QString accessDeniedMessage(const QString &resourceType);

} // namespace kete::fhir
