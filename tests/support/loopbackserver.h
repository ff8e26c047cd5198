#pragma once

#include <QHostAddress>
#include <QHttpServer>
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

} // namespace kete::test
