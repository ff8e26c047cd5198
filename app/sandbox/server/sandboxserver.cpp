#include "sandbox/server/sandboxserver.h"

#include "common/logging.h"
#include "sandbox/auth/authorizationserver.h"
#include "sandbox/auth/clientregistry.h"
#include "sandbox/data/bundleloader.h"
#include "sandbox/data/hospitalgenerator.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/data/resourcestore.h"
#include "sandbox/fhirapi/fhirapi.h"
#include "sandbox/server/adminapi.h"
#include "sandbox/server/serverpool.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QTcpServer>

namespace kete::sandbox {

namespace {

QString fhirPathOf(Organisation organisation)
{
    return profileOf(organisation).pathPrefix + QStringLiteral("/fhir");
}

QString authPathOf(Organisation organisation)
{
    return profileOf(organisation).pathPrefix + QStringLiteral("/auth");
}

} // namespace

SandboxServer::SandboxServer(SandboxOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_store(std::make_unique<ResourceStore>())
    , m_tokens(m_options.clock)
{}

SandboxServer::~SandboxServer()
{
    // The routes call into m_fhir, m_auth and m_admin: no connection is accepted or served any
    // more before they go.
    delete m_tcp;
    m_pool.reset();
}

Result<bool> SandboxServer::loadRecords()
{
    QElapsedTimer timer;
    timer.start();
    if (m_options.dataFolder.isEmpty()) {
        GeneratorOptions generator;
        generator.seed = m_options.seed;
        generator.largePatientObservations = m_options.largePatientObservations;
        m_directory = m_options.organisation == Organisation::Hospital
                          ? HospitalGenerator(generator).generate(*m_store)
                          : PatientGenerator(generator).generate(*m_store);
    } else {
        BundleLoader loader(*m_store);
        Result<LoadReport> report = loader.loadFolder(m_options.dataFolder);
        if (!report)
            return report.error();
        for (const LoadProblem &problem : report->problems)
            qCWarning(lcSandbox) << "skipped" << problem.source << problem.detail;
        m_directory = report->directory;
    }
    qCInfo(lcSandbox) << "records ready:" << m_store->patientIds().size() << "patients in"
                      << timer.elapsed() << "ms";
    return true;
}

Result<QUrl> SandboxServer::start()
{
    if (m_tcp)
        return m_base;
    if (const Result<bool> loaded = loadRecords(); !loaded)
        return loaded.error();

    ClientRegistry clients;
    if (!m_options.clientsFile.isEmpty()) {
        const Result<int> added = clients.loadFile(m_options.clientsFile);
        if (!added)
            return added.error();
    }

    // Routes are registered before the port is known; the base URL's path is fixed already.
    const QString fhirPath = fhirPathOf(m_options.organisation);
    AuthorizationServerConfig config;
    config.fhirBaseUrl = QUrl(QStringLiteral("http://127.0.0.1") + fhirPath);
    config.authPath = authPathOf(m_options.organisation);
    config.autoApproveUser = m_options.autoApproveUser;
    // The hospital knows the GP's demo patients by its own ids: "amy-shaw" is "kch-amy-shaw".
    if (m_options.organisation == Organisation::Hospital && config.autoApproveUser &&
        !m_directory.patientById(*config.autoApproveUser)) {
        const QString hospitalId = HospitalGenerator::patientIdFor(*config.autoApproveUser);
        if (m_directory.patientById(hospitalId))
            config.autoApproveUser = hospitalId;
    }
    if (config.autoApproveUser && config.autoApproveUser->isEmpty()) {
        if (m_directory.patients.isEmpty())
            return Error{QCoreApplication::translate("kete::sandbox::SandboxServer",
                                                     "There is no patient to sign in as."),
                         QStringLiteral("auto-approve without patients")};
        config.autoApproveUser = m_directory.patients.constFirst().patientId;
    }
    m_auth = std::make_unique<AuthorizationServer>(config, m_tokens, clients, m_directory);
    m_auth->setFaultPlan(m_options.faults);
    m_fhir = std::make_unique<FhirApi>(*m_store, m_tokens, m_options.faults, fhirPath);
    m_fhir->setOrganisationName(profileOf(m_options.organisation).name);
    QByteArray brands;
    if (!m_options.brandsFile.isEmpty()) {
        QFile file(m_options.brandsFile);
        if (!file.open(QIODevice::ReadOnly))
            return Error{QCoreApplication::translate("kete::sandbox::SandboxServer",
                                                     "The brands bundle %1 could not be read.")
                             .arg(m_options.brandsFile),
                         file.errorString()};
        brands = file.readAll();
    }
    m_brands.setSendsEtag(m_options.brandsEtag);
    if (m_options.admin)
        m_admin = std::make_unique<AdminApi>(*m_store, *m_fhir, m_options.clock);

    auto *tcp = new GuardedTcpServer(m_options.limits, this);
    if (!tcp->listen(m_options.address, m_options.port)) {
        const QString reason = tcp->errorString();
        delete tcp;
        return Error{QCoreApplication::translate("kete::sandbox::SandboxServer",
                                                 "The sandbox could not listen on %1:%2.")
                         .arg(m_options.address.toString())
                         .arg(m_options.port),
                     reason};
    }
    // Connections are accepted by this thread's event loop, so none is served before start()
    // has set the base URL below.
    m_pool = std::make_unique<ServerPool>(m_options.threads, m_options.limits,
                                          [this](QHttpServer &http) {
                                              m_auth->registerRoutes(http);
                                              m_brands.registerRoutes(http);
                                              m_fhir->registerRoutes(http);
                                              if (m_admin)
                                                  m_admin->registerRoutes(http);
                                          });
    tcp->setHandOff([pool = m_pool.get()](qintptr socket) { pool->handOff(socket); });
    m_tcp = tcp;

    QUrl base;
    base.setScheme(QStringLiteral("http"));
    base.setHost(m_options.address.toString());
    base.setPort(m_tcp->serverPort());
    base.setPath(fhirPath);
    m_base = base;
    m_auth->setFhirBaseUrl(m_base);
    m_brandsFromFile = !brands.isEmpty();
    if (m_brandsFromFile)
        m_brands.setBundle(brands);
    else if (m_options.organisation == Organisation::Hospital)
        m_brands.setBundle(BrandsPublisher::demoBundle({}, m_base));
    else
        m_brands.setBundle(BrandsPublisher::demoBundle(m_base));
    m_auth->setUserAccessBrand(brandsBundleUrl(),
                               profileOf(m_options.organisation).brandIdentifier);
    m_fhir->setBaseUrl(m_base);
    m_fhir->setOAuthEndpoints({m_auth->endpoint(QStringLiteral("authorize")),
                               m_auth->endpoint(QStringLiteral("token")),
                               m_auth->endpoint(QStringLiteral("revoke")),
                               m_auth->endpoint(QStringLiteral("introspect"))});
    qCInfo(lcSandbox) << "listening at" << m_base.toString() << "with" << m_pool->threadCount()
                      << "serving threads";
    return m_base;
}

QUrl SandboxServer::fhirBaseUrl() const
{
    return m_base;
}

void SandboxServer::publishDemoBrands(const QUrl &gpFhirBase, const QUrl &hospitalFhirBase)
{
    if (!m_brandsFromFile && !m_base.isEmpty())
        m_brands.setBundle(BrandsPublisher::demoBundle(gpFhirBase, hospitalFhirBase));
}

QUrl SandboxServer::authorizationEndpoint() const
{
    return m_auth ? m_auth->endpoint(QStringLiteral("authorize")) : QUrl();
}

QUrl SandboxServer::tokenEndpoint() const
{
    return m_auth ? m_auth->endpoint(QStringLiteral("token")) : QUrl();
}

QUrl SandboxServer::brandsBundleUrl() const
{
    if (m_base.isEmpty())
        return {};
    QUrl url = m_base;
    url.setPath(BrandsPublisher::path());
    return url;
}

quint16 SandboxServer::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

} // namespace kete::sandbox
