#pragma once

#include "common/result.h"
#include "sandbox/auth/tokenstore.h"
#include "sandbox/data/demodirectory.h"
#include "sandbox/faults.h"
#include "sandbox/server/brandspublisher.h"
#include "sandbox/server/connectionguard.h"
#include "sandbox/server/organisation.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QTcpServer;
QT_END_NAMESPACE

namespace kete::sandbox {

class AdminApi;
class AuthorizationServer;
class FhirApi;
class ResourceStore;
class ServerPool;

struct SandboxOptions
{
    // Which provider this server is: its name, paths, brand and generated records.
    Organisation organisation = Organisation::Gp;
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0: a free port
    // FHIR Bundles / NDJSON to load instead of the generated patients (empty: generate).
    QString dataFolder;
    quint32 seed = 42;
    int largePatientObservations = 20000;
    // JSON client registrations on top of the built-in clients (empty: none).
    QString clientsFile;
    // /authorize answers at once for this Patient or Practitioner id (no sign-in pages);
    // an empty id: the first demo patient.
    std::optional<QString> autoApproveUser;
    FaultPlan faults;
    // A User-access Brands Bundle to publish at /brands/bundle.json instead of the demo
    // organisations (empty: the demo ones), and whether it is served with an ETag.
    QString brandsFile;
    bool brandsEtag = true;
    // Request size limits and the idle timeout of every HTTP connection.
    ConnectionLimits limits;
    Clock clock = systemClock();
    // Lets tests change the records while the server runs (AdminApi: /admin/...). Off, the
    // routes do not exist; on, they answer loopback peers only, without a token.
    bool admin = false;
    // Threads serving the connections (ServerPool); 0: one per core.
    int threads = 0;
};

// The whole SMART sandbox of one organisation on one port: the records (generated or loaded), the
// demo accounts, the authorization server under {prefix}/auth, the FHIR API under {prefix}/fhir
// (the prefix: OrganisationProfile::pathPrefix, none for the GP), the brands Bundle and, for
// tests, the admin API under /admin (SandboxOptions::admin). SandboxOrganisations runs several.
// Listens on the thread that calls start() (SandboxHost runs one on its own thread) and serves each
// connection on one of the ServerPool's threads.
class SandboxServer final : public QObject
{
    Q_OBJECT

public:
    explicit SandboxServer(SandboxOptions options, QObject *parent = nullptr);
    ~SandboxServer() override;
    Q_DISABLE_COPY_MOVE(SandboxServer)

    // Loads or generates the records, then listens. Returns the FHIR base URL.
    Result<QUrl> start();

    QUrl fhirBaseUrl() const; // http://127.0.0.1:PORT/fhir, empty before start()
    Organisation organisation() const { return m_options.organisation; }
    // Publishes the demo brands Bundle with the GP's endpoint at `gpFhirBase` (empty: where the
    // shipped directory says) and Kete City Hospital's at `hospitalFhirBase`, unless
    // SandboxOptions::brandsFile replaces the demo Bundle. Call after start(), on this server's
    // thread before it returns to its event loop: the serving threads read the Bundle.
    void publishDemoBrands(const QUrl &gpFhirBase, const QUrl &hospitalFhirBase);
    QUrl authorizationEndpoint() const;
    QUrl tokenEndpoint() const;
    quint16 port() const;

    const DemoDirectory &directory() const { return m_directory; }
    const ResourceStore &store() const { return *m_store; }
    TokenStore &tokens() { return m_tokens; }
    // The brands Bundle this server publishes (named in its smart-configuration).
    BrandsPublisher &brands() { return m_brands; }
    QUrl brandsBundleUrl() const;

private:
    Result<bool> loadRecords();

    SandboxOptions m_options;
    std::unique_ptr<ResourceStore> m_store;
    DemoDirectory m_directory;
    TokenStore m_tokens;
    std::unique_ptr<AuthorizationServer> m_auth;
    std::unique_ptr<FhirApi> m_fhir;
    std::unique_ptr<AdminApi> m_admin; // only with SandboxOptions::admin
    BrandsPublisher m_brands;
    bool m_brandsFromFile = false;      // SandboxOptions::brandsFile
    std::unique_ptr<ServerPool> m_pool; // before the APIs its routes call into go
    QTcpServer *m_tcp = nullptr;        // child: listens, hands connections to m_pool
    QUrl m_base;
};

} // namespace kete::sandbox
