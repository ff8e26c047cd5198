#include "fhir/fhirclient.h"

#include "common/logging.h"
#include "common/networkerror.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

using namespace std::chrono_literals;

namespace kete::fhir {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::fhir", text);
}

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto defaultPort = [](const QUrl &u) {
        return u.port(u.scheme() == QLatin1String("https") ? 443 : 80);
    };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && defaultPort(a) == defaultPort(b);
}

std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &header)
{
    const QByteArray value = header.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = value.toLongLong(&ok);
    if (ok)
        return std::chrono::milliseconds(std::max<qint64>(0, seconds) * 1000);
    // An HTTP-date (RFC 9110 IMF-fixdate) ends in "GMT", which Qt's RFC 2822 parser refuses.
    QString date = QString::fromLatin1(value);
    if (date.endsWith(QLatin1String(" GMT")))
        date = date.chopped(4) + QLatin1String(" +0000");
    const QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
    if (when.isValid())
        return std::chrono::milliseconds(
            std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when)));
    return std::nullopt;
}

QString networkErrorMessage(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ProxyConnectionClosedError:
        return tr("The connection to the server was lost before the answer was complete.");
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::UnknownNetworkError:
        return tr("Kete could not reach the server. Check your internet connection.");
    case QNetworkReply::SslHandshakeFailedError:
        return tr("The server's security certificate was not accepted, so Kete did not connect.");
    case QNetworkReply::InsecureRedirectError:
        // Another origin (or https to http): never followed, it would carry the token there.
        return tr("The server sent Kete to another address, so Kete stopped: it does not send "
                  "your sign-in to another server.");
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return tr("The server did not answer in time. Try again later.");
    case QNetworkReply::TooManyRedirectsError:
        return tr("The server sent Kete in circles.");
    default:
        return tr("The request to the server failed.");
    }
}

// Why a reply was stopped before its end, kept on the reply as a property.
constexpr char kStoppedProperty[] = "kete_stopped";
enum class Stopped
{
    TooLarge = 1,
    TooSlow
};

void stop(QNetworkReply *reply, Stopped why)
{
    if (reply->property(kStoppedProperty).isValid() || reply->isFinished())
        return;
    reply->setProperty(kStoppedProperty, int(why));
    reply->abort();
}

// Every answer the FHIR client receives is bounded in size (as declared in Content-Length and
// as it arrives, inflated) and in total time: transferTimeout alone restarts on every byte, so a
// server trickling one byte a second would hold a request forever.
class BoundedNetworkAccessManager final : public QNetworkAccessManager
{
public:
    BoundedNetworkAccessManager(const FhirClientOptions &options, QObject *parent)
        : QNetworkAccessManager(parent)
        , m_maxBytes(options.maxPageBytes)
        , m_timeLimit(options.pageTimeLimit)
    {}

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override
    {
        QNetworkReply *reply =
            QNetworkAccessManager::createRequest(operation, request, outgoingData);
        auto *deadline = new QTimer(reply);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, reply, [reply] { stop(reply, Stopped::TooSlow); });
        deadline->start(m_timeLimit);
        connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, max = m_maxBytes] {
            bool known = false;
            const qint64 declared =
                reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
            if (known && declared > max)
                stop(reply, Stopped::TooLarge);
        });
        connect(reply, &QNetworkReply::readyRead, reply, [reply, max = m_maxBytes] {
            if (reply->bytesAvailable() > max)
                stop(reply, Stopped::TooLarge);
        });
        return reply;
    }

private:
    const qint64 m_maxBytes;
    const std::chrono::milliseconds m_timeLimit;
};

Error stoppedError(Stopped why, const FhirClientOptions &options)
{
    if (why == Stopped::TooLarge)
        return Error{tr("The server's answer was larger than Kete accepts (%1 MB), so Kete "
                        "stopped reading it. Some records may be missing.")
                         .arg(options.maxPageBytes / (1024 * 1024)),
                     QStringLiteral("page over %1 bytes").arg(options.maxPageBytes)};
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.pageTimeLimit);
    return Error{tr("The server took longer than %1 seconds to send one answer, so Kete stopped "
                    "waiting. Try again later.")
                     .arg(std::max<qint64>(1, seconds.count())),
                 QStringLiteral("page time limit of %1 ms").arg(options.pageTimeLimit.count())};
}

// A readable error out of an HTTP error response, using its OperationOutcome when it has one.
Error httpError(int status, const QByteArray &body, const QString &resourceType)
{
    const Result<BundlePage> parsed = parseBundlePage(body);
    QString serverText;
    if (!parsed.ok() && parsed.error().detail.startsWith(QLatin1String("OperationOutcome")))
        serverText = parsed.error().message;
    const QString detail = QStringLiteral("HTTP %1").arg(status);
    if (status == 403)
        return Error{accessDeniedMessage(resourceType), detail};
    if (status == 401)
        return Error{tr("Your sign-in is no longer accepted. Sign in again."), detail};
    if (status == 404)
        return Error{serverText.isEmpty() ? tr("The server does not have this record.")
                                          : serverText,
                     detail};
    if (!serverText.isEmpty())
        return Error{serverText, detail};
    if (status == 429 || status == 503)
        return Error{tr("The server is busy. Try again later."), detail};
    if (status >= 500)
        return Error{tr("The server has a problem (error %1). Try again later.").arg(status),
                     detail};
    return Error{tr("The server refused the request (error %1).").arg(status), detail};
}

} // namespace

QString accessDeniedMessage(const QString &resourceType)
{
    QString what;
    if (resourceType == QLatin1String("Observation"))
        what = tr("lab results and vital signs");
    else if (resourceType == QLatin1String("Condition"))
        what = tr("conditions");
    else if (resourceType == QLatin1String("DiagnosticReport"))
        what = tr("lab reports");
    else if (resourceType == QLatin1String("Patient"))
        what = tr("personal details");
    else
        what = tr("records of this kind");
    return QCoreApplication::translate("kete::fhir",
                                       "The provider has not shared %1 with Kete in this "
                                       "sign-in. It can be allowed at the next sign-in.")
        .arg(what);
}

FhirRequest::FhirRequest(FhirClient *client, QString resourceType, QUrl firstUrl)
    : QObject(client)
    , m_client(client)
    , m_resourceType(std::move(resourceType))
    , m_firstUrl(firstUrl)
    , m_url(std::move(firstUrl))
{
    m_elapsed.start();
}

void FhirRequest::cancel()
{
    if (!m_finished)
        m_client->finish(this, Error{tr("Cancelled."), QStringLiteral("cancelled")}, true);
}

FhirClient::FhirClient(QUrl baseUrl, AccessTokenSource *tokens, FhirClientOptions options,
                       QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
    , m_options(options)
    , m_network(new BoundedNetworkAccessManager(options, this))
{
    // A base without a trailing slash would lose its last segment in QUrl::resolved().
    if (!baseUrl.path().endsWith(QLatin1Char('/')))
        baseUrl.setPath(baseUrl.path() + QLatin1Char('/'));
    m_baseUrl = baseUrl;
    if (const Result<QUrl> checked = checkServerUrl(baseUrl); !checked.ok())
        m_baseUrlError = checked.error();
    // Never follow a redirect to another origin: it would carry the bearer token there.
    m_network->setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
}

FhirClient::~FhirClient()
{
    // Every request ends with finished(), even when the client goes first (sign-out).
    cancelAll();
}

Result<QUrl> FhirClient::checkServerUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return Error{tr("The server address is not valid."), QStringLiteral("invalid URL")};
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return url;
    if (scheme == QLatin1String("http") && isLoopback(url))
        return url;
    return Error{tr("Kete only connects to health records over a secure (https) connection."),
                 QStringLiteral("refused scheme %1 for %2").arg(scheme, url.host())};
}

FhirRequest *FhirClient::read(const QString &resourceType, const QString &id)
{
    QUrl url = m_baseUrl.resolved(
        QUrl(resourceType + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(id))));
    return start(resourceType, url);
}

FhirRequest *FhirClient::search(const QString &resourceType, const SearchQuery &query)
{
    QUrl url = m_baseUrl.resolved(QUrl(resourceType));
    if (!query.isEmpty())
        url.setQuery(query.toEncoded(), QUrl::StrictMode);
    return start(resourceType, url);
}

FhirRequest *FhirClient::readCapabilities()
{
    return start(QStringLiteral("CapabilityStatement"),
                 m_baseUrl.resolved(QUrl(QStringLiteral("metadata"))));
}

FhirRequest *FhirClient::start(const QString &resourceType, const QUrl &url)
{
    auto *request = new FhirRequest(this, resourceType, url);
    m_requests.append(request);
    if (m_baseUrlError) {
        // Queued, so the caller can connect to finished() first.
        QTimer::singleShot(0, request, [this, request] { finish(request, m_baseUrlError); });
        return request;
    }
    request->m_visited.insert(url.toString(QUrl::FullyEncoded));
    QTimer::singleShot(0, request, [this, request] { send(request); });
    return request;
}

void FhirClient::send(FhirRequest *request)
{
    if (request->m_finished)
        return;
    QNetworkRequest networkRequest(request->m_url);
    networkRequest.setRawHeader("Accept", "application/fhir+json");
    // QNetworkAccessManager asks for gzip/deflate itself and inflates the answer.
    // Never a FHIR request without a token: a server that answers one anyway would be told
    // nothing useful, and one that does not would only answer 401 again.
    const QByteArray token = m_tokens ? m_tokens->currentToken() : QByteArray();
    if (token.isEmpty()) {
        finish(request, Error{tr("Kete is no longer signed in to this provider, so it asked for "
                                 "nothing. Sign in again to continue."),
                              QStringLiteral("fhir.no-token")});
        return;
    }
    networkRequest.setRawHeader("Authorization", "Bearer " + token);
    networkRequest.setTransferTimeout(int(m_options.transferTimeout.count()));
    networkRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                                QNetworkRequest::AlwaysNetwork);
    QNetworkReply *reply = m_network->get(networkRequest);
    request->m_reply = reply;
    connect(reply, &QNetworkReply::finished, this,
            [this, request, reply] { onReplyFinished(request, reply); });
}

void FhirClient::onReplyFinished(FhirRequest *request, QNetworkReply *reply)
{
    reply->deleteLater();
    if (request->m_finished || request->m_reply != reply)
        return;
    request->m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = reply->error();
    request->m_lastStatus = status;
    qCInfo(lcFhir).nospace() << "GET " << loggableUrl(reply->url()) << " -> " << status << " ("
                             << networkError << ", " << request->m_elapsed.elapsed() << " ms)";

    if (const QVariant stopped = reply->property(kStoppedProperty); stopped.isValid()) {
        finish(request, stoppedError(Stopped(stopped.toInt()), m_options));
        return;
    }
    if (status == 0 || (networkError != QNetworkReply::NoError && status < 400)) {
        // No HTTP answer at all: lost connection, timeout, TLS failure, refused connection.
        finish(request, Error{networkErrorMessage(networkError), networkErrorDetail(networkError)});
        return;
    }
    if (status == 401 && !request->m_refreshed && m_tokens) {
        refreshThenResend(request);
        return;
    }
    if (status == 429 || status == 503) {
        retryLater(request, parseRetryAfter(reply->rawHeader("Retry-After")));
        return;
    }
    const QByteArray body = reply->readAll();
    request->m_bytes += body.size();
    if (status >= 300) {
        finish(request, httpError(status, body, request->m_resourceType));
        return;
    }

    request->m_parsing = true;
    auto *watcher = new QFutureWatcher<Result<BundlePage>>(request);
    connect(watcher, &QFutureWatcher<Result<BundlePage>>::finished, this, [this, request, watcher] {
        watcher->deleteLater();
        request->m_parsing = false;
        if (!request->m_finished)
            onPageParsed(request, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([body] { return parseBundlePage(body); }));
}

void FhirClient::onPageParsed(FhirRequest *request, Result<BundlePage> parsed)
{
    if (!parsed.ok()) {
        finish(request, parsed.error());
        return;
    }
    const BundlePage &page = parsed.value();
    if (page.capabilities)
        m_capabilities = page.capabilities;
    RequestOutcome &outcome = request->m_outcome;
    if (outcome.pages == 0)
        outcome.total = page.total;
    ++outcome.pages;
    outcome.resources += page.resourceCount();
    outcome.notices.append(page.notices);
    if (page.unreadableResources > 0)
        qCWarning(lcFhir) << page.unreadableResources
                          << "unreadable entries, first:" << page.unreadableDetails.value(0);
    // Absolute as FHIR requires; a relative link is taken relative to the server's base.
    const QUrl next =
        page.next.isRelative() && !page.next.isEmpty() ? m_baseUrl.resolved(page.next) : page.next;
    Q_EMIT request->pageReceived(page);
    if (request->m_finished) // a receiver cancelled
        return;
    if (next.isEmpty()) {
        finish(request, std::nullopt);
        return;
    }
    if (const std::optional<Error> refused = checkNextLink(request, next)) {
        finish(request, refused);
        return;
    }
    request->m_visited.insert(next.toString(QUrl::FullyEncoded));
    request->m_url = next;
    request->m_retries = 0;
    request->m_refreshed = false;
    send(request);
}

std::optional<Error> FhirClient::checkNextLink(const FhirRequest *request, const QUrl &next) const
{
    const QString incomplete = tr("Kete stopped loading more pages from the server; some "
                                  "records may be missing.");
    if (!next.isValid() || !sameOrigin(next, m_baseUrl))
        return Error{
            incomplete,
            QStringLiteral("next link refused: another origin (%1)").arg(loggableUrl(next))};
    if (request->m_visited.contains(next.toString(QUrl::FullyEncoded)))
        return Error{incomplete, QStringLiteral("next link refused: already fetched")};
    if (request->m_outcome.pages >= m_options.maxPages)
        return Error{incomplete,
                     QStringLiteral("next link refused: page limit %1").arg(m_options.maxPages)};
    return std::nullopt;
}

void FhirClient::retryLater(FhirRequest *request,
                            std::optional<std::chrono::milliseconds> retryAfter)
{
    if (request->m_retries >= m_options.maxRetries) {
        finish(request, Error{tr("The server is busy. Try again later."),
                              QStringLiteral("gave up after %1 retries").arg(request->m_retries)});
        return;
    }
    const std::chrono::milliseconds delay =
        retryAfter.value_or(m_options.initialBackoff * (1 << request->m_retries));
    if (delay > m_options.maxRetryDelay) {
        finish(request,
               Error{tr("The server is busy. Try again later."),
                     QStringLiteral("Retry-After of %1 ms is too long").arg(delay.count())});
        return;
    }
    ++request->m_retries;
    ++request->m_totalRetries;
    qCInfo(lcFhir) << "retrying" << loggableUrl(request->m_url) << "in" << delay.count() << "ms";
    if (!request->m_retryTimer) {
        request->m_retryTimer = new QTimer(request);
        request->m_retryTimer->setSingleShot(true);
        connect(request->m_retryTimer, &QTimer::timeout, this, [this, request] { send(request); });
    }
    request->m_retryTimer->start(delay);
}

void FhirClient::refreshThenResend(FhirRequest *request)
{
    request->m_refreshed = true;
    request->m_everRefreshed = true;
    m_waitingForRefresh.append(request);
    if (m_refreshing)
        return; // one refresh serves every request that met the 401
    m_refreshing = true;
    qCInfo(lcFhir) << "access token refused; refreshing";
    std::weak_ptr<bool> alive = m_alive;
    m_tokens->refresh([this, alive](const Result<QByteArray> &token) {
        if (alive.expired())
            return;
        // Not from inside the token source's callback: it may still be finishing its own job.
        QTimer::singleShot(0, this, [this, ok = token.ok()] {
            m_refreshing = false;
            const QList<QPointer<FhirRequest>> waiting = std::exchange(m_waitingForRefresh, {});
            for (const QPointer<FhirRequest> &r : waiting) {
                if (!r || r->m_finished)
                    continue;
                if (ok)
                    send(r);
                else
                    finish(r, Error{tr("Your sign-in has expired. Sign in again."),
                                    QStringLiteral("token refresh failed")});
            }
        });
    });
}

void FhirClient::finish(FhirRequest *request, std::optional<Error> error, bool cancelled)
{
    if (request->m_finished)
        return;
    request->m_finished = true;
    if (request->m_retryTimer)
        request->m_retryTimer->stop();
    if (QNetworkReply *reply = request->m_reply) {
        request->m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_requests.removeOne(request);
    // Asked once per connection: a server without a usable CapabilityStatement is not asked again.
    if (request->m_resourceType == QLatin1String("CapabilityStatement") && !cancelled &&
        !m_capabilities)
        m_capabilities = ServerCapabilities{};
    request->m_outcome.error = std::move(error);
    request->m_outcome.cancelled = cancelled;
    if (request->m_outcome.error && !cancelled)
        qCWarning(lcFhir) << request->m_resourceType
                          << "request failed:" << request->m_outcome.error->detail;
    RequestRecord record;
    record.method = QStringLiteral("GET");
    record.resourceType = request->m_resourceType;
    record.url = request->m_firstUrl.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority |
                                              QUrl::RemoveFragment);
    record.status = request->m_lastStatus;
    record.durationMs = request->m_elapsed.elapsed();
    record.bytes = request->m_bytes;
    record.pages = request->m_outcome.pages;
    record.resources = request->m_outcome.resources;
    record.retries = request->m_totalRetries;
    record.tokenRefreshed = request->m_everRefreshed;
    record.cancelled = cancelled;
    if (request->m_outcome.error && !cancelled)
        record.problem = request->m_outcome.error->detail;
    Q_EMIT requestFinished(record);
    Q_EMIT request->finished(request->m_outcome);
    request->deleteLater();
}

void FhirClient::cancelAll()
{
    const QList<FhirRequest *> requests = m_requests;
    for (FhirRequest *request : requests)
        request->cancel();
}

} // namespace kete::fhir
