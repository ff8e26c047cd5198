#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpServer>
#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QReadWriteLock;
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

// Serialises the requests of every serving thread that touch shared state: FHIR requests
// (GET/POST under /fhir/, the smart-configuration aside) only read the records and take it
// shared; every other request (authorization server, admin API, brands) takes it exclusively.
using RequestLock = QReadWriteLock;

// The listening socket: hands every accepted socket descriptor to `handOff` (a serving thread
// of the ServerPool), or, without one, serves it itself through the QHttpServer bound to it.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    using HandOff = std::function<void(qintptr socketDescriptor)>;
    explicit GuardedTcpServer(ConnectionLimits limits, QObject *parent = nullptr,
                              RequestLock *lock = nullptr);

    void setHandOff(HandOff handOff) { m_handOff = std::move(handOff); }
    // Makes a guarded socket of `socketDescriptor` and offers it to the bound QHttpServer.
    void adopt(qintptr socketDescriptor);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    const ConnectionLimits m_limits;
    RequestLock *const m_lock;
    HandOff m_handOff;
};

// Watches the bytes of one connection before QHttpServer reads them (its readyRead slot is
// connected first): refuses oversized request lines, headers and bodies with a short reply
// and "Connection: close", closes the connection after the reply to a request that asked for
// "Connection: close", and closes it when idle. It only peeks; QHttpServer parses as usual.
// With a RequestLock, it holds the lock (shared or exclusive, by the request lines it saw)
// while QHttpServer's readyRead slot answers, and releases it in a slot connected after it.
class ConnectionGuard final : public QObject
{
    Q_OBJECT

public:
    ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits,
                    RequestLock *lock = nullptr);
    ~ConnectionGuard() override;
    // Called once QHttpServer has connected its readyRead slot to the socket.
    void watchAfterServer();

private:
    void onReadyRead();
    void lockForRequests();
    void unlock();
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
    RequestLock *const m_lock;
    // A request line seen and not yet answered needs the lock exclusively.
    bool m_exclusive = false;
    bool m_locked = false;
};

} // namespace kete::sandbox
