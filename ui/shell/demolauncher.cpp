#include "shell/demolauncher.h"

#include "common/logging.h"
#include "sandbox/server/sandboxhost.h"

namespace kete::ui {

DemoLauncher::DemoLauncher(sandbox::SandboxOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

DemoLauncher::~DemoLauncher() = default;

void DemoLauncher::request(sandbox::Organisation organisation)
{
    m_requested = true;
    m_organisation = organisation;
    const auto readyIfRequested = [this] {
        if (m_requested && m_host) {
            m_requested = false;
            Q_EMIT ready(
                m_host->fhirBaseUrls().value(sandbox::allOrganisations().indexOf(m_organisation)));
        }
    };
    if (m_host && m_host->isRunning()) {
        QMetaObject::invokeMethod(this, readyIfRequested, Qt::QueuedConnection);
        return;
    }
    if (m_starting)
        return;
    m_host = std::make_unique<sandbox::SandboxHost>(sandbox::allOrganisations(), m_options);
    connect(m_host.get(), &sandbox::SandboxHost::organisationsStarted, this,
            [this, readyIfRequested] {
                m_starting = false;
                readyIfRequested();
            });
    connect(m_host.get(), &sandbox::SandboxHost::failed, this, [this](const QString &message) {
        qCWarning(lcUi) << "demo sandbox did not start:" << message;
        m_starting = false;
        m_host.reset();
        if (std::exchange(m_requested, false))
            Q_EMIT failed(message);
    });
    m_starting = true;
    m_host->start();
}

void DemoLauncher::cancel()
{
    m_requested = false;
}

} // namespace kete::ui
