#pragma once

#include "common/result.h"
#include "smart/smartconfiguration.h"

#include <QObject>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace kete::smart {

// Finds a FHIR server's SMART endpoints:
//   GET {base}/.well-known/smart-configuration  -> parsed, checked
//     (404, not JSON, ...)  -> GET {base}/metadata -> oauth-uris extension
// Unreachable hosts, TLS failures and plain http to a non-loopback host stop at once.
class SmartDiscovery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmartDiscovery)

public:
    explicit SmartDiscovery(QNetworkAccessManager *network, QObject *parent = nullptr);

    using Done = std::function<void(const Result<SmartConfiguration> &)>;
    // `done` is called exactly once, later (never synchronously).
    void discover(const QUrl &fhirBase, Done done);

private:
    void fetchMetadata(const QUrl &fhirBase, Done done);
    QNetworkReply *getJson(const QUrl &url);

    QNetworkAccessManager *m_network;
};

// The FHIR base as Kete keeps it: no query, fragment or trailing slash.
QUrl normalizedFhirBase(const QUrl &url);

} // namespace kete::smart
