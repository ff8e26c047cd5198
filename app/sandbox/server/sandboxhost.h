#pragma once

#include "sandbox/server/organisation.h"
#include "sandbox/server/sandboxserver.h"

#include <QList>
#include <QObject>
#include <QThread>
#include <QUrl>

namespace kete::sandbox {

class SandboxOrganisations;

// Runs the sandbox on its own thread, never the caller's (the GUI's): generating the records
// and answering requests never block the user interface. "Try the demo" uses this.
//
//   auto *host = new SandboxHost(options, this);   // one organisation: options.organisation
//   connect(host, &SandboxHost::started, this, [](const QUrl &fhirBase) { ... });
//   host->start();
//
// Several providers ("add a second demo provider"): one server per organisation, each on its
// own port, all on the host's thread:
//
//   auto *host = new SandboxHost({Organisation::Gp, Organisation::Hospital}, options, this);
//   connect(host, &SandboxHost::organisationsStarted, this, [](const QList<QUrl> &bases) { ... });
//
// The destructor stops the servers and joins the thread.
class SandboxHost final : public QObject
{
    Q_OBJECT

public:
    explicit SandboxHost(SandboxOptions options = {}, QObject *parent = nullptr);
    SandboxHost(const QList<Organisation> &organisations, const SandboxOptions &options,
                QObject *parent = nullptr);
    ~SandboxHost() override;
    Q_DISABLE_COPY_MOVE(SandboxHost)

    // Asynchronous: emits organisationsStarted() and started() once every organisation
    // listens, or failed(). A second call does nothing.
    void start();

    QUrl fhirBaseUrl() const { return m_bases.value(0); } // the first; empty until started()
    // Every organisation's FHIR base, in the order given; empty until started().
    QList<QUrl> fhirBaseUrls() const { return m_bases; }
    bool isRunning() const { return !m_bases.isEmpty(); }
    // The first organisation's server (it lives on serverThread(); touch it only through queued
    // calls).
    SandboxServer *server() const;
    // That organisation's server, nullptr when it is not served.
    SandboxServer *server(Organisation organisation) const;
    QThread *serverThread() { return &m_thread; }

Q_SIGNALS:
    void started(const QUrl &fhirBaseUrl); // the first organisation's
    void organisationsStarted(const QList<QUrl> &fhirBaseUrls);
    void failed(const QString &message);

private:
    QThread m_thread;
    SandboxOrganisations *m_organisations = nullptr;
    QList<QUrl> m_bases;
};

} // namespace kete::sandbox
