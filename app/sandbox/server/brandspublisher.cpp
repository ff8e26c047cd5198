#include "sandbox/server/brandspublisher.h"

#include "common/crypto.h"
#include "common/logging.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>

namespace kete::sandbox {

namespace {

// The address of the demo provider's Endpoint in the shipped directory: where
// `kete-sandbox --port 8080` listens, replaced by the running sandbox's own base.
const QByteArray shippedDemoAddress = QByteArrayLiteral("http://127.0.0.1:8080/fhir");

QByteArray header(const QHttpServerRequest &request, const QByteArray &name)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    return request.headers().value(name).toByteArray();
#else
    return request.value(name);
#endif
}

void setHeader(QHttpServerResponse &response, const QByteArray &name, const QByteArray &value)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders headers = response.headers();
    headers.replaceOrAppend(QAnyStringView(name), QAnyStringView(value));
    response.setHeaders(std::move(headers));
#else
    response.setHeader(name, value);
#endif
}

// If-None-Match: a list of entity tags, or "*" (RFC 9110 §13.1.2); weak tags compare weakly.
bool matches(const QByteArray &ifNoneMatch, const QByteArray &etag)
{
    const QList<QByteArray> tags = ifNoneMatch.split(',');
    for (QByteArray tag : tags) {
        tag = tag.trimmed();
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag == "*" || tag == etag)
            return true;
    }
    return false;
}

} // namespace

QString BrandsPublisher::path()
{
    return QStringLiteral("/brands/bundle.json");
}

QByteArray BrandsPublisher::demoBundle(const QUrl &fhirBase)
{
    QFile file(QStringLiteral(":/sandbox/brands/kete-directory.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray bundle = file.readAll();
    bundle.replace(shippedDemoAddress, fhirBase.toString(QUrl::FullyEncoded).toUtf8());
    return bundle;
}

QString BrandsPublisher::demoIdentifier()
{
    return QStringLiteral("https://demo.kete.example.org");
}

void BrandsPublisher::setBundle(QByteArray bundle)
{
    m_bundle = std::move(bundle);
    m_etag = '"' + crypto::sha256(m_bundle).toHex().left(32) + '"';
}

void BrandsPublisher::registerRoutes(QHttpServer &server)
{
    server.route(path(), QHttpServerRequest::Method::Get,
                 [this](const QHttpServerRequest &request) { return reply(request); });
}

QHttpServerResponse BrandsPublisher::reply(const QHttpServerRequest &request)
{
    if (m_sendsEtag && matches(header(request, QByteArrayLiteral("If-None-Match")), m_etag)) {
        ++m_notModified;
        QHttpServerResponse response(QHttpServerResponse::StatusCode::NotModified);
        setHeader(response, QByteArrayLiteral("ETag"), m_etag);
        return response;
    }
    ++m_full;
    QHttpServerResponse response(QByteArrayLiteral("application/fhir+json"), m_bundle);
    if (m_sendsEtag)
        setHeader(response, QByteArrayLiteral("ETag"), m_etag);
    setHeader(response, QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache"));
    setHeader(response, QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*"));
    qCDebug(lcSandbox) << "brands bundle served," << m_bundle.size() << "bytes";
    return response;
}

} // namespace kete::sandbox
