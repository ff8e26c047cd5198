#include "sandbox/server/sandboxhost.h"

#include "common/logging.h"
#include "sandbox/server/sandboxorganisations.h"

#include <QMetaObject>

namespace kete::sandbox {

SandboxHost::SandboxHost(SandboxOptions options, QObject *parent)
    : SandboxHost({options.organisation}, options, parent)
{}

SandboxHost::SandboxHost(const QList<Organisation> &organisations, const SandboxOptions &options,
                         QObject *parent)
    : QObject(parent)
    , m_organisations(new SandboxOrganisations(organisations, options))
{
    m_thread.setObjectName(QStringLiteral("kete-sandbox"));
    m_organisations->moveToThread(&m_thread);
}

SandboxHost::~SandboxHost()
{
    if (m_thread.isRunning()) {
        SandboxOrganisations *organisations = m_organisations;
        QMetaObject::invokeMethod(
            organisations, [organisations] { delete organisations; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_organisations;
    }
}

SandboxServer *SandboxHost::server() const
{
    return m_organisations->servers().value(0);
}

SandboxServer *SandboxHost::server(Organisation organisation) const
{
    return m_organisations->server(organisation);
}

void SandboxHost::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    SandboxOrganisations *organisations = m_organisations;
    QMetaObject::invokeMethod(organisations, [this, organisations] {
        const Result<QList<QUrl>> bases = organisations->start();
        // Queued back to the host's thread. The host cannot be freed meanwhile: its destructor
        // waits for the server's thread, and a destroyed host drops the queued call.
        QMetaObject::invokeMethod(this, [this, bases] {
            if (bases && !bases->isEmpty()) {
                m_bases = *bases;
                Q_EMIT organisationsStarted(m_bases);
                Q_EMIT started(m_bases.constFirst());
            } else {
                const QString detail =
                    bases ? QStringLiteral("no organisation") : bases.error().detail;
                qCWarning(lcSandbox) << "sandbox failed to start:" << detail;
                Q_EMIT failed(bases ? tr("The sandbox has no organisation to serve.")
                                    : bases.error().message);
            }
        });
    });
}

} // namespace kete::sandbox
