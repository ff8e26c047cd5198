#pragma once

#include "sandbox/server/sandboxserver.h"

#include <QObject>
#include <QThread>
#include <QUrl>

namespace kete::sandbox {

// Runs a SandboxServer on its own thread, never the caller's (the GUI's): generating the records
// and answering requests never block the user interface. "Try the demo" uses this.
//
//   auto *host = new SandboxHost(options, this);
//   connect(host, &SandboxHost::started, this, [](const QUrl &fhirBase) { ... });
//   host->start();
//
// The destructor stops the server and joins the thread.
class SandboxHost final : public QObject
{
    Q_OBJECT

public:
    explicit SandboxHost(SandboxOptions options = {}, QObject *parent = nullptr);
    ~SandboxHost() override;
    Q_DISABLE_COPY_MOVE(SandboxHost)

    // Asynchronous: emits started() once listening, or failed(). A second call does nothing.
    void start();

    QUrl fhirBaseUrl() const { return m_base; } // empty until started()
    bool isRunning() const { return !m_base.isEmpty(); }
    // The server object (it lives on serverThread(); touch it only through queued calls).
    SandboxServer *server() const { return m_server; }
    QThread *serverThread() { return &m_thread; }

Q_SIGNALS:
    void started(const QUrl &fhirBaseUrl);
    void failed(const QString &message);

private:
    QThread m_thread;
    SandboxServer *m_server = nullptr;
    QUrl m_base;
};

} // namespace kete::sandbox
