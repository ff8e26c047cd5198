#include "sandbox/server/sandboxorganisations.h"

namespace kete::sandbox {

SandboxOrganisations::SandboxOrganisations(const QList<Organisation> &organisations,
                                           const SandboxOptions &options, QObject *parent)
    : QObject(parent)
{
    for (qsizetype i = 0; i < organisations.size(); ++i) {
        SandboxOptions own = options;
        own.organisation = organisations.at(i);
        if (options.port != 0)
            own.port = quint16(options.port + i);
        m_servers.append(new SandboxServer(std::move(own), this));
    }
}

SandboxOrganisations::~SandboxOrganisations()
{
    // Stop every server (and its serving threads) before QObject deletes the children.
    qDeleteAll(m_servers);
}

Result<QList<QUrl>> SandboxOrganisations::start()
{
    QList<QUrl> bases;
    for (SandboxServer *server : std::as_const(m_servers)) {
        const Result<QUrl> base = server->start();
        if (!base)
            return base.error();
        bases.append(*base);
    }
    // Before this thread's event loop accepts a connection: the Bundle is then only read.
    const SandboxServer *gp = server(Organisation::Gp);
    const SandboxServer *hospital = server(Organisation::Hospital);
    if (hospital) {
        for (SandboxServer *each : std::as_const(m_servers))
            each->publishDemoBrands(gp ? gp->fhirBaseUrl() : QUrl(), hospital->fhirBaseUrl());
    }
    return bases;
}

QList<QUrl> SandboxOrganisations::fhirBaseUrls() const
{
    QList<QUrl> bases;
    for (const SandboxServer *server : m_servers)
        bases.append(server->fhirBaseUrl());
    return bases;
}

SandboxServer *SandboxOrganisations::server(Organisation organisation) const
{
    for (SandboxServer *server : m_servers) {
        if (server->organisation() == organisation)
            return server;
    }
    return nullptr;
}

} // namespace kete::sandbox
