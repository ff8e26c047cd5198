#include "brands/remotedirectory.h"

#include "common/atomicfile.h"
#include "common/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace kete::brands {

namespace {

QString sourceFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/brands/remote-source.json");
}

QString cacheFile()
{
    return defaultCacheFile(QStringLiteral("remote"));
}

Result<void> saveSource(const RemoteSource &source)
{
    const QJsonObject json{
        {QStringLiteral("url"), source.url.toString()},
        {QStringLiteral("etag"), QString::fromLatin1(source.validators.etag)},
        {QStringLiteral("sha256"), QString::fromLatin1(source.validators.contentHash.toHex())}};
    return writeFileAtomically(sourceFile(), [&](QIODevice &device) {
        device.write(QJsonDocument(json).toJson(QJsonDocument::Compact));
    });
}

// A downloaded bundle becomes the kept one only once it has been read: a bad download must not
// replace a good directory.
Result<LoadedDirectory> adopt(const QByteArray &bundle, const RemoteSource &source)
{
    Result<LoadedDirectory> loaded = loadDirectory(bundle, {});
    if (!loaded)
        return loaded;
    QDir().mkpath(QFileInfo(remoteDirectoryFile()).absolutePath());
    if (const Result<void> saved = writeFileAtomically(
            remoteDirectoryFile(), [&](QIODevice &device) { device.write(bundle); });
        !saved)
        return saved.error();
    if (const Result<void> saved = saveSource(source); !saved)
        return saved.error();
    if (const Result<void> cached = writeIndexCache(cacheFile(), *loaded); !cached)
        qCWarning(lcApp) << "brands cache not written:" << cached.error().detail;
    return loaded;
}

Result<LoadedDirectory> loadKept()
{
    const Result<QByteArray> bytes =
        readBundleFile(remoteDirectoryFile(), ParseLimits{}.maxBundleBytes);
    if (!bytes)
        return bytes.error();
    return loadDirectory(*bytes, cacheFile());
}

} // namespace

QString remoteDirectoryFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/brands/remote.json");
}

QFuture<Result<LoadedDirectory>> loadRemoteDirectoryAsync()
{
    return QtConcurrent::run(loadKept);
}

RemoteDirectory::RemoteDirectory(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_fetcher(network)
{
    m_fetcher.setMaxBytes(ParseLimits{}.maxBundleBytes);
    connect(&m_fetcher, &BrandsFetcher::progress, this, &RemoteDirectory::progress);
    connect(&m_fetcher, &BrandsFetcher::fetched, this, &RemoteDirectory::onFetched);
    connect(&m_fetcher, &BrandsFetcher::failed, this, [this](const Error &error) {
        m_fetching = false;
        Q_EMIT failed(error);
    });
    connect(&m_reading, &QFutureWatcher<Result<LoadedDirectory>>::finished, this,
            &RemoteDirectory::onRead);
}

RemoteDirectory::~RemoteDirectory()
{
    m_fetcher.abort();
    m_reading.waitForFinished();
}

std::optional<RemoteSource> RemoteDirectory::savedSource()
{
    QFile file(sourceFile());
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    RemoteSource source;
    source.url = QUrl(json.value(QLatin1String("url")).toString(), QUrl::StrictMode);
    source.validators.etag = json.value(QLatin1String("etag")).toString().toLatin1();
    source.validators.contentHash =
        QByteArray::fromHex(json.value(QLatin1String("sha256")).toString().toLatin1());
    if (!source.url.isValid() || source.url.isEmpty())
        return std::nullopt;
    return source;
}

bool RemoteDirectory::isBusy() const
{
    return m_fetching || m_reading.isRunning();
}

void RemoteDirectory::import(const QUrl &url)
{
    if (m_reading.isRunning())
        return; // the bundle being read is kept or dropped first; the caller waits for it
    m_url = url;
    m_fetching = true;
    m_fetcher.fetch(url);
}

bool RemoteDirectory::refresh()
{
    const std::optional<RemoteSource> source = savedSource();
    if (!source || m_reading.isRunning())
        return false;
    m_url = source->url;
    m_fetching = true;
    // Without the kept bundle an unchanged answer would leave nothing to search.
    m_fetcher.fetch(source->url, QFile::exists(remoteDirectoryFile()) ? source->validators
                                                                      : DirectoryValidators{});
    return true;
}

void RemoteDirectory::cancel()
{
    m_fetcher.abort();
    m_fetching = false;
}

void RemoteDirectory::onFetched(const FetchedDirectory &fetched)
{
    m_fetching = false;
    Q_EMIT reading();
    m_changed = fetched.status == FetchedDirectory::Status::Updated;
    const RemoteSource source{m_url, fetched.validators};
    if (m_changed) {
        m_reading.setFuture(
            QtConcurrent::run([bundle = fetched.bundle, source] { return adopt(bundle, source); }));
        return;
    }
    m_reading.setFuture(QtConcurrent::run([source]() -> Result<LoadedDirectory> {
        if (const Result<void> saved = saveSource(source); !saved)
            qCWarning(lcApp) << "brands source not saved:" << saved.error().detail;
        return loadKept();
    }));
}

void RemoteDirectory::onRead()
{
    const Result<LoadedDirectory> read = m_reading.result();
    if (!read) {
        qCInfo(lcApp) << "brands directory from" << loggableUrl(m_url)
                      << "not adopted:" << read.error().detail;
        Q_EMIT failed(read.error());
        return;
    }
    Q_EMIT loaded(read.value(), m_changed);
}

} // namespace kete::brands
