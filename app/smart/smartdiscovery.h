#pragma once

#include "common/result.h"
#include "smart/smartconfiguration.h"

#include <QList>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace kete::smart {

// One GET of discovery, for the connection details.
struct DiscoveryFetch
{
    QUrl url;
    int httpStatus = 0; // 0: no HTTP answer (unreachable, TLS, refused before sending)
};

// How a discovery went: what was fetched in order, and the configuration or the problem.
struct DiscoveryRecord
{
    QUrl fhirBase;
    QList<DiscoveryFetch> fetches; // smart-configuration, then metadata when it was needed
    std::optional<SmartConfiguration> configuration;
    QString problem; // error detail when discovery failed
};

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

Q_SIGNALS:
    // Just before `done` is called.
    void discoveryFinished(const kete::smart::DiscoveryRecord &record);

private:
    void fetchMetadata(const QUrl &fhirBase, std::shared_ptr<DiscoveryRecord> record, Done done);
    QNetworkReply *getJson(const QUrl &url);

    QNetworkAccessManager *m_network;
};

// The FHIR base as Kete keeps it: no query, fragment or trailing slash.
QUrl normalizedFhirBase(const QUrl &url);

} // namespace kete::smart
