#pragma once

#include "brands/brandsdirectory.h"
#include "brands/brandsfetcher.h"
#include "brands/brandsindex.h"

#include <QFutureWatcher>
#include <QObject>
#include <memory>

class QNetworkAccessManager;

namespace kete::brands {

// A connected server's own directory (`user_access_brand_bundle` in its smart-configuration):
// fetched, parsed and indexed on a worker thread (the index cached by content), then handed
// out so that "Find your provider" prefers it for that server's brand, as the IG requires.
//
//   ServerDirectory directory(network);
//   directory.load(bundleUrl);   -> loaded(index) | failed(error)
class ServerDirectory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerDirectory)

public:
    explicit ServerDirectory(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~ServerDirectory() override;

    void load(const QUrl &bundleUrl);

Q_SIGNALS:
    void loaded(std::shared_ptr<const kete::brands::BrandsIndex> index);
    void failed(const kete::Error &error);

private:
    void onFetched(const FetchedDirectory &fetched);

    BrandsFetcher m_fetcher;
    DirectoryValidators m_validators;
    std::shared_ptr<const BrandsIndex> m_index; // the last one loaded: kept when unchanged
    QString m_cacheFile;
    QFutureWatcher<Result<LoadedDirectory>> m_parsing;
};

} // namespace kete::brands
