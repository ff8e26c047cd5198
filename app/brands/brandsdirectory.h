#pragma once

#include "brands/brandsindex.h"
#include "brands/brandsparser.h"
#include "common/result.h"

#include <QByteArray>
#include <QFuture>
#include <QString>
#include <memory>

namespace kete::brands {

// A provider directory ready to search, and where it came from.
struct LoadedDirectory
{
    std::shared_ptr<const BrandsIndex> index;
    ParseReport report;
    QByteArray sourceHash; // SHA-256 of the bundle the index was built from
    bool fromCache = false;
};

// Where the index of the directory `sourceName` ("kete", "imported-…") is kept:
// QStandardPaths::CacheLocation/brands/<sourceName>.index.
QString defaultCacheFile(const QString &sourceName);

// The cache file: versioned QDataStream (magic, format version, source hash, report counts,
// index). nullopt when missing, of another format version, damaged, or (with a non-empty
// `expectedHash`) built from another bundle.
std::optional<LoadedDirectory> readIndexCache(const QString &path,
                                              const QByteArray &expectedHash = {});
Result<void> writeIndexCache(const QString &path, const LoadedDirectory &directory);

// The index of `bundle`: from `cacheFile` when that was built from the same bytes, else parsed
// and indexed, then written to `cacheFile` (empty: no cache). Blocking; see loadDirectoryAsync.
Result<LoadedDirectory> loadDirectory(const QByteArray &bundle, const QString &cacheFile,
                                      const ParseLimits &limits = {});

// The same on a worker thread (QtConcurrent): the GUI thread only waits for the future.
QFuture<Result<LoadedDirectory>> loadDirectoryAsync(QByteArray bundle, QString cacheFile,
                                                    ParseLimits limits = {});

// A directory the user imported (File → Import provider directory…): the bundle is kept at
// QStandardPaths::AppDataLocation/brands/imported.json, its index in the cache as "imported".
QString importedDirectoryFile();
// Reads `sourceFile`, parses and indexes it (within `limits`), and only when that succeeds
// replaces the imported directory with it. On a worker thread.
QFuture<Result<LoadedDirectory>> importDirectoryAsync(QString sourceFile, ParseLimits limits = {});
// The imported directory, if there is one: from its cached index when the bundle is unchanged.
// On a worker thread; an Error with code NotFound when nothing was imported.
QFuture<Result<LoadedDirectory>> loadImportedDirectoryAsync();

// The bytes of a bundle file, refused (ErrorCode::TooLarge) beyond `maxBytes`; NotFound when
// there is no such file.
Result<QByteArray> readBundleFile(const QString &path, qsizetype maxBytes);

// The directory Kete ships (resources/brands/kete-directory.json): our demo provider and a few
// fictional examples.
QByteArray shippedDirectory();

} // namespace kete::brands
