#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

class QHttpServerResponder;

namespace kete::sandbox {

// One HTTP answer of the FHIR API, built without touching a socket so that the request logic
// stays a plain function; `sendReply` writes it, `sendCutOff` writes only part of it.
struct HttpReply
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static HttpReply fhirJson(const QJsonObject &resource, int status = 200);
    // The same with the JSON already written.
    static HttpReply fhirJson(QByteArray json, int status = 200);
    // An OperationOutcome with one issue. `code` is a FHIR issue-type ("invalid", "security", ...).
    static HttpReply outcome(int status, const QString &severity, const QString &code,
                             const QString &diagnostics);

    QByteArray header(const QByteArray &name) const;
};

QJsonObject operationOutcome(const QString &severity, const QString &code,
                             const QString &diagnostics);

void sendReply(QHttpServerResponder &responder, const HttpReply &reply);

// Writes the status line, the headers (with the Content-Length of the WHOLE body) and the first
// `bodyBytes` bytes of the body, then closes the connection: a connection dropped mid-body.
void sendCutOff(QHttpServerResponder &responder, const HttpReply &reply, qsizetype bodyBytes);

} // namespace kete::sandbox
