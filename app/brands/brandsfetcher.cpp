#include "brands/brandsfetcher.h"

#include "common/crypto.h"
#include "common/logging.h"
#include "common/networkerror.h"
#include "common/transportpolicy.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace kete::brands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::brands", text);
}

Error tooLarge(const QUrl &url, qint64 maxBytes)
{
    return Error{tr("The provider directory at %1 is larger than %2 MB; it was not loaded.")
                     .arg(url.host())
                     .arg(maxBytes / (1024 * 1024)),
                 QStringLiteral("brands.too-large: over %1 bytes").arg(maxBytes),
                 ErrorCode::TooLarge};
}

} // namespace

BrandsFetcher::BrandsFetcher(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

BrandsFetcher::~BrandsFetcher()
{
    abort();
}

void BrandsFetcher::abort()
{
    if (QNetworkReply *reply = m_reply.data()) {
        m_reply.clear();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void BrandsFetcher::fail(Error error)
{
    abort();
    qCInfo(lcApp) << "brands fetch failed:" << error.detail;
    Q_EMIT failed(error);
}

void BrandsFetcher::fetch(const QUrl &url, const DirectoryValidators &known)
{
    abort();
    m_url = url;
    m_known = known;
    if (std::optional<Error> refused = checkTransport(url)) {
        // Reported from the event loop, like every other outcome.
        QTimer::singleShot(0, this, [this, error = *refused] { fail(error); });
        return;
    }
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(120000);
    request.setRawHeader(QByteArrayLiteral("Accept"),
                         QByteArrayLiteral("application/fhir+json, application/json"));
    if (!known.etag.isEmpty())
        request.setRawHeader(QByteArrayLiteral("If-None-Match"), known.etag);
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (length > m_maxBytes)
            fail(tooLarge(m_url, m_maxBytes));
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (received > m_maxBytes)
            fail(tooLarge(m_url, m_maxBytes));
        else
            Q_EMIT progress(received, total);
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finish(reply); });
}

void BrandsFetcher::finish(QNetworkReply *reply)
{
    if (reply != m_reply.data())
        return;
    m_reply.clear();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 304) {
        FetchedDirectory result;
        result.status = FetchedDirectory::Status::Unchanged;
        result.validators = m_known;
        qCInfo(lcApp) << "brands bundle not modified:" << loggableUrl(m_url);
        Q_EMIT fetched(result);
        return;
    }
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        Error error = networkError(*reply);
        if (status >= 300 && status < 400)
            error.code = ErrorCode::Redirected;
        fail(error);
        return;
    }
    FetchedDirectory result;
    result.bundle = reply->readAll();
    result.validators.etag = reply->rawHeader(QByteArrayLiteral("ETag"));
    result.validators.contentHash = crypto::sha256(result.bundle);
    if (!m_known.contentHash.isEmpty() && result.validators.contentHash == m_known.contentHash) {
        result.status = FetchedDirectory::Status::Unchanged;
        result.bundle.clear();
    }
    qCInfo(lcApp) << "brands bundle fetched:" << loggableUrl(m_url)
                  << (result.status == FetchedDirectory::Status::Unchanged ? "unchanged"
                                                                           : "updated");
    Q_EMIT fetched(result);
}

} // namespace kete::brands
