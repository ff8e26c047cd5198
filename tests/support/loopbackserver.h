#pragma once

#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>

namespace kete::test {

// Serves `server` on 127.0.0.1 at a free port and returns it (0 when that failed). Qt 6.8
// replaced QHttpServer::listen() with bind() to a server of one's own; this is the one place
// that knows.
inline quint16 listenOnLoopback(QHttpServer &server)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    auto *tcp = new QTcpServer(&server);
    if (!tcp->listen(QHostAddress::LocalHost) || !server.bind(tcp))
        return 0;
    return tcp->serverPort();
#else
    return server.listen(QHostAddress::LocalHost, 0);
#endif
}

// Qt 6.8 hands route handlers the responder by lvalue reference, earlier versions by rvalue.
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
using ResponderArgument = QHttpServerResponder &;
#else
using ResponderArgument = QHttpServerResponder &&;
#endif

inline QHttpServerResponse fhirJson(const QJsonObject &object)
{
    return QHttpServerResponse(QByteArrayLiteral("application/fhir+json"),
                               QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A searchset Bundle holding `resources`, with its total.
inline QJsonObject searchset(const QJsonArray &resources)
{
    QJsonArray entries;
    for (const QJsonValue &resource : resources)
        entries.append(QJsonObject{{QStringLiteral("resource"), resource}});
    return {{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
            {QStringLiteral("type"), QStringLiteral("searchset")},
            {QStringLiteral("total"), int(entries.size())},
            {QStringLiteral("entry"), entries}};
}

} // namespace kete::test
