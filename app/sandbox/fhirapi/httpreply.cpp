#include "sandbox/fhirapi/httpreply.h"

#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

namespace kete::sandbox {

namespace {

const QByteArray fhirJsonType = QByteArrayLiteral("application/fhir+json; charset=utf-8");

QHttpServerResponder::StatusCode statusCode(int status)
{
    return static_cast<QHttpServerResponder::StatusCode>(status);
}

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
QHttpHeaders toHeaders(const HttpReply &reply)
{
    QHttpHeaders headers;
    for (const auto &[name, value] : reply.headers)
        headers.append(name, value);
    return headers;
}
#endif

} // namespace

QJsonObject operationOutcome(const QString &severity, const QString &code,
                             const QString &diagnostics)
{
    const QJsonObject issue{{QStringLiteral("severity"), severity},
                            {QStringLiteral("code"), code},
                            {QStringLiteral("diagnostics"), diagnostics}};
    return QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("OperationOutcome")},
                       {QStringLiteral("issue"), QJsonArray{issue}}};
}

HttpReply HttpReply::fhirJson(const QJsonObject &resource, int status)
{
    return fhirJson(QJsonDocument(resource).toJson(QJsonDocument::Compact), status);
}

HttpReply HttpReply::fhirJson(QByteArray json, int status)
{
    HttpReply reply;
    reply.status = status;
    reply.headers.append({QByteArrayLiteral("Content-Type"), fhirJsonType});
    reply.body = std::move(json);
    return reply;
}

HttpReply HttpReply::outcome(int status, const QString &severity, const QString &code,
                             const QString &diagnostics)
{
    return fhirJson(operationOutcome(severity, code, diagnostics), status);
}

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

void sendReply(QHttpServerResponder &responder, const HttpReply &reply)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    responder.write(reply.body, toHeaders(reply), statusCode(reply.status));
#else
    responder.writeStatusLine(statusCode(reply.status));
    for (const auto &[name, value] : reply.headers)
        responder.writeHeader(name, value);
    // RFC 9110 8.6: no Content-Length on a 204.
    if (reply.status != 204)
        responder.writeHeader(QByteArrayLiteral("Content-Length"),
                              QByteArray::number(reply.body.size()));
    responder.writeBody(reply.body);
#endif
}

void sendCutOff(QHttpServerResponder &responder, const HttpReply &reply, qsizetype bodyBytes)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // Qt 6.8 hides the socket: a chunked body that never ends is the closest cut.
    responder.writeBeginChunked(toHeaders(reply), statusCode(reply.status));
    responder.writeChunk(reply.body.left(bodyBytes));
#else
    responder.writeStatusLine(statusCode(reply.status));
    for (const auto &[name, value] : reply.headers)
        responder.writeHeader(name, value);
    responder.writeHeader(QByteArrayLiteral("Content-Length"),
                          QByteArray::number(reply.body.size()));
    responder.writeBody(reply.body.left(bodyBytes));
    QTcpSocket *socket = responder.socket();
    socket->flush();
    socket->disconnectFromHost();
#endif
}

} // namespace kete::sandbox
