#pragma once

#include <QByteArray>
#include <QString>
#include <functional>
#include <vector>

namespace kete::sandbox::bench {

struct Measurement
{
    qint64 requests = 0; // answered 200 with a non-empty body, read in full
    qint64 failures = 0; // any other status, an empty body, a broken or closed connection
    double seconds = 0;
    std::vector<double> latenciesMs;

    double percentile(double p);
};

// The request bytes (head only) of the n-th request of a measurement.
using RequestOf = std::function<QByteArray(qint64 n)>;

// `connections` keep-alive HTTP/1.1 connections to host:port, each a plain QTcpSocket with one
// request in flight, for `durationMs`; every response is read in full (ResponseReader) and
// timed from the request's write to its last byte. As light as wrk/h2load, so that the client
// on the same cores takes as little as it can from the server it measures.
Measurement keepAliveLoad(const QString &host, quint16 port, int connections, int durationMs,
                          const RequestOf &requestOf);

// "GET <target> HTTP/1.1" with Host, the bearer token and Accept: application/fhir+json.
QByteArray getRequest(const QByteArray &target, const QByteArray &hostHeader,
                      const QByteArray &token);

} // namespace kete::sandbox::bench
