#include "fhir/fhirclient.h"

#include "common/transportpolicy.h"
#include "fhir/sharedtokenrefresh.h"

#include <QNetworkAccessManager>

namespace kete::fhir {

namespace {

QNetworkAccessManager *sharedOrOwn(AccessTokenSource *tokens, QObject *owner)
{
    if (QNetworkAccessManager *shared = tokens ? tokens->networkAccess() : nullptr)
        return shared;
    return new QNetworkAccessManager(owner);
}

} // namespace

FhirClient::FhirClient(QUrl baseUrl, AccessTokenSource *tokens, QNetworkAccessManager *network,
                       FhirClientOptions options, QObject *parent)
    : QObject(parent)
{
    // A base without a trailing slash would lose its last segment in QUrl::resolved().
    if (!baseUrl.path().endsWith(QLatin1Char('/')))
        baseUrl.setPath(baseUrl.path() + QLatin1Char('/'));
    if (const Result<QUrl> checked = checkServerUrl(baseUrl); !checked.ok())
        m_baseUrlError = checked.error();
    m_connection =
        FhirConnection{baseUrl, network, tokens, new SharedTokenRefresh(tokens, this), options};
}

FhirClient::FhirClient(QUrl baseUrl, AccessTokenSource *tokens, FhirClientOptions options,
                       QObject *parent)
    : FhirClient(std::move(baseUrl), tokens, nullptr, options, parent)
{
    m_connection.network = sharedOrOwn(tokens, this);
}

FhirClient::~FhirClient()
{
    // Every request ends with finished(), even when the client goes first (sign-out).
    cancelAll();
}

Result<QUrl> FhirClient::checkServerUrl(const QUrl &url)
{
    if (std::optional<Error> refused = checkTransport(url))
        return *refused;
    return url;
}

FhirRequest *FhirClient::read(const QString &resourceType, const QString &id)
{
    QUrl url = m_connection.baseUrl.resolved(
        QUrl(resourceType + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(id))));
    return start(resourceType, url);
}

FhirRequest *FhirClient::search(const QString &resourceType, const SearchQuery &query)
{
    QUrl url = m_connection.baseUrl.resolved(QUrl(resourceType));
    if (!query.isEmpty())
        url.setQuery(query.toEncoded(), QUrl::StrictMode);
    return start(resourceType, url);
}

FhirRequest *FhirClient::readCapabilities()
{
    return start(QStringLiteral("CapabilityStatement"),
                 m_connection.baseUrl.resolved(QUrl(QStringLiteral("metadata"))));
}

FhirRequest *FhirClient::start(const QString &resourceType, const QUrl &url)
{
    auto *request = new FhirRequest(m_connection, resourceType, url, this);
    m_requests.append(request);
    // Connected before the caller can connect: the client has kept the capabilities and let
    // go of the request before anyone else hears of either.
    connect(request, &FhirRequest::pageReceived, this, [this](const BundlePage &page) {
        if (page.capabilities)
            m_capabilities = page.capabilities;
    });
    connect(request, &FhirRequest::recorded, this,
            [this, request](const RequestRecord &record) { onRecorded(request, record); });
    if (m_baseUrlError)
        request->refuse(*m_baseUrlError);
    else
        request->start();
    return request;
}

void FhirClient::onRecorded(FhirRequest *request, const RequestRecord &record)
{
    m_requests.removeOne(request);
    // Asked once per connection: a server without a usable CapabilityStatement is not asked again.
    if (record.resourceType == QLatin1String("CapabilityStatement") && !record.cancelled &&
        !m_capabilities)
        m_capabilities = ServerCapabilities{};
    Q_EMIT requestFinished(record);
}

void FhirClient::cancelAll()
{
    const QList<FhirRequest *> requests = m_requests;
    for (FhirRequest *request : requests)
        request->cancel();
}

} // namespace kete::fhir
