#pragma once

#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>

namespace kete::test {

struct HttpRequest
{
    QByteArray method;
    QUrl target;                           // path and query as sent
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
};

// How an answer goes out: all at once, one byte per second (for as long as the client waits),
// or generated piece by piece as the client reads it (a page too large to hold).
struct HttpAnswer
{
    enum class Pace
    {
        AtOnce,
        OneBytePerSecond,
        Generated
    };
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    Pace pace = Pace::AtOnce;
    // Generated: the bytes after `offset`, empty at the end.
    std::function<QByteArray(qint64 offset)> generate;
};

// An HTTP/1.1 server on a loopback address that says exactly what a test tells it to, down to
// the pace of the bytes (QHttpServer always answers whole). Plain or TLS; one request per
// connection. Every Authorization header that reaches it is kept.
class RawHttpServer final : public QObject
{
public:
    using Handler = std::function<HttpAnswer(const HttpRequest &)>;

    explicit RawHttpServer(Handler handler, QObject *parent = nullptr)
        : QObject(parent)
        , m_handler(std::move(handler))
    {}

    bool listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost))
    {
        m_server = std::make_unique<QTcpServer>();
        return start(address);
    }

    // TLS with the certificate and key in these PEM files.
    bool listenTls(const QString &certificateFile, const QString &keyFile,
                   const QHostAddress &address = QHostAddress(QHostAddress::LocalHost))
    {
        QFile certificate(certificateFile);
        QFile key(keyFile);
        if (!certificate.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
            return false;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(certificate.readAll()));
        tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
        auto server = std::make_unique<QSslServer>();
        server->setSslConfiguration(tls);
        m_server = std::move(server);
        m_tls = true;
        return start(address);
    }

    QUrl origin() const
    {
        QUrl url;
        url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
        url.setHost(m_server->serverAddress().toString());
        url.setPort(m_server->serverPort());
        return url;
    }
    QUrl url(const QString &pathAndQuery) const { return QUrl(origin().toString() + pathAndQuery); }

    const QList<QByteArray> &authorizations() const { return m_authorizations; }
    int requests() const { return m_requests; }
    // Connections the client has closed (or that ended) while an answer was still going out.
    int abandoned() const { return m_abandoned; }
    qint64 bytesSent() const { return m_bytesSent; }

private:
    bool start(const QHostAddress &address)
    {
        connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection())
                serve(socket);
        });
        return m_server->listen(address);
    }

    void serve(QTcpSocket *socket)
    {
        socket->setParent(this);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0 || socket->property("answered").toBool())
                return;
            HttpRequest request;
            const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            request.method = requestLine.value(0);
            request.target = QUrl::fromEncoded(requestLine.value(1));
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                           lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length").toLongLong();
            if (buffer->size() < headerEnd + 4 + length)
                return;
            request.body = buffer->mid(headerEnd + 4, length);
            socket->setProperty("answered", true);
            ++m_requests;
            if (request.headers.contains("authorization"))
                m_authorizations.append(request.headers.value("authorization"));
            answer(socket, m_handler(request));
        });
    }

    void answer(QTcpSocket *socket, HttpAnswer answer)
    {
        QByteArray head = "HTTP/1.1 " + QByteArray::number(answer.status) + " Lie\r\n";
        for (const auto &[name, value] : std::as_const(answer.headers))
            head += name + ": " + value + "\r\n";
        head += "Connection: close\r\n";
        if (answer.pace != HttpAnswer::Pace::Generated)
            head += "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\n";
        head += "\r\n";
        socket->write(head);
        const QPointer<QTcpSocket> alive(socket);
        switch (answer.pace) {
        case HttpAnswer::Pace::AtOnce:
            send(socket, answer.body);
            socket->disconnectFromHost();
            return;
        case HttpAnswer::Pace::OneBytePerSecond: {
            auto *timer = new QTimer(socket);
            timer->setInterval(1000);
            connect(timer, &QTimer::timeout, socket,
                    [this, socket, body = answer.body, sent = qsizetype(0)]() mutable {
                        if (sent == body.size())
                            return finish(socket);
                        send(socket, body.mid(sent++, 1));
                    });
            countAbandoned(socket);
            timer->start();
            return;
        }
        case HttpAnswer::Pace::Generated: {
            auto offset = std::make_shared<qint64>(0);
            auto more = [this, alive, offset, generate = answer.generate] {
                if (!alive || alive->state() != QAbstractSocket::ConnectedState)
                    return;
                while (alive->bytesToWrite() < 1024 * 1024) {
                    const QByteArray chunk = generate(*offset);
                    if (chunk.isEmpty()) {
                        finish(alive);
                        return;
                    }
                    *offset += chunk.size();
                    send(alive, chunk);
                }
            };
            connect(socket, &QTcpSocket::bytesWritten, this, more);
            countAbandoned(socket);
            more();
            return;
        }
        }
    }

    // The answer is complete: the server closes.
    static void finish(QTcpSocket *socket)
    {
        socket->setProperty("finished", true);
        socket->disconnectFromHost();
    }

    // A connection that ends before its answer did was dropped by the client.
    void countAbandoned(QTcpSocket *socket)
    {
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            if (!socket->property("finished").toBool())
                ++m_abandoned;
        });
    }

    void send(QTcpSocket *socket, const QByteArray &bytes)
    {
        m_bytesSent += bytes.size();
        socket->write(bytes);
    }

    Handler m_handler;
    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    QList<QByteArray> m_authorizations;
    int m_requests = 0;
    int m_abandoned = 0;
    qint64 m_bytesSent = 0;
};

} // namespace kete::test
