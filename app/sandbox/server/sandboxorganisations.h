#pragma once

#include "common/result.h"
#include "sandbox/server/organisation.h"
#include "sandbox/server/sandboxserver.h"

#include <QList>
#include <QObject>
#include <QUrl>

namespace kete::sandbox {

// Several providers at once ("kete-sandbox --organisations 2"): one SandboxServer per
// organisation, each its own origin (port), authorization server, tokens, client registrations,
// demo accounts and records. With SandboxOptions::port P they listen on P, P+1, ...; with 0 on
// free ports. Each one's brands Bundle lists every organisation with its own endpoint.
// Lives on one thread; the servers are its children (SandboxHost moves them all at once).
class SandboxOrganisations final : public QObject
{
    Q_OBJECT

public:
    // `options` apply to each (its `organisation` is replaced by each of `organisations`).
    SandboxOrganisations(const QList<Organisation> &organisations, const SandboxOptions &options,
                         QObject *parent = nullptr);
    ~SandboxOrganisations() override;
    Q_DISABLE_COPY_MOVE(SandboxOrganisations)

    // Starts each in order, then publishes the brands; the FHIR bases in the same order. On an
    // error the servers already started keep listening until this object goes.
    Result<QList<QUrl>> start();

    QList<QUrl> fhirBaseUrls() const;
    const QList<SandboxServer *> &servers() const { return m_servers; }
    // nullptr when that organisation is not served.
    SandboxServer *server(Organisation organisation) const;

private:
    QList<SandboxServer *> m_servers; // children
};

} // namespace kete::sandbox
