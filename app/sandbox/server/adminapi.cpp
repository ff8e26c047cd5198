#include "sandbox/server/adminapi.h"

#include "common/logging.h"
#include "sandbox/data/fhirjson.h"
#include "sandbox/data/resourcestore.h"
#include "sandbox/fhirapi/fhirapi.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

namespace kete::sandbox {

namespace {

// Qt 6.8 hands route handlers the responder by lvalue reference, earlier versions by rvalue.
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
using ResponderArgument = QHttpServerResponder &;
#else
using ResponderArgument = QHttpServerResponder &&;
#endif

const QString adminPath = QStringLiteral("/admin");

HttpReply badRequest(const QString &why)
{
    return HttpReply::outcome(400, QStringLiteral("error"), QStringLiteral("invalid"), why);
}

HttpReply notAllowed(const QString &why)
{
    return HttpReply::outcome(405, QStringLiteral("error"), QStringLiteral("not-supported"), why);
}

HttpReply plainJson(const QJsonObject &object)
{
    HttpReply reply;
    reply.headers.append(
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json; charset=utf-8")});
    reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return reply;
}

// An IPv4-mapped IPv6 peer (::ffff:127.0.0.1) is loopback too.
bool isLoopback(const QHostAddress &peer)
{
    bool isIpv4 = false;
    const quint32 ipv4 = peer.toIPv4Address(&isIpv4);
    return peer.isLoopback() || (isIpv4 && QHostAddress(ipv4).isLoopback());
}

bool isFhirId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9.-]{1,64}$"));
    return pattern.match(id).hasMatch();
}

// Loaded and generated resources carry no versionId: they are version 1.
int versionOf(const QJsonObject &resource)
{
    bool ok = false;
    const int version = resource.value(QLatin1String("meta"))
                            .toObject()
                            .value(QLatin1String("versionId"))
                            .toString()
                            .toInt(&ok);
    return ok && version > 0 ? version : 1;
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    using Method = QHttpServerRequest::Method;
    switch (method) {
    case Method::Get:
        return QByteArrayLiteral("GET");
    case Method::Put:
        return QByteArrayLiteral("PUT");
    case Method::Delete:
        return QByteArrayLiteral("DELETE");
    case Method::Post:
        return QByteArrayLiteral("POST");
    default:
        return QByteArrayLiteral("OTHER");
    }
}

} // namespace

AdminApi::AdminApi(ResourceStore &store, FhirApi &fhir, Clock clock)
    : m_store(store)
    , m_fhir(fhir)
    , m_clock(std::move(clock))
{}

void AdminApi::registerRoutes(QHttpServer &server)
{
    auto respond = [this](const QStringList &path, const QHttpServerRequest &request,
                          QHttpServerResponder &responder) {
        const AdminRequest adminRequest{methodName(request.method()), path, request.body(),
                                        request.remoteAddress()};
        const HttpReply reply = handle(adminRequest);
        qCDebug(lcSandbox) << "admin" << adminRequest.method << path.join(QLatin1Char('/'))
                           << reply.status;
        sendReply(responder, reply);
    };
    // Plain QStrings, not QStringBuilder temporaries, go into QHttpServer::route's templates.
    const QString oneSegment = adminPath + QStringLiteral("/<arg>");
    const QString twoSegments = adminPath + QStringLiteral("/<arg>/<arg>");
    server.route(oneSegment,
                 [respond](const QString &first, const QHttpServerRequest &request,
                           ResponderArgument responder) { respond({first}, request, responder); });
    server.route(twoSegments,
                 [respond](const QString &first, const QString &second,
                           const QHttpServerRequest &request, ResponderArgument responder) {
                     respond({first, second}, request, responder);
                 });
}

HttpReply AdminApi::handle(const AdminRequest &request)
{
    if (!isLoopback(request.peer))
        return HttpReply::outcome(403, QStringLiteral("error"), QStringLiteral("forbidden"),
                                  QStringLiteral("The admin API answers loopback peers only."));

    const QStringList stats{QStringLiteral("stats")};
    const QStringList reset{QStringLiteral("stats"), QStringLiteral("reset")};
    if (request.path == stats) {
        if (request.method != "GET")
            return notAllowed(QStringLiteral("Only GET is supported on /admin/stats."));
        return this->stats();
    }
    if (request.path == reset) {
        if (request.method != "POST")
            return notAllowed(QStringLiteral("Only POST is supported on /admin/stats/reset."));
        m_fhir.resetRequestCounts();
        return this->stats();
    }
    if (request.path.size() != 2)
        return HttpReply::outcome(404, QStringLiteral("error"), QStringLiteral("not-found"),
                                  QStringLiteral("Unknown admin path."));
    const QString &type = request.path.at(0);
    const QString &id = request.path.at(1);
    if (request.method == "PUT")
        return put(type, id, request.body);
    if (request.method == "DELETE")
        return remove(type, id);
    return notAllowed(QStringLiteral("Only PUT and DELETE are supported on /admin/<type>/<id>."));
}

HttpReply AdminApi::put(const QString &type, const QString &id, const QByteArray &body)
{
    if (!FhirApi::serves(type))
        return badRequest(QStringLiteral("This server does not serve %1.").arg(type));
    if (!isFhirId(id))
        return badRequest(QStringLiteral("'%1' is not a FHIR id.").arg(id));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return badRequest(QStringLiteral("The body is not a JSON resource: %1.")
                              .arg(error.error != QJsonParseError::NoError
                                       ? error.errorString()
                                       : QStringLiteral("not an object")));
    QJsonObject resource = document.object();
    if (resource.value(QLatin1String("resourceType")).toString() != type)
        return badRequest(QStringLiteral("The body's resourceType must be %1.").arg(type));
    const QJsonValue bodyId = resource.value(QLatin1String("id"));
    if (!bodyId.isUndefined() && bodyId.toString() != id)
        return badRequest(QStringLiteral("The body's id must be %1 or absent.").arg(id));

    const std::optional<QJsonObject> previous = m_store.read(type, id);
    const int version = previous ? versionOf(*previous) + 1 : 1;
    QJsonObject meta = resource.value(QLatin1String("meta")).toObject();
    meta.insert(QStringLiteral("versionId"), QString::number(version));
    meta.insert(QStringLiteral("lastUpdated"), fhirjson::instant(m_clock()));
    resource.insert(QStringLiteral("id"), id);
    resource.insert(QStringLiteral("meta"), meta);

    m_store.add(resource);
    m_fhir.storeChanged();
    HttpReply reply = HttpReply::fhirJson(resource, previous ? 200 : 201);
    reply.headers.append(
        {QByteArrayLiteral("ETag"), QByteArrayLiteral("W/\"") + QByteArray::number(version) + '"'});
    return reply;
}

HttpReply AdminApi::remove(const QString &type, const QString &id)
{
    if (!m_store.remove(type, id))
        return HttpReply::outcome(404, QStringLiteral("error"), QStringLiteral("not-found"),
                                  QStringLiteral("%1/%2 is not known.").arg(type, id));
    m_fhir.storeChanged();
    HttpReply reply;
    reply.status = 204;
    return reply;
}

HttpReply AdminApi::stats() const
{
    const RequestCounts counts = m_fhir.requestCounts();
    return plainJson({{QStringLiteral("fhirRequests"), counts.fhirRequests},
                      {QStringLiteral("searches"), counts.searches},
                      {QStringLiteral("pages"), counts.pages}});
}

} // namespace kete::sandbox
