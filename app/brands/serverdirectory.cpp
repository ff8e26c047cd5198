#include "brands/serverdirectory.h"

#include "common/crypto.h"

namespace kete::brands {

ServerDirectory::ServerDirectory(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_fetcher(network)
{
    connect(&m_fetcher, &BrandsFetcher::fetched, this, &ServerDirectory::onFetched);
    connect(&m_fetcher, &BrandsFetcher::failed, this, &ServerDirectory::failed);
    connect(&m_parsing, &QFutureWatcher<Result<LoadedDirectory>>::finished, this, [this] {
        const Result<LoadedDirectory> parsed = m_parsing.result();
        if (!parsed) {
            Q_EMIT failed(parsed.error());
            return;
        }
        m_index = parsed.value().index;
        Q_EMIT loaded(m_index);
    });
}

ServerDirectory::~ServerDirectory()
{
    m_fetcher.abort();
    m_parsing.waitForFinished();
}

void ServerDirectory::load(const QUrl &bundleUrl)
{
    // One cache per server bundle, named by a hash of its address (not the address itself).
    m_cacheFile = defaultCacheFile(
        QStringLiteral("server-") +
        QString::fromLatin1(crypto::sha256(bundleUrl.toEncoded()).toHex().left(16)));
    m_fetcher.fetch(bundleUrl, m_validators);
}

void ServerDirectory::onFetched(const FetchedDirectory &fetched)
{
    m_validators = fetched.validators;
    if (fetched.status == FetchedDirectory::Status::Unchanged && m_index) {
        Q_EMIT loaded(m_index);
        return;
    }
    m_parsing.setFuture(loadDirectoryAsync(fetched.bundle, m_cacheFile));
}

} // namespace kete::brands
