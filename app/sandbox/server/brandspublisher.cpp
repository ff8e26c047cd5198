#include "sandbox/server/brandspublisher.h"

#include "common/crypto.h"
#include "common/logging.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

// Kete City Hospital as a User-access Brand (SMART 2.2): an Organization and its Endpoint.
QList<QJsonObject> hospitalEntries(const QUrl &fhirBase)
{
    const QString endpointId = QStringLiteral("6d1b8f94-2e3a-4c5d-9e8f-0a1b2c3d4e04");
    const QString endpointUrn = QStringLiteral("urn:uuid:") + endpointId;
    const QString website = BrandsPublisher::hospitalIdentifier();
    const QString name = QStringLiteral("Kete City Hospital");
    const QJsonObject endpointReference{{QStringLiteral("reference"), endpointUrn}};
    const auto valued = [](const char *url, const char *key, const QJsonValue &value) {
        return QJsonObject{{QStringLiteral("url"), QString::fromLatin1(url)},
                           {QString::fromLatin1(key), value}};
    };
    const QJsonObject portal{
        {QStringLiteral("url"),
         QStringLiteral("http://hl7.org/fhir/StructureDefinition/organization-portal")},
        {QStringLiteral("extension"),
         QJsonArray{
             valued("portalName", "valueString", QStringLiteral("Kete City Hospital Portal")),
             valued("portalDescription", "valueMarkdown",
                    QStringLiteral("The sandbox's second demonstration provider: the same "
                                   "made-up patients as the hospital knows them; password "
                                   "*demo*.")),
             valued("portalUrl", "valueUrl", QString(website + QStringLiteral("/portal"))),
             valued("portalEndpoint", "valueReference", endpointReference)}}};
    const QJsonObject organization{
        {QStringLiteral("resourceType"), QStringLiteral("Organization")},
        {QStringLiteral("id"), QStringLiteral("kete-city-hospital")},
        {QStringLiteral("extension"), QJsonArray{portal}},
        {QStringLiteral("identifier"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("urn:ietf:rfc:3986")},
                                {QStringLiteral("value"), website}}}},
        {QStringLiteral("active"), true},
        {QStringLiteral("type"),
         QJsonArray{QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{
                  {QStringLiteral("system"),
                   QStringLiteral(
                       "http://hl7.org/fhir/smart-app-launch/CodeSystem/user-access-category")},
                  {QStringLiteral("code"), QStringLiteral("prov")}}}}}}},
        {QStringLiteral("name"), name},
        {QStringLiteral("alias"), QJsonArray{QStringLiteral("Kete sandbox hospital")}},
        {QStringLiteral("telecom"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("url")},
                                {QStringLiteral("value"), website}}}},
        {QStringLiteral("address"),
         QJsonArray{QJsonObject{{QStringLiteral("city"), QStringLiteral("Wellington")},
                                {QStringLiteral("country"), QStringLiteral("NZ")}}}},
        {QStringLiteral("endpoint"), QJsonArray{endpointReference}}};
    const QJsonObject endpoint{
        {QStringLiteral("resourceType"), QStringLiteral("Endpoint")},
        {QStringLiteral("id"), endpointId},
        {QStringLiteral("extension"),
         QJsonArray{valued("http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version",
                           "valueCode", QStringLiteral("4.0.1"))}},
        {QStringLiteral("status"), QStringLiteral("active")},
        {QStringLiteral("connectionType"),
         QJsonObject{
             {QStringLiteral("system"),
              QStringLiteral("http://terminology.hl7.org/CodeSystem/endpoint-connection-type")},
             {QStringLiteral("code"), QStringLiteral("hl7-fhir-rest")}}},
        {QStringLiteral("name"), QStringLiteral("Kete City Hospital FHIR R4")},
        {QStringLiteral("payloadType"),
         QJsonArray{QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{
                  {QStringLiteral("system"),
                   QStringLiteral("http://terminology.hl7.org/CodeSystem/endpoint-payload-type")},
                  {QStringLiteral("code"), QStringLiteral("none")}}}}}}},
        {QStringLiteral("address"), fhirBase.toString(QUrl::FullyEncoded)}};
    return {QJsonObject{{QStringLiteral("fullUrl"),
                         QStringLiteral("https://directory.kete.example.org/Organization/"
                                        "kete-city-hospital")},
                        {QStringLiteral("resource"), organization}},
            QJsonObject{{QStringLiteral("fullUrl"), endpointUrn},
                        {QStringLiteral("resource"), endpoint}}};
}

} // namespace

QString BrandsPublisher::path()
{
    return QStringLiteral("/brands/bundle.json");
}

QByteArray BrandsPublisher::demoBundle(const QUrl &fhirBase, const QUrl &hospitalFhirBase)
{
    QFile file(QStringLiteral(":/sandbox/brands/kete-directory.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray bundle = file.readAll();
    if (!fhirBase.isEmpty())
        bundle.replace(shippedDemoAddress, fhirBase.toString(QUrl::FullyEncoded).toUtf8());
    if (hospitalFhirBase.isEmpty())
        return bundle;
    QJsonObject root = QJsonDocument::fromJson(bundle).object();
    QJsonArray entries = root.value(QLatin1String("entry")).toArray();
    for (const QJsonObject &entry : hospitalEntries(hospitalFhirBase))
        entries.append(entry);
    root.insert(QStringLiteral("entry"), entries);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString BrandsPublisher::demoIdentifier()
{
    return QStringLiteral("https://demo.kete.example.org");
}

QString BrandsPublisher::hospitalIdentifier()
{
    return QStringLiteral("https://hospital.demo.kete.example.org");
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
