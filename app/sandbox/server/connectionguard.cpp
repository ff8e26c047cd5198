#include "sandbox/server/connectionguard.h"

#include "common/logging.h"

#include <QReadWriteLock>
#include <QTcpSocket>
#include <QTimer>

namespace kete::sandbox {

namespace {

// Only FHIR requests are known to read shared state and never change it: under /fhir/, or
// /hospital/fhir/ for the second organisation (organisation.h).
bool onlyReads(QByteArrayView requestLine)
{
    QByteArrayView target;
    if (requestLine.startsWith("GET "))
        target = requestLine.sliced(4);
    else if (requestLine.startsWith("POST "))
        target = requestLine.sliced(5);
    if (target.startsWith("/hospital/"))
        target = target.sliced(9);
    return target.startsWith("/fhir/") && !requestLine.contains("/fhir/.well-known");
}

} // namespace

GuardedTcpServer::GuardedTcpServer(ConnectionLimits limits, QObject *parent, RequestLock *lock)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_lock(lock)
{}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    if (m_handOff)
        m_handOff(socketDescriptor);
    else
        adopt(socketDescriptor);
}

void GuardedTcpServer::adopt(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto *guard = new ConnectionGuard(socket, m_limits, m_lock);
    // The bound QHttpServer connects its readyRead slot in here.
    addPendingConnection(socket);
    guard->watchAfterServer();
}

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits,
                                 RequestLock *lock)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_idle(new QTimer(this))
    , m_lock(lock)
{
    m_idle->setSingleShot(true);
    m_idle->setInterval(m_limits.idleTimeoutMs);
    connect(m_idle, &QTimer::timeout, this, [this] {
        qCDebug(lcSandbox) << "closing an idle connection";
        m_socket->disconnectFromHost();
    });
    m_idle->start();
    // Connected before QHttpServer takes the socket: this slot sees the bytes first.
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &ConnectionGuard::onBytesWritten);
}

ConnectionGuard::~ConnectionGuard()
{
    unlock();
}

void ConnectionGuard::watchAfterServer()
{
    connect(m_socket, &QIODevice::readyRead, this, [this] {
        // QHttpServer's slot has run: what it left unread has been scanned already.
        m_scannedUnread = m_socket->bytesAvailable();
        if (!m_lock)
            return;
        unlock();
        // Everything received has been answered (or is being answered asynchronously).
        if (m_socket->bytesAvailable() == 0 && m_head.isEmpty())
            m_exclusive = false;
    });
}

void ConnectionGuard::lockForRequests()
{
    if (!m_lock || m_locked || m_refused)
        return;
    if (m_exclusive)
        m_lock->lockForWrite();
    else
        m_lock->lockForRead();
    m_locked = true;
}

void ConnectionGuard::unlock()
{
    if (m_locked) {
        m_locked = false;
        m_lock->unlock();
    }
}

void ConnectionGuard::touch()
{
    m_idle->start();
}

void ConnectionGuard::onReadyRead()
{
    touch();
    if (m_refused) {
        m_socket->readAll();
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    const QByteArray buffered = m_socket->peek(available);
    const qint64 known = qMin(m_scannedUnread, qint64(buffered.size()));
    scan(QByteArrayView(buffered).sliced(known));
    if (m_refused)
        return;
    lockForRequests();
    m_scannedUnread = buffered.size();
}

void ConnectionGuard::scan(QByteArrayView bytes)
{
    while (!bytes.isEmpty() && !m_refused) {
        if (m_bodyRemaining > 0) {
            const qint64 taken = qMin(m_bodyRemaining, qint64(bytes.size()));
            m_bodyRemaining -= taken;
            bytes = bytes.sliced(taken);
            continue;
        }
        // Take at most what the head may still hold (plus its end), so m_head stays bounded.
        const qsizetype room = m_limits.maxHeaderBytes + 4 - m_head.size();
        const qsizetype before = m_head.size();
        m_head.append(bytes.first(qMin(bytes.size(), qMax<qsizetype>(room, 1))));
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0) {
            // All of bytes went into the head (or it was refused for its size).
            headComplete();
            return;
        }
        // The head is complete: what follows belongs to the body or the next request.
        const qsizetype headSize = end + 4;
        bytes = bytes.sliced(headSize - before);
        m_head.truncate(headSize);
        if (!headComplete())
            return;
        m_head.clear();
    }
}

// Checks the head so far; with a complete head, reads its Content-Length and Connection.
// Returns false when the request was refused or the head is still incomplete.
bool ConnectionGuard::headComplete()
{
    const qsizetype lineEnd = m_head.indexOf("\r\n");
    if ((lineEnd < 0 ? m_head.size() : lineEnd) > m_limits.maxRequestLine) {
        refuse(414, "URI Too Long");
        return false;
    }
    const qsizetype end = m_head.indexOf("\r\n\r\n");
    if ((end < 0 ? m_head.size() : end + 4) > m_limits.maxHeaderBytes) {
        refuse(431, "Request Header Fields Too Large");
        return false;
    }
    if (lineEnd >= 0 && !onlyReads(QByteArrayView(m_head).first(lineEnd)))
        m_exclusive = true;
    if (end < 0)
        return false;

    // Header by header, without copying them (this runs for every request).
    const QByteArrayView head = QByteArrayView(m_head).first(end);
    for (qsizetype lineStart = head.indexOf('\n') + 1; lineStart > 0 && lineStart < head.size();) {
        qsizetype next = head.indexOf('\n', lineStart);
        if (next < 0)
            next = head.size();
        const QByteArrayView line = head.sliced(lineStart, next - lineStart);
        lineStart = next + 1;
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArrayView name = line.first(colon).trimmed();
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (ok && length > m_limits.maxBodyBytes) {
                refuse(413, "Content Too Large");
                return false;
            }
            if (ok && length > 0)
                m_bodyRemaining = length;
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0 &&
                   value.toByteArray().toLower().split(',').contains("close")) {
            m_closeAfterReply = true;
        }
    }
    return true;
}

void ConnectionGuard::refuse(int status, QByteArrayView reason)
{
    m_refused = true;
    unlock();
    qCInfo(lcSandbox) << "refusing a request:" << status << reason;
    // QHttpServer must not parse what is left of it (it would answer too, or wait for more).
    disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(m_socket, &QIODevice::readyRead, this, [this] { m_socket->readAll(); });
    m_socket->readAll();
    const QByteArray body = QByteArray::number(status) + ' ' + reason.toByteArray() + '\n';
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason.toByteArray() +
                    "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    m_socket->disconnectFromHost();
}

void ConnectionGuard::onBytesWritten()
{
    touch();
    // The reply to a "Connection: close" request has gone out once nothing waits to be written
    // and the request itself has been received in full.
    if (m_closeAfterReply && !m_refused && m_socket->bytesToWrite() == 0 && m_bodyRemaining == 0)
        m_socket->disconnectFromHost();
}

} // namespace kete::sandbox
