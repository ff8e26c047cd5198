#pragma once

#include "common/result.h"
#include "fhir/accesstokensource.h"
#include "fhir/bundle.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrl>
#include <chrono>
#include <map>
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
    int maxRestarts =
        3; // a search whose next link expired (410 / 404) starts again at most so often
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
    int throttled = 0;           // of which 429: the server's request budget was used up
    int restarts = 0;            // a next link had expired: the search began again
    bool tokenRefreshed = false; // met a 401 and resent after a refresh
    bool cancelled = false;
    QString problem; // error detail when it failed
};

class SharedTokenRefresh;

// What the requests of one FhirClient share. Everything pointed to outlives the requests.
struct FhirConnection
{
    QUrl baseUrl; // ends in '/'
    QNetworkAccessManager *network = nullptr;
    AccessTokenSource *tokens = nullptr; // may be null: every request then ends with fhir.no-token
    SharedTokenRefresh *refresh = nullptr;
    FhirClientOptions options;
};

// One read or search in flight, driving itself to its end; made by FhirClient, deleted after
// finished(). Never logs the Authorization header or a body. The next page is asked for as soon
// as a page's `next` link is seen (peekNextLink), while that page is still being parsed; pages
// are handed over in order all the same.
//
//   start ─▶ GET (Bearer) ──200──▶ parse off-thread ─▶ pageReceived ──next link?──▶ GET ...
//               │ 401: one refresh (shared), resend     429/503: wait Retry-After, resend
//               │ 410/404 on a next link (expired paging): the search again, repeats skipped
//               └ 403, 4xx/5xx + OperationOutcome, lost connection, cancel() ─▶ finished
class FhirRequest final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FhirRequest)

public:
    FhirRequest(FhirConnection connection, QString resourceType, QUrl firstUrl,
                QObject *parent = nullptr);

    QString resourceType() const { return m_resourceType; }
    bool isFinished() const { return m_finished; }
    // Sends the first GET, queued: the caller can connect to finished() first.
    void start();
    // Ends with `error`, queued, without a request to the server.
    void refuse(Error error);
    // Aborts the network request; finished() follows with `cancelled` set.
    void cancel();

Q_SIGNALS:
    // Each page (a read gives one) as soon as it is parsed, in order.
    void pageReceived(const kete::fhir::BundlePage &page);
    // The request's shape once it has ended, just before finished().
    void recorded(const kete::fhir::RequestRecord &record);
    void finished(const kete::fhir::RequestOutcome &outcome);

private:
    void send();
    void onReplyFinished(QNetworkReply *reply);
    // Asks for `next` when it may be followed; false (and nothing sent) otherwise.
    bool sendNextNow(const QUrl &next);
    void parse(const QByteArray &body, int sequence, bool nextSent);
    void deliverParsedPages();
    void onPageParsed(const Result<BundlePage> &page, bool nextSent);
    void retryLater(std::optional<std::chrono::milliseconds> retryAfter);
    void refreshThenResend();
    void restartSearch();
    void dropAlreadyDelivered(BundlePage &page);
    // Ends with `error` once the pages received before it are handed over.
    void fail(Error error);
    void finish(std::optional<Error> error, bool cancelled = false);
    std::optional<Error> checkNextLink(const QUrl &next, int pagesSoFar) const;
    QUrl resolvedNext(const QUrl &next) const;
    RequestRecord record() const;

    const FhirConnection m_connection;
    const QString m_resourceType;
    const QUrl m_firstUrl;
    QUrl m_url; // the one being fetched
    QPointer<QNetworkReply> m_reply;
    QTimer *m_retryTimer = nullptr;
    QSet<QString> m_visited;
    QSet<QString> m_deliveredIds; // "Type/id" of every resource handed over, to skip repeats
    RequestOutcome m_outcome;
    QElapsedTimer m_elapsed;
    int m_retries = 0; // for the page being fetched
    int m_totalRetries = 0;
    int m_throttled = 0;
    int m_restarts = 0;
    int m_lastStatus = 0;
    qint64 m_bytes = 0;
    // Pages fetched and parsed out of order wait here for the ones before them.
    struct ParsedPage
    {
        Result<BundlePage> page;
        bool nextSent = false; // its next link was followed before it was parsed
    };
    std::map<int, ParsedPage> m_parsed;
    int m_fetched = 0;   // answers received so far (the sequence number of the next one)
    int m_delivered = 0; // pages handed over (or failed) so far, in order
    std::optional<Error> m_pendingFailure;
    bool m_refreshed = false; // for the page being fetched
    bool m_everRefreshed = false;
    bool m_finished = false;
};

// "The provider has not shared lab results and vital signs with Kete in this sign-in..." for a
// resource type; words for a patient and a clinician alike.
QString accessDeniedMessage(const QString &resourceType);

} // namespace kete::fhir
