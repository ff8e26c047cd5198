#include "sandbox/server/bench/keepaliveload.h"

#include "sandbox/server/bench/responsereader.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>
#include <memory>

namespace kete::sandbox::bench {

namespace {

struct Connection
{
    std::unique_ptr<QTcpSocket> socket;
    ResponseReader reader;
    qint64 startedNs = 0;
    bool inFlight = false;
};

} // namespace

double Measurement::percentile(double p)
{
    if (latenciesMs.empty())
        return 0;
    std::sort(latenciesMs.begin(), latenciesMs.end());
    const auto index =
        std::min(latenciesMs.size() - 1, static_cast<std::size_t>(p * double(latenciesMs.size())));
    return latenciesMs[index];
}

QByteArray getRequest(const QByteArray &target, const QByteArray &hostHeader,
                      const QByteArray &token)
{
    return "GET " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: Bearer " +
           token + "\r\nAccept: application/fhir+json\r\n\r\n";
}

Measurement keepAliveLoad(const QString &host, quint16 port, int connections, int durationMs,
                          const RequestOf &requestOf)
{
    Measurement result;
    result.latenciesMs.reserve(std::size_t(durationMs) * 20);
    std::vector<Connection> pool(std::size_t(std::max(1, connections)));
    QElapsedTimer clock;
    QEventLoop loop;
    bool stopping = false;
    qint64 next = 0;
    int busy = 0;

    const auto finish = [&](Connection &connection) {
        connection.inFlight = false;
        --busy;
        if (stopping && busy == 0)
            loop.quit();
    };
    const auto issue = [&](Connection &connection) {
        if (stopping)
            return;
        connection.inFlight = true;
        ++busy;
        connection.startedNs = clock.nsecsElapsed();
        connection.socket->write(requestOf(next++));
    };
    // A connection the server closed, or whose bytes made no sense: a new one takes its place.
    const auto reconnect = [&](Connection &connection) {
        connection.socket->abort();
        connection.reader = ResponseReader();
        if (!stopping)
            connection.socket->connectToHost(host, port);
    };

    for (Connection &connection : pool) {
        connection.socket = std::make_unique<QTcpSocket>();
        QTcpSocket *socket = connection.socket.get();
        Connection *c = &connection;
        QObject::connect(socket, &QTcpSocket::connected, socket, [&, c, socket] {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            issue(*c);
        });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [&, c, socket] {
            c->reader.append(socket->readAll());
            while (std::optional<HttpResponse> response = c->reader.next()) {
                if (!c->inFlight) {
                    ++result.failures; // an answer nobody asked for
                    continue;
                }
                if (response->status == 200 && response->bodyBytes > 0) {
                    ++result.requests;
                    result.latenciesMs.push_back(double(clock.nsecsElapsed() - c->startedNs) / 1e6);
                } else {
                    ++result.failures;
                }
                finish(*c);
                if (response->closes) {
                    reconnect(*c);
                    return;
                }
                issue(*c);
            }
            if (c->reader.failed()) {
                ++result.failures;
                if (c->inFlight)
                    finish(*c);
                reconnect(*c);
            }
        });
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [&, c] {
            if (c->inFlight) {
                ++result.failures;
                finish(*c);
            }
            // Let the socket leave its slot before it is reset.
            QTimer::singleShot(0, c->socket.get(), [&, c] { reconnect(*c); });
        });
    }

    clock.start();
    for (Connection &connection : pool)
        connection.socket->connectToHost(host, port);
    QTimer::singleShot(durationMs, &loop, [&] {
        stopping = true;
        if (busy == 0)
            loop.quit();
    });
    loop.exec();
    result.seconds = double(clock.nsecsElapsed()) / 1e9;
    for (Connection &connection : pool) {
        connection.socket->disconnect();
        connection.socket->abort();
    }
    return result;
}

} // namespace kete::sandbox::bench
