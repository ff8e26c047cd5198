#include "fhir/fhirrequest.h"

#include "common/logging.h"
#include "common/networkerror.h"
#include "fhir/nextlink.h"
#include "fhir/sharedtokenrefresh.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace kete::fhir {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::fhir", text);
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

// Every answer a FHIR request receives is bounded in size (as declared in Content-Length and as
// it arrives, inflated) and in total time: transferTimeout alone restarts on every byte, so a
// server trickling one byte a second would hold a request forever. Set on the reply, not on the
// network manager, which the whole connection shares.
void bound(QNetworkReply *reply, const FhirClientOptions &options)
{
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, reply, [reply] { stop(reply, Stopped::TooSlow); });
    deadline->start(options.pageTimeLimit);
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply,
                     [reply, max = options.maxPageBytes] {
                         bool known = false;
                         const qint64 declared =
                             reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
                         if (known && declared > max)
                             stop(reply, Stopped::TooLarge);
                     });
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply, max = options.maxPageBytes] {
        if (reply->bytesAvailable() > max)
            stop(reply, Stopped::TooLarge);
    });
}

Error stoppedError(Stopped why, const FhirClientOptions &options)
{
    if (why == Stopped::TooLarge)
        return Error{tr("The server's answer was larger than Kete accepts (%1 MB), so Kete "
                        "stopped reading it. Some records may be missing.")
                         .arg(options.maxPageBytes / (1024 * 1024)),
                     QStringLiteral("page over %1 bytes").arg(options.maxPageBytes),
                     ErrorCode::TooLarge};
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.pageTimeLimit);
    return Error{tr("The server took longer than %1 seconds to send one answer, so Kete stopped "
                    "waiting. Try again later.")
                     .arg(std::max<qint64>(1, seconds.count())),
                 QStringLiteral("page time limit of %1 ms").arg(options.pageTimeLimit.count()),
                 ErrorCode::PageTimeout};
}

ErrorCode httpErrorCode(int status)
{
    if (status == 401)
        return ErrorCode::SignInNotAccepted;
    if (status == 403)
        return ErrorCode::AccessDenied;
    if (status == 404)
        return ErrorCode::NotFound;
    if (status == 429 || status == 503)
        return ErrorCode::ServerBusy;
    if (status >= 500)
        return ErrorCode::ServerFailure;
    return ErrorCode::RequestRefused;
}

// A readable error out of an HTTP error response, using its OperationOutcome when it has one.
Error httpError(int status, const QByteArray &body, const QString &resourceType)
{
    const Result<BundlePage> parsed = parseBundlePage(body);
    QString serverText;
    if (!parsed.ok() && parsed.error().code == ErrorCode::ServerOperationOutcome)
        serverText = parsed.error().message;
    const QString detail = QStringLiteral("HTTP %1").arg(status);
    const ErrorCode code = httpErrorCode(status);
    if (status == 403)
        return Error{accessDeniedMessage(resourceType), detail, code};
    if (status == 401)
        return Error{tr("Your sign-in is no longer accepted. Sign in again."), detail, code};
    if (status == 404)
        return Error{serverText.isEmpty() ? tr("The server does not have this record.")
                                          : serverText,
                     detail, code};
    if (!serverText.isEmpty())
        return Error{serverText, detail, code};
    if (status == 429 || status == 503)
        return Error{tr("The server is busy. Try again later."), detail, code};
    if (status >= 500)
        return Error{tr("The server has a problem (error %1). Try again later.").arg(status),
                     detail, code};
    return Error{tr("The server refused the request (error %1).").arg(status), detail, code};
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

FhirRequest::FhirRequest(FhirConnection connection, QString resourceType, QUrl firstUrl,
                         QObject *parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_resourceType(std::move(resourceType))
    , m_firstUrl(firstUrl)
    , m_url(std::move(firstUrl))
{
    m_elapsed.start();
}

void FhirRequest::start()
{
    m_visited.insert(m_url.toString(QUrl::FullyEncoded));
    QTimer::singleShot(0, this, [this] { send(); });
}

void FhirRequest::refuse(Error error)
{
    QTimer::singleShot(0, this, [this, error = std::move(error)] { finish(error); });
}

void FhirRequest::cancel()
{
    if (!m_finished)
        finish(Error{tr("Cancelled."), QStringLiteral("cancelled"), ErrorCode::Cancelled}, true);
}

void FhirRequest::send()
{
    if (m_finished)
        return;
    QNetworkRequest networkRequest(m_url);
    networkRequest.setRawHeader("Accept", "application/fhir+json");
    // QNetworkAccessManager asks for gzip/deflate itself and inflates the answer.
    // Never a FHIR request without a token: a server that answers one anyway would be told
    // nothing useful, and one that does not would only answer 401 again.
    const QByteArray token =
        m_connection.tokens ? m_connection.tokens->currentToken() : QByteArray();
    if (token.isEmpty()) {
        fail(Error{tr("Kete is no longer signed in to this provider, so it asked for "
                      "nothing. Sign in again to continue."),
                   QStringLiteral("fhir.no-token"), ErrorCode::NotSignedIn});
        return;
    }
    networkRequest.setRawHeader("Authorization", "Bearer " + token);
    networkRequest.setTransferTimeout(int(m_connection.options.transferTimeout.count()));
    networkRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                                QNetworkRequest::AlwaysNetwork);
    // Never follow a redirect to another origin: it would carry the bearer token there. Set
    // per request, as the network manager is shared with the rest of the connection.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::SameOriginRedirectPolicy);
    QNetworkReply *reply = m_connection.network->get(networkRequest);
    bound(reply, m_connection.options);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
}

void FhirRequest::onReplyFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_finished || m_reply != reply)
        return;
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    m_lastStatus = status;
    qCInfo(lcFhir).nospace() << "GET " << loggableUrl(reply->url()) << " -> " << status << " ("
                             << error << ", " << m_elapsed.elapsed() << " ms)";

    if (const QVariant stopped = reply->property(kStoppedProperty); stopped.isValid()) {
        fail(stoppedError(Stopped(stopped.toInt()), m_connection.options));
        return;
    }
    if (status == 0 || (error != QNetworkReply::NoError && status < 400)) {
        // No HTTP answer at all: lost connection, timeout, TLS failure, refused connection.
        fail(networkError(*reply));
        return;
    }
    if (status == 401 && !m_refreshed && m_connection.refresh &&
        m_connection.refresh->canRefresh()) {
        refreshThenResend();
        return;
    }
    if (status == 429 || status == 503) {
        if (status == 429)
            ++m_throttled;
        retryLater(parseRetryAfter(reply->rawHeader("Retry-After")));
        return;
    }
    // Servers that keep a search's pages for a while only (HAPI FHIR) answer an old next link
    // with 410 Gone or 404: the only way on is the search again.
    const bool nextLinkExpired = (status == 410 || status == 404) && m_url != m_firstUrl;
    if (nextLinkExpired && m_restarts < m_connection.options.maxRestarts) {
        restartSearch();
        return;
    }
    const QByteArray body = reply->readAll();
    m_bytes += body.size();
    if (status >= 300) {
        fail(httpError(status, body, m_resourceType));
        return;
    }
    const int sequence = m_fetched++;
    // The next page travels while this one is parsed; when the link cannot be seen this way,
    // or pages wait for the parser already, the parsed page decides as before. One page ahead
    // at most, so that a receiver that stops (a capped search) stops the server too, and the
    // pages waiting in memory stay few.
    const bool parserIdle = m_delivered == sequence;
    const QUrl peeked = parserIdle ? resolvedNext(peekNextLink(body)) : QUrl();
    const bool nextSent = !peeked.isEmpty() && sendNextNow(peeked);
    parse(body, sequence, nextSent);
}

QUrl FhirRequest::resolvedNext(const QUrl &next) const
{
    // Absolute as FHIR requires; a relative link is taken relative to the server's base.
    return next.isRelative() && !next.isEmpty() ? m_connection.baseUrl.resolved(next) : next;
}

bool FhirRequest::sendNextNow(const QUrl &next)
{
    if (checkNextLink(next, m_fetched))
        return false;
    m_visited.insert(next.toString(QUrl::FullyEncoded));
    m_url = next;
    m_retries = 0;
    m_refreshed = false;
    send();
    return true;
}

void FhirRequest::parse(const QByteArray &body, int sequence, bool nextSent)
{
    auto *watcher = new QFutureWatcher<Result<BundlePage>>(this);
    connect(watcher, &QFutureWatcher<Result<BundlePage>>::finished, this,
            [this, watcher, sequence, nextSent] {
                watcher->deleteLater();
                if (m_finished)
                    return;
                m_parsed.emplace(sequence, ParsedPage{watcher->result(), nextSent});
                deliverParsedPages();
            });
    watcher->setFuture(QtConcurrent::run([body] { return parseBundlePage(body); }));
}

void FhirRequest::restartSearch()
{
    ++m_restarts;
    qCInfo(lcFhir) << "next link expired; searching again from" << loggableUrl(m_firstUrl);
    m_visited.clear();
    m_visited.insert(m_firstUrl.toString(QUrl::FullyEncoded));
    m_url = m_firstUrl;
    m_retries = 0;
    m_refreshed = false;
    send();
}

namespace {

template<typename Resource>
void dropRepeats(QList<Resource> &resources, const QString &type, QSet<QString> &delivered)
{
    resources.removeIf([&](const Resource &resource) {
        if (resource.id.isEmpty())
            return false;
        const QString key = type + QLatin1Char('/') + resource.id;
        if (delivered.contains(key))
            return true;
        delivered.insert(key);
        return false;
    });
}

} // namespace

// A search that began again (restartSearch) sends what was delivered already; a server that
// pages by offset may also repeat an entry when the matches change between pages.
void FhirRequest::dropAlreadyDelivered(BundlePage &page)
{
    dropRepeats(page.patients, QStringLiteral("Patient"), m_deliveredIds);
    dropRepeats(page.observations, QStringLiteral("Observation"), m_deliveredIds);
    dropRepeats(page.conditions, QStringLiteral("Condition"), m_deliveredIds);
    dropRepeats(page.reports, QStringLiteral("DiagnosticReport"), m_deliveredIds);
    dropRepeats(page.practitioners, QStringLiteral("Practitioner"), m_deliveredIds);
    dropRepeats(page.organizations, QStringLiteral("Organization"), m_deliveredIds);
}

void FhirRequest::deliverParsedPages()
{
    for (auto found = m_parsed.find(m_delivered); found != m_parsed.end() && !m_finished;
         found = m_parsed.find(m_delivered)) {
        const ParsedPage parsed = std::move(found->second);
        m_parsed.erase(found);
        ++m_delivered;
        onPageParsed(parsed.page, parsed.nextSent);
    }
    if (m_pendingFailure && !m_finished && m_delivered == m_fetched)
        finish(std::exchange(m_pendingFailure, std::nullopt));
}

void FhirRequest::onPageParsed(const Result<BundlePage> &parsed, bool nextSent)
{
    if (!parsed.ok()) {
        finish(parsed.error());
        return;
    }
    BundlePage page = parsed.value();
    dropAlreadyDelivered(page);
    if (m_outcome.pages == 0)
        m_outcome.total = page.total;
    ++m_outcome.pages;
    m_outcome.resources += page.resourceCount();
    m_outcome.notices.append(page.notices);
    if (page.unreadableResources > 0)
        qCWarning(lcFhir) << page.unreadableResources
                          << "unreadable entries, first:" << page.unreadableDetails.value(0);
    const QUrl next = resolvedNext(page.next);
    Q_EMIT pageReceived(page);
    if (m_finished) // a receiver cancelled
        return;
    if (nextSent) // already on its way
        return;
    if (next.isEmpty()) {
        finish(std::nullopt);
        return;
    }
    if (const std::optional<Error> refused = checkNextLink(next, m_outcome.pages)) {
        finish(refused);
        return;
    }
    sendNextNow(next);
}

std::optional<Error> FhirRequest::checkNextLink(const QUrl &next, int pagesSoFar) const
{
    const QString incomplete = tr("Kete stopped loading more pages from the server; some "
                                  "records may be missing.");
    if (!next.isValid() || !sameOrigin(next, m_connection.baseUrl))
        return Error{
            incomplete,
            QStringLiteral("next link refused: another origin (%1)").arg(loggableUrl(next)),
            ErrorCode::NextLinkRefused};
    if (m_visited.contains(next.toString(QUrl::FullyEncoded)))
        return Error{incomplete, QStringLiteral("next link refused: already fetched"),
                     ErrorCode::NextLinkRefused};
    if (pagesSoFar >= m_connection.options.maxPages)
        return Error{
            incomplete,
            QStringLiteral("next link refused: page limit %1").arg(m_connection.options.maxPages),
            ErrorCode::NextLinkRefused};
    return std::nullopt;
}

void FhirRequest::retryLater(std::optional<std::chrono::milliseconds> retryAfter)
{
    const FhirClientOptions &options = m_connection.options;
    if (m_retries >= options.maxRetries) {
        fail(Error{tr("The server is busy. Try again later."),
                   QStringLiteral("gave up after %1 retries").arg(m_retries),
                   ErrorCode::ServerBusy});
        return;
    }
    const std::chrono::milliseconds delay =
        retryAfter.value_or(options.initialBackoff * (1 << m_retries));
    if (delay > options.maxRetryDelay) {
        fail(Error{tr("The server is busy. Try again later."),
                   QStringLiteral("Retry-After of %1 ms is too long").arg(delay.count()),
                   ErrorCode::ServerBusy});
        return;
    }
    ++m_retries;
    ++m_totalRetries;
    qCInfo(lcFhir) << "retrying" << loggableUrl(m_url) << "in" << delay.count() << "ms";
    if (!m_retryTimer) {
        m_retryTimer = new QTimer(this);
        m_retryTimer->setSingleShot(true);
        connect(m_retryTimer, &QTimer::timeout, this, &FhirRequest::send);
    }
    m_retryTimer->start(delay);
}

void FhirRequest::refreshThenResend()
{
    m_refreshed = true;
    m_everRefreshed = true;
    m_connection.refresh->refresh(this, [this](bool ok) {
        if (m_finished)
            return;
        if (ok)
            send();
        else
            fail(Error{tr("Your sign-in has expired. Sign in again."),
                       QStringLiteral("token refresh failed"), ErrorCode::SignInNotAccepted});
    });
}

void FhirRequest::fail(Error error)
{
    // Pages received before the failure still being parsed are handed over first.
    if (m_delivered < m_fetched) {
        m_pendingFailure = std::move(error);
        return;
    }
    finish(std::move(error));
}

void FhirRequest::finish(std::optional<Error> error, bool cancelled)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_retryTimer)
        m_retryTimer->stop();
    if (QNetworkReply *reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_outcome.error = std::move(error);
    m_outcome.cancelled = cancelled;
    if (m_outcome.error && !cancelled)
        qCWarning(lcFhir) << m_resourceType << "request failed:" << m_outcome.error->detail;
    Q_EMIT recorded(record());
    Q_EMIT finished(m_outcome);
    deleteLater();
}

RequestRecord FhirRequest::record() const
{
    RequestRecord record;
    record.method = QStringLiteral("GET");
    record.resourceType = m_resourceType;
    record.url =
        m_firstUrl.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    record.status = m_lastStatus;
    record.durationMs = m_elapsed.elapsed();
    record.bytes = m_bytes;
    record.pages = m_outcome.pages;
    record.resources = m_outcome.resources;
    record.retries = m_totalRetries;
    record.throttled = m_throttled;
    record.restarts = m_restarts;
    record.tokenRefreshed = m_everRefreshed;
    record.cancelled = m_outcome.cancelled;
    if (m_outcome.error && !m_outcome.cancelled)
        record.problem = m_outcome.error->detail;
    return record;
}

} // namespace kete::fhir
