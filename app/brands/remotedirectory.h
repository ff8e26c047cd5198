#pragma once

#include "brands/brandsdirectory.h"
#include "brands/brandsfetcher.h"

#include <QFutureWatcher>
#include <QObject>
#include <QUrl>
#include <optional>

class QNetworkAccessManager;

namespace kete::brands {

// The address of a directory the user imported from the web, and what its last fetch ended
// with (ETag, content hash), kept at AppDataLocation/brands/remote-source.json.
struct RemoteSource
{
    QUrl url;
    DirectoryValidators validators;
};

// A provider directory imported from an https address (File → Import provider directory from an
// address…) and refreshed from it: If-None-Match where the server sent an ETag, the content hash
// where it did not. The bundle is kept at AppDataLocation/brands/remote.json and its index in
// the cache as "remote"; a new bundle replaces them only once it has been read, so a failed or
// unreadable download leaves the directory as it was. Parsing runs on a worker thread.
//
//   directory.import(url)  -> progress…, reading(), loaded(directory, true) | failed(error)
//   directory.refresh()    -> loaded(directory, changed) | failed(error)
class RemoteDirectory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteDirectory)

public:
    explicit RemoteDirectory(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~RemoteDirectory() override;

    static std::optional<RemoteSource> savedSource();

    // Fetches `url` as a new directory (no validators: a new address is always read).
    void import(const QUrl &url);
    // Fetches the saved address again; false when there is none.
    bool refresh();
    void cancel();
    bool isBusy() const;

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    void reading(); // downloaded; parsing and indexing on a worker thread
    void loaded(const kete::brands::LoadedDirectory &directory, bool changed);
    void failed(const kete::Error &error);

private:
    void onFetched(const FetchedDirectory &fetched);
    void onRead();

    BrandsFetcher m_fetcher;
    QUrl m_url; // of the fetch running
    bool m_fetching = false;
    bool m_changed = false;
    QFutureWatcher<Result<LoadedDirectory>> m_reading;
};

QString remoteDirectoryFile();
// The directory last imported from an address, from disk (its cached index when unchanged),
// without the network. On a worker thread; NotFound when there is none.
QFuture<Result<LoadedDirectory>> loadRemoteDirectoryAsync();

} // namespace kete::brands
