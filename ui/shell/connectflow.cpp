#include "shell/connectflow.h"

#include "brands/providersearch.h"
#include "common/result.h"
#include "connection/connectionmanager.h"
#include "fhir/fhirclient.h"
#include "shell/connectiontargets.h"
#include "shell/demolauncher.h"
#include "signin/connectdialog.h"
#include "smart/signin.h"
#include "storage/providerstore.h"

#include <QWidget>

namespace kete::ui {

using connection::ConnectionTarget;

ConnectFlow::ConnectFlow(connection::ConnectionManager *connections, sandbox::SandboxOptions demo,
                         QWidget *dialogParent)
    : QObject(dialogParent)
    , m_connections(connections)
    , m_dialogParent(dialogParent)
    , m_demo(new DemoLauncher(std::move(demo), this))
{
    connect(m_demo, &DemoLauncher::ready, this, [this](const QUrl &fhirBase) {
        signIn(demoTarget(fhirBase, m_demoAudience, m_demoOrganisation));
    });
    connect(m_demo, &DemoLauncher::failed, this, [this](const QString &message) {
        Q_EMIT couldNotStart(Error{tr("The demo could not start on this computer."), message});
    });
    connect(connections, &connection::ConnectionManager::signInFailed, this, &ConnectFlow::failed);
    connect(connections, &connection::ConnectionManager::restoreFailed, this,
            &ConnectFlow::onRestoreFailed);
    connect(connections, &connection::ConnectionManager::serverDirectoryLoaded, this,
            [this](std::shared_ptr<const brands::BrandsIndex> index) {
                if (!m_serverDirectories.contains(index))
                    m_serverDirectories.append(std::move(index));
            });
}

bool ConnectFlow::isSigningIn() const
{
    return m_connections->signIn()->isRunning();
}

void ConnectFlow::startDemo(smart::ScopeAudience audience, sandbox::Organisation organisation)
{
    if (isSigningIn())
        return;
    m_demoAudience = audience;
    m_demoOrganisation = organisation;
    Q_EMIT busy(tr("Starting the demo: making up patients and their results…"));
    m_demo->request(organisation);
}

void ConnectFlow::askForProvider()
{
    if (isSigningIn())
        return;
    ConnectDialog dialog(m_dialogParent);
    for (const auto &directory : std::as_const(m_serverDirectories))
        dialog.providerSearch()->addDirectory(directory, true);
    if (dialog.exec() == QDialog::Accepted)
        signIn(targetFromDialog(dialog));
}

void ConnectFlow::connectTo(const QUrl &fhirBase, const QString &clientId,
                            smart::ScopeChoice access, const QString &displayName)
{
    if (const auto checked = fhir::FhirClient::checkServerUrl(fhirBase); !checked) {
        Q_EMIT couldNotStart(checked.error());
        return;
    }
    ConnectionTarget target = targetForAddress(fhirBase, clientId, access);
    if (!displayName.isEmpty())
        target.displayName = displayName;
    signIn(std::move(target));
}

bool ConnectFlow::openSaved(const QString &providerId)
{
    return restore(providerId, AfterRestoreFailure::SignIn);
}

void ConnectFlow::reopenLast()
{
    const QString last = m_connections->providers()->lastUsedProviderId();
    if (!last.isEmpty())
        restore(last, AfterRestoreFailure::Explain);
}

bool ConnectFlow::restore(const QString &providerId, AfterRestoreFailure afterFailure)
{
    const auto provider = m_connections->providers()->provider(providerId);
    if (!provider || isSigningIn())
        return false;
    m_afterRestoreFailure = afterFailure;
    Q_EMIT busy(tr("Opening %1…").arg(provider->displayName));
    m_connections->restore(providerId);
    return true;
}

void ConnectFlow::onRestoreFailed(const ConnectionTarget &target, const Error &error)
{
    if (m_afterRestoreFailure == AfterRestoreFailure::SignIn)
        signIn(target);
    else
        Q_EMIT restoreExplained(target, error);
}

void ConnectFlow::signIn(ConnectionTarget target)
{
    Q_EMIT busy(tr("Connecting to %1…").arg(target.displayName));
    m_connections->signIn(std::move(target));
}

void ConnectFlow::signInWithLessAccess()
{
    ConnectionTarget target = m_connections->lastTarget();
    target.request.access.essentialOnly = true;
    signIn(std::move(target));
}

bool ConnectFlow::cancel()
{
    m_demo->cancel();
    const bool signingIn = isSigningIn();
    m_connections->cancel(); // a sign-in's Cancel reports back through failed()
    return signingIn;
}

} // namespace kete::ui
