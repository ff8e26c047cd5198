#include "brands/brandsdirectory.h"

#include "common/atomicfile.h"
#include "common/crypto.h"
#include "common/logging.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace kete::brands {

namespace {

constexpr quint32 cacheMagic = 0x4b42524e; // "KBRN"
// Bump when the stream layout of BrandsIndex or ProviderEntry changes.
constexpr quint32 cacheFormat = 1;
constexpr QDataStream::Version streamVersion = QDataStream::Qt_6_4;

} // namespace

QString defaultCacheFile(const QString &sourceName)
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
           QStringLiteral("/brands/") + sourceName + QStringLiteral(".index");
}

std::optional<LoadedDirectory> readIndexCache(const QString &path, const QByteArray &expectedHash)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QDataStream stream(&file);
    stream.setVersion(streamVersion);
    quint32 magic = 0;
    quint32 format = 0;
    stream >> magic >> format;
    if (magic != cacheMagic || format != cacheFormat)
        return std::nullopt;
    LoadedDirectory loaded;
    stream >> loaded.sourceHash;
    if (!expectedHash.isEmpty() && loaded.sourceHash != expectedHash)
        return std::nullopt;
    qint32 counts[6] = {};
    for (qint32 &count : counts)
        stream >> count;
    stream >> loaded.report.timestamp;
    auto index = std::make_shared<BrandsIndex>();
    if (stream.status() != QDataStream::Ok || !BrandsIndex::read(stream, *index)) {
        qCWarning(lcApp) << "brands cache damaged, rebuilding:" << QFileInfo(path).fileName();
        return std::nullopt;
    }
    loaded.report.organizations = counts[0];
    loaded.report.endpoints = counts[1];
    loaded.report.skippedOrganizations = counts[2];
    loaded.report.refusedEndpoints = counts[3];
    loaded.report.droppedLogos = counts[4];
    loaded.report.mergedOrganizations = counts[5];
    loaded.index = std::move(index);
    loaded.fromCache = true;
    return loaded;
}

Result<void> writeIndexCache(const QString &path, const LoadedDirectory &directory)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    return writeFileAtomically(path, [&](QIODevice &device) {
        QDataStream stream(&device);
        stream.setVersion(streamVersion);
        const ParseReport &r = directory.report;
        stream << cacheMagic << cacheFormat << directory.sourceHash << qint32(r.organizations)
               << qint32(r.endpoints) << qint32(r.skippedOrganizations)
               << qint32(r.refusedEndpoints) << qint32(r.droppedLogos)
               << qint32(r.mergedOrganizations) << r.timestamp;
        if (directory.index)
            directory.index->write(stream);
        else
            BrandsIndex().write(stream);
    });
}

Result<LoadedDirectory> loadDirectory(const QByteArray &bundle, const QString &cacheFile,
                                      const ParseLimits &limits)
{
    const QByteArray hash = crypto::sha256(bundle);
    if (!cacheFile.isEmpty()) {
        if (std::optional<LoadedDirectory> cached = readIndexCache(cacheFile, hash))
            return std::move(*cached);
    }
    Result<ParsedBrands> parsed = parseBrandsBundle(bundle, limits);
    if (!parsed)
        return parsed.error();
    LoadedDirectory loaded;
    loaded.sourceHash = hash;
    loaded.report = std::move(parsed->report);
    loaded.index = std::make_shared<const BrandsIndex>(providerEntries(parsed->brands));
    if (!cacheFile.isEmpty()) {
        // A directory that cannot be cached is still a directory: parse again next time.
        if (const Result<void> written = writeIndexCache(cacheFile, loaded); !written)
            qCWarning(lcApp) << "brands cache not written:" << written.error().detail;
    }
    return loaded;
}

QFuture<Result<LoadedDirectory>> loadDirectoryAsync(QByteArray bundle, QString cacheFile,
                                                    ParseLimits limits)
{
    return QtConcurrent::run([bundle = std::move(bundle), cacheFile = std::move(cacheFile),
                              limits] { return loadDirectory(bundle, cacheFile, limits); });
}

QString importedDirectoryFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/brands/imported.json");
}

Result<QByteArray> readBundleFile(const QString &path, qsizetype maxBytes)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly))
        return Error{QCoreApplication::translate("kete::brands::BrandsDirectory",
                                                 "“%1” could not be opened.")
                         .arg(name),
                     file.errorString(),
                     file.exists() ? ErrorCode::Unspecified : ErrorCode::NotFound};
    if (file.size() > maxBytes)
        return Error{QCoreApplication::translate(
                         "kete::brands::BrandsDirectory",
                         "“%1” is too large for a provider directory (at most %2 MB).")
                         .arg(name)
                         .arg(maxBytes / (1024 * 1024)),
                     QStringLiteral("brands.too-large: %1 bytes").arg(file.size()),
                     ErrorCode::TooLarge};
    return file.readAll();
}

QFuture<Result<LoadedDirectory>> importDirectoryAsync(QString sourceFile, ParseLimits limits)
{
    return QtConcurrent::run(
        [sourceFile = std::move(sourceFile), limits]() -> Result<LoadedDirectory> {
            const Result<QByteArray> bytes = readBundleFile(sourceFile, limits.maxBundleBytes);
            if (!bytes)
                return bytes.error();
            // Parsed into a scratch cache first: a bad file must not replace a good directory.
            Result<LoadedDirectory> loaded = loadDirectory(*bytes, {}, limits);
            if (!loaded)
                return loaded;
            const QString target = importedDirectoryFile();
            QDir().mkpath(QFileInfo(target).absolutePath());
            if (const Result<void> saved =
                    writeFileAtomically(target, [&](QIODevice &device) { device.write(*bytes); });
                !saved)
                return saved.error();
            if (const Result<void> cached =
                    writeIndexCache(defaultCacheFile(QStringLiteral("imported")), *loaded);
                !cached)
                qCWarning(lcApp) << "brands cache not written:" << cached.error().detail;
            return loaded;
        });
}

QFuture<Result<LoadedDirectory>> loadImportedDirectoryAsync()
{
    return QtConcurrent::run([]() -> Result<LoadedDirectory> {
        const Result<QByteArray> bytes =
            readBundleFile(importedDirectoryFile(), ParseLimits{}.maxBundleBytes);
        if (!bytes)
            return bytes.error();
        return loadDirectory(*bytes, defaultCacheFile(QStringLiteral("imported")));
    });
}

QByteArray shippedDirectory()
{
    QFile file(QStringLiteral(":/kete/brands/kete-directory.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace kete::brands
