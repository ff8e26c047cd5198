#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpServer>

QT_BEGIN_NAMESPACE
class QTcpSocket;
class QTimer;
QT_END_NAMESPACE

namespace kete::sandbox {

// What one HTTP connection may send, and how long it may sit idle.
struct ConnectionLimits
{
    qsizetype maxRequestLine = 8 * 1024;  // longer: 414 URI Too Long
    qsizetype maxHeaderBytes = 32 * 1024; // request line and headers; more: 431
    qint64 maxBodyBytes = 1024 * 1024;    // Content-Length above it: 413 Content Too Large
    int idleTimeoutMs = 30 * 1000;        // no bytes either way for this long: closed
};

// The listening socket under the QHttpServer: every accepted socket gets TCP_NODELAY (replies
// on a kept-alive connection do not wait for the peer's delayed ACK) and a ConnectionGuard.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(ConnectionLimits limits, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    const ConnectionLimits m_limits;
};

// Watches the bytes of one connection before QHttpServer reads them (its readyRead slot is
// connected first): refuses oversized request lines, headers and bodies with a short reply
// and "Connection: close", closes the connection after the reply to a request that asked for
// "Connection: close", and closes it when idle. It only peeks; QHttpServer parses as usual.
class ConnectionGuard final : public QObject
{
    Q_OBJECT

public:
    ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits);

private:
    void onReadyRead();
    void scan(QByteArrayView bytes);
    bool headComplete();
    void refuse(int status, QByteArrayView reason);
    void onBytesWritten();
    void touch();

    QTcpSocket *m_socket;
    const ConnectionLimits m_limits;
    QTimer *m_idle;
    // Bytes at the front of the socket's buffer this guard has scanned and QHttpServer has not
    // read yet (it reads everything it is given, unless busy with an asynchronous reply).
    qint64 m_scannedUnread = 0;
    QByteArray m_head; // the current request's line and headers, as far as they came
    qint64 m_bodyRemaining = 0;
    bool m_closeAfterReply = false;
    bool m_refused = false;
};

} // namespace kete::sandbox
