#pragma once

#include "connection/connectiontarget.h"
#include "sandbox/server/organisation.h"
#include "sandbox/server/sandboxserver.h"
#include "smart/scopeset.h"

#include <QList>
#include <QObject>
#include <memory>

class QWidget;

namespace kete {
struct Error;
namespace brands {
class BrandsIndex;
}
namespace connection {
class ConnectionManager;
}
} // namespace kete

namespace kete::ui {

class DemoLauncher;

// The ways into a connection, and what happens when one does not work out: the demo, the Connect
// dialog, an address given at the command line, a saved provider (from the keychain, else in the
// browser), signing in again or with less access.
//
//   busy(text)                 a way in has started (the window shows the busy page)
//   opened                     through ConnectionManager::opened
//   failed(target, error)      the sign-in failed or was cancelled
//   restoreExplained(...)      the saved sign-in could not be used at start: say so, no browser
//   couldNotStart(error)       the demo sandbox could not start, or the address is refused
class ConnectFlow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectFlow)

public:
    ConnectFlow(connection::ConnectionManager *connections, sandbox::SandboxOptions demo,
                QWidget *dialogParent);

    DemoLauncher *demo() const { return m_demo; }
    bool isSigningIn() const;

    // The demo practice, or (a patient adding a provider) the demo hospital.
    void startDemo(smart::ScopeAudience audience,
                   sandbox::Organisation organisation = sandbox::Organisation::Gp);
    void askForProvider();
    // Starts the sign-in for a FHIR address at once (kete --connect).
    void connectTo(const QUrl &fhirBase, const QString &clientId, smart::ScopeChoice access,
                   const QString &displayName = {});
    // false when there is no such provider or a sign-in is running.
    bool openSaved(const QString &providerId);
    // At start: the provider last signed in to, without a browser opening by itself.
    void reopenLast();
    void signIn(connection::ConnectionTarget target);
    void signInWithLessAccess();
    // The busy page's Cancel; false when no sign-in was running (nothing will report back).
    bool cancel();

Q_SIGNALS:
    void busy(const QString &text);
    void failed(const connection::ConnectionTarget &target, const kete::Error &error);
    void restoreExplained(const connection::ConnectionTarget &target, const kete::Error &error);
    void couldNotStart(const kete::Error &error);

private:
    enum class AfterRestoreFailure
    {
        SignIn,  // the user chose the provider: sign in again
        Explain, // at start: say so, and let the user choose
    };
    bool restore(const QString &providerId, AfterRestoreFailure afterFailure);
    void onRestoreFailed(const connection::ConnectionTarget &target, const Error &error);

    connection::ConnectionManager *m_connections;
    // The directories of the servers signed in to in this run, offered first in the dialog.
    QList<std::shared_ptr<const brands::BrandsIndex>> m_serverDirectories;
    QWidget *m_dialogParent;
    DemoLauncher *m_demo;
    smart::ScopeAudience m_demoAudience = smart::ScopeAudience::Patient;
    sandbox::Organisation m_demoOrganisation = sandbox::Organisation::Gp;
    AfterRestoreFailure m_afterRestoreFailure = AfterRestoreFailure::SignIn;
};

} // namespace kete::ui
