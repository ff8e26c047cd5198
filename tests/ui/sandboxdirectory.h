#pragma once

#include "brands/brandsdirectory.h"
#include "brands/brandsfetcher.h"
#include "sandbox/server/brandspublisher.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QUrl>
#include <memory>

namespace journey {

// The provider directory the sandbox at `fhirBase` publishes, fetched and read as Kete does;
// nullptr when it cannot be had.
inline std::shared_ptr<const kete::brands::BrandsIndex> sandboxDirectory(const QUrl &fhirBase)
{
    using namespace kete;
    QUrl bundle = fhirBase;
    bundle.setPath(sandbox::BrandsPublisher::path());
    QNetworkAccessManager network;
    brands::BrandsFetcher fetcher(&network);
    QSignalSpy fetched(&fetcher, &brands::BrandsFetcher::fetched);
    fetcher.fetch(bundle);
    if (!fetched.wait(20000))
        return {};
    const auto result = fetched.constFirst().constFirst().value<brands::FetchedDirectory>();
    const auto loaded = brands::loadDirectory(result.bundle, {});
    return loaded ? loaded->index : nullptr;
}

} // namespace journey
