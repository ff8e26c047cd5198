#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace kete::brands {

// What a previous fetch of the same directory ended with: sent back as If-None-Match, and the
// hash that tells an unchanged body from a changed one when the server sends no ETag.
struct DirectoryValidators
{
    QByteArray etag;        // as the server sent it, quotes included; empty: none
    QByteArray contentHash; // SHA-256 of the body
};

struct FetchedDirectory
{
    enum class Status
    {
        Updated,  // a new bundle: parse `bundle`
        Unchanged // 304 Not Modified, or the same bytes as before: keep the index
    };
    Status status = Status::Updated;
    QByteArray bundle; // empty when Unchanged
    DirectoryValidators validators;
};

// Downloads a brands Bundle from an https URL (http only on loopback, by the transport policy),
// with If-None-Match when an ETag is known, within a size limit, following no redirect.
// One fetch at a time; a new fetch() abandons the one running.
class BrandsFetcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrandsFetcher)

public:
    explicit BrandsFetcher(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~BrandsFetcher() override;

    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    void fetch(const QUrl &url, const DirectoryValidators &known = {});
    void abort();

Q_SIGNALS:
    void fetched(const kete::brands::FetchedDirectory &result);
    void failed(const kete::Error &error);
    // Bytes downloaded so far; `total` is -1 when the server does not say.
    void progress(qint64 received, qint64 total);

private:
    void finish(QNetworkReply *reply);
    void fail(Error error);

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    DirectoryValidators m_known;
    QUrl m_url;
    qint64 m_maxBytes = qint64(256) * 1024 * 1024;
};

} // namespace kete::brands
