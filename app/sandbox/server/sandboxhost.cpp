#include "sandbox/server/sandboxhost.h"

#include "common/logging.h"

#include <QMetaObject>

namespace kete::sandbox {

SandboxHost::SandboxHost(SandboxOptions options, QObject *parent)
    : QObject(parent)
    , m_server(new SandboxServer(std::move(options)))
{
    m_thread.setObjectName(QStringLiteral("kete-sandbox"));
    m_server->moveToThread(&m_thread);
}

SandboxHost::~SandboxHost()
{
    if (m_thread.isRunning()) {
        SandboxServer *server = m_server;
        QMetaObject::invokeMethod(
            server, [server] { delete server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_server;
    }
}

void SandboxHost::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    SandboxServer *server = m_server;
    QMetaObject::invokeMethod(server, [this, server] {
        const Result<QUrl> base = server->start();
        // Queued back to the host's thread. The host cannot be freed meanwhile: its destructor
        // waits for the server's thread, and a destroyed host drops the queued call.
        QMetaObject::invokeMethod(this, [this, base] {
            if (base) {
                m_base = *base;
                Q_EMIT started(*base);
            } else {
                qCWarning(lcSandbox) << "sandbox failed to start:" << base.error().detail;
                Q_EMIT failed(base.error().message);
            }
        });
    });
}

} // namespace kete::sandbox
