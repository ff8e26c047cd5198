#include "sandbox/server/bench/responsereader.h"

namespace kete::sandbox::bench {

void ResponseReader::append(QByteArrayView bytes)
{
    m_buffer.append(bytes);
}

std::optional<HttpResponse> ResponseReader::next()
{
    if (m_failed || (!m_current && !readHead()))
        return std::nullopt;
    qsizetype end = -1;
    if (m_chunked) {
        end = chunkedEnd();
    } else if (m_contentLength >= 0) {
        m_current->bodyBytes = m_contentLength;
        if (m_buffer.size() - m_position >= m_contentLength)
            end = m_position + qsizetype(m_contentLength);
    } else if (m_current->status == 204 || m_current->status == 304) {
        end = m_position;
    } else {
        // A body until the connection closes: not something a keep-alive client can measure.
        m_failed = true;
    }
    if (end < 0)
        return std::nullopt;
    m_buffer.remove(0, end);
    const HttpResponse response = *m_current;
    m_current.reset();
    return response;
}

bool ResponseReader::readHead()
{
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QByteArrayView head = QByteArrayView(m_buffer).first(headEnd);
    // "HTTP/1.1 200 OK"
    bool ok = false;
    HttpResponse response;
    if (head.startsWith("HTTP/1.") && head.size() >= 12 && head.at(8) == ' ')
        response.status = head.sliced(9, 3).toInt(&ok);
    if (!ok) {
        m_failed = true;
        return false;
    }

    m_contentLength = -1;
    m_chunked = false;
    qsizetype lineStart = head.indexOf('\n') + 1;
    while (lineStart > 0 && lineStart < head.size()) {
        qsizetype lineEnd = head.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0) {
            const QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
            const QByteArray value = line.sliced(colon + 1).trimmed().toByteArray().toLower();
            if (name == "content-length") {
                m_contentLength = value.toLongLong(&ok);
                if (!ok || m_contentLength < 0) {
                    m_failed = true;
                    return false;
                }
            } else if (name == "transfer-encoding") {
                m_chunked = value.contains("chunked");
            } else if (name == "connection") {
                response.closes = value.contains("close");
            }
        }
        lineStart = lineEnd + 1;
    }
    m_current = response;
    m_position = headEnd + 4;
    m_inTrailers = false;
    return true;
}

qsizetype ResponseReader::chunkedEnd()
{
    for (;;) {
        const qsizetype lineEnd = m_buffer.indexOf("\r\n", m_position);
        if (lineEnd < 0)
            return -1;
        if (m_inTrailers) {
            // Trailers (usually none) end with an empty line.
            const bool empty = lineEnd == m_position;
            m_position = lineEnd + 2;
            if (empty)
                return m_position;
            continue;
        }
        QByteArrayView sizeField =
            QByteArrayView(m_buffer).sliced(m_position, lineEnd - m_position);
        if (const qsizetype extension = sizeField.indexOf(';'); extension >= 0)
            sizeField = sizeField.first(extension);
        bool ok = false;
        const qint64 size = sizeField.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0) {
            m_failed = true;
            return -1;
        }
        if (size == 0) {
            m_position = lineEnd + 2;
            m_inTrailers = true;
            continue;
        }
        if (m_buffer.size() - (lineEnd + 2) < size + 2)
            return -1;
        m_current->bodyBytes += size;
        m_position = lineEnd + 2 + qsizetype(size) + 2;
    }
}

} // namespace kete::sandbox::bench
