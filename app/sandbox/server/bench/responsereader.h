#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace kete::sandbox::bench {

// One HTTP/1.1 response read in full off a keep-alive connection.
struct HttpResponse
{
    int status = 0;
    qint64 bodyBytes = 0;
    bool closes = false; // "Connection: close": the server ends the connection after it
};

// Frames HTTP/1.1 responses from the bytes of one connection, as a light benchmark client
// (wrk, h2load) does: the status line, the headers, then a Content-Length or chunked body,
// every byte of it read. Errors in framing make the connection unusable: failed() says so.
class ResponseReader
{
public:
    void append(QByteArrayView bytes);
    // The next whole response, removed from what has been read; nullopt while incomplete.
    std::optional<HttpResponse> next();
    bool failed() const { return m_failed; }
    bool idle() const { return m_buffer.isEmpty(); }

private:
    bool readHead();
    // The end of the chunked body so far, or -1 while incomplete; resumes where it stopped.
    qsizetype chunkedEnd();

    QByteArray m_buffer;
    bool m_failed = false;
    // The response whose head has been read (kept so that a long body is not scanned again).
    std::optional<HttpResponse> m_current;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    qsizetype m_position = 0; // where the body (or the next chunk) starts
    bool m_inTrailers = false;
};

} // namespace kete::sandbox::bench
