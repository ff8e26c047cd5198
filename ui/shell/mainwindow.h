#pragma once

#include "connection/connectiontarget.h"
#include "sandbox/server/sandboxserver.h"
#include "signin/signincoordinator.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>

class QSettings;
class QStackedWidget;

namespace kete {
class ProviderStore;
struct Error;
namespace connection {
class Connection;
class ConnectionManager;
} // namespace connection
namespace inspector {
class ConnectionLog;
}
namespace record {
class PatientRecord;
class ShownRecord;
} // namespace record
namespace sandbox {
class SandboxHost;
}
namespace smart {
class Session;
}
} // namespace kete

namespace kete::ui {

class BusyPage;
class ClinicianWorkspace;
class DirectoryFromAddress;
class ConnectionDetailsDialog;
class ConnectFlow;
class MessageBar;
class RecordView;
class SessionView;
class StatusLine;
class WelcomePage;
struct WindowActions;

struct MainWindowOptions
{
    QSettings *settings = nullptr; // nullptr: the application's QSettings
    QString keychainService = QStringLiteral("org.kete.Kete");
    sandbox::SandboxOptions demo; // what "Try the demo" starts, in this process
};

// The window: menus, pages and what they say. The connections are ConnectionManager's; the
// window shows one at a time:
//
//   Welcome ──connect / demo / saved provider──▶ Busy (discovery, sign-in, restore)
//      ▲                                            │ opened
//      └────────── sign out / forget ◀── Record (banner, summary, labs, conditions)
//
// The demo sandbox runs on its own thread (SandboxHost) and stays up between sign-ins.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(MainWindowOptions options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    WelcomePage *welcomePage() const { return m_welcome; }
    BusyPage *busyPage() const { return m_busy; }
    RecordView *recordView() const;
    MessageBar *messageBar() const { return m_messages; }
    // The sign-in's pages (the embedded browser) and the sign-in they show.
    SignInCoordinator *signIn() const { return m_signInPages; }
    connection::ConnectionManager *connections() const { return m_connections.get(); }
    sandbox::SandboxHost *demoSandbox() const;
    // The record on screen: the patient's own, or the clinician's current tab (else nullptr).
    record::PatientRecord *patientRecord() const;
    // What the record view shows: as above, or the patient's providers' records put together.
    record::ShownRecord *shownRecord() const;
    ClinicianWorkspace *clinicianWorkspace() const;
    smart::Session *session() const;
    ProviderStore *providers() const;
    // The handshake and requests of the current provider (reset at each new sign-in).
    inspector::ConnectionLog *connectionLog() const;
    QString statusText() const;

public Q_SLOTS:
    void startDemo();
    void startClinicianDemo();
    void showConnectDialog();
    // Starts the sign-in for a FHIR address at once (kete --connect).
    void connectTo(const QUrl &fhirBase, const QString &clientId = {},
                   smart::ScopeChoice access = {});
    void openSavedProvider(const QString &providerId);
    // File -> Add a provider: the welcome page, to choose one more provider whose record joins
    // the patient's record on screen.
    void addProvider();
    // At start: the provider last signed in to, when the keychain still has its sign-in. No
    // browser opens by itself; a sign-in that ended is explained, with "Sign in again".
    void reopenLastProvider();
    void signOut();
    void setKeepCopy(bool keep);
    void removeKeptCopies(const QString &providerId);
    // The sign-in for the provider on screen (or the last one) again, in the browser.
    void signInAgain();
    void forgetProvider(const QString &providerId);
    void reload();
    void showAbout();
    void showConnectionDetails();
    // The provider's own page for the apps the user allowed (management_endpoint), in the
    // system browser; only an https (or loopback) address is opened.
    void manageAccess();

private:
    void connectActions();
    void showConnection(connection::Connection *connection);
    // The connection is a patient's further provider (or a new sign-in to one on screen): its
    // record joins the one shown. False when it is not.
    bool joinShown(connection::Connection *connection);
    // What the window says of a connection's life (offline, back again).
    void watchConnection(connection::Connection *connection);
    // The strip's Refresh, Sign in again and Remove of one of the patient's providers.
    void refreshProvider(connection::Connection *connection);
    void removeProvider(connection::Connection *connection);
    // The connections on screen: a patient's providers, or the clinician's one.
    QList<connection::Connection *> shownConnections() const;
    // Closes the connection on screen (without signing out) and its view.
    void closeShown();
    // Signs out of the connection on screen, without asking about its kept copy.
    void signOutShown();
    void showWelcome();
    // The saved providers on the welcome page, each saying whether a copy of its record is kept.
    void listSavedProviders();
    // Back to the record still open after a sign-in that was cancelled or failed; false if none.
    bool returnToOpenRecord();
    void showBusy(const QString &text);
    // The provider on screen, or the one of the latest sign-in.
    const connection::ConnectionTarget &currentTarget() const;
    void updateActions();
    void updateStatus();
    // The connection on screen can no longer read (refresh refused): say so, keep the record.
    bool signInHasEnded() const;
    void showSignInEnded(connection::Connection *connection);

    std::unique_ptr<QSettings> m_ownSettings;
    SignInCoordinator *m_signInPages;
    std::unique_ptr<connection::ConnectionManager> m_connections;
    QPointer<ConnectionDetailsDialog> m_connectionDetails;
    ConnectFlow *m_flow;

    QStackedWidget *m_pages;
    WelcomePage *m_welcome;
    BusyPage *m_busy;
    MessageBar *m_messages;
    StatusLine *m_status;
    std::unique_ptr<WindowActions> m_actions;
    DirectoryFromAddress *m_directoryFromAddress;

    QPointer<connection::Connection> m_shown; // a patient's first provider, or the clinician's
    bool m_addingProvider = false;
    // The connection whose sign-in ended, told last: "Sign in again" is for its provider.
    QPointer<connection::Connection> m_signInEnded;
    QPointer<SessionView> m_sessionView;
};

} // namespace kete::ui
