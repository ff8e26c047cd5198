#pragma once

#include "common/result.h"
#include "sandbox/server/sandboxserver.h"
#include "signin/signincoordinator.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <optional>

class QAction;
class QLabel;
class QNetworkAccessManager;
class QProgressBar;
class QSettings;
class QStackedWidget;
class QToolBar;

namespace kete {
class ChunkedSecretStore;
namespace inspector {
class ConnectionLog;
}
class ProviderStore;
struct ProviderSettings;
namespace record {
class PatientRecord;
}
namespace sandbox {
class SandboxHost;
}
namespace smart {
class Session;
struct SignInResult;
} // namespace smart
} // namespace kete

namespace kete::ui {

class BusyPage;
class DemoLauncher;
class ClinicianWorkspace;
class ConnectionDetailsDialog;
class MessageBar;
class RecordView;
class SessionView;
class WelcomePage;

struct MainWindowOptions
{
    QSettings *settings = nullptr; // nullptr: the application's QSettings
    QString keychainService = QStringLiteral("org.kete.Kete");
    sandbox::SandboxOptions demo; // what "Try the demo" starts, in this process
};

// The window and the app's one connection at a time:
//
//   Welcome ──connect / demo / saved provider──▶ Busy (discovery, sign-in, restore)
//      ▲                                            │ signed in
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
    SignInCoordinator *signIn() const { return m_signIn; }
    sandbox::SandboxHost *demoSandbox() const;
    // The record on screen: the patient's own, or the clinician's current tab (else nullptr).
    record::PatientRecord *patientRecord() const;
    ClinicianWorkspace *clinicianWorkspace() const;
    smart::Session *session() const { return m_session.get(); }
    ProviderStore *providers() const { return m_providers.get(); }
    // The handshake and requests of the current provider (reset at each new sign-in).
    inspector::ConnectionLog *connectionLog() const { return m_connectionLog; }
    QString statusText() const;

public Q_SLOTS:
    void startDemo();
    void startClinicianDemo();
    void showConnectDialog();
    // Starts the sign-in for a FHIR address at once (kete --connect).
    void connectTo(const QUrl &fhirBase, const QString &clientId = {},
                   smart::ScopeChoice access = {});
    void openSavedProvider(const QString &providerId);
    // At start: the provider last signed in to, when the keychain still has its sign-in. No
    // browser opens by itself; a sign-in that ended is explained, with "Sign in again".
    void reopenLastProvider();
    void signOut();
    // The sign-in for the provider on screen (or the last one) again, in the browser.
    void signInAgain();
    void forgetProvider(const QString &providerId);
    void reload();
    void showAbout();
    void showConnectionDetails();

private:
    // What the running or current connection is to: a saved provider, a new one, or the demo.
    struct Target
    {
        QString providerId; // empty for the demo and for a provider not saved yet
        QString displayName;
        SignInRequest request;
        bool remember = true;
    };

    enum class AfterRestoreFailure
    {
        SignIn,  // the user chose the provider: sign in again
        Explain, // at start: say so, and let the user choose
    };
    void restoreSavedProvider(const QString &providerId, AfterRestoreFailure afterFailure);
    void signInToSaved(Target target);
    void startDemoAs(smart::ScopeAudience audience);
    void onDemoReady(const QUrl &fhirBase);
    void watchRecord(record::PatientRecord *record);
    void createMenus();
    void createToolBar();
    void beginSignIn(Target target);
    void onSignedIn(const smart::SignInResult &result);
    void onSignInFailed(const Error &error);
    void openRecord(std::shared_ptr<smart::Session> session);
    void closeRecord();
    void showWelcome();
    // Back to the record still open after a sign-in that was cancelled or failed; false if none.
    bool returnToOpenRecord();
    void showBusy(const QString &text);
    void updateActions();
    // The session on screen can no longer read (refresh refused): say so, keep the record.
    bool signInHasEnded() const;
    void showSignInEnded();
    void updateStatus();
    ProviderSettings saveProvider(const smart::SignInResult &result);

    std::unique_ptr<QSettings> m_ownSettings;
    QSettings *m_settings;
    std::unique_ptr<ChunkedSecretStore> m_secrets;
    std::unique_ptr<ProviderStore> m_providers;
    QNetworkAccessManager *m_network;
    SignInCoordinator *m_signIn;
    inspector::ConnectionLog *m_connectionLog;
    QPointer<ConnectionDetailsDialog> m_connectionDetails;
    DemoLauncher *m_demo;
    smart::ScopeAudience m_demoAudience = smart::ScopeAudience::Patient;

    QStackedWidget *m_pages;
    WelcomePage *m_welcome;
    BusyPage *m_busy;
    MessageBar *m_messages;
    QToolBar *m_connectionBar;
    QLabel *m_connectionLabel;
    QLabel *m_statusLabel;
    QProgressBar *m_statusProgress;
    QAction *m_signInAgainAction;
    QAction *m_signOutAction;
    QAction *m_forgetAction;
    QAction *m_reloadAction;
    QList<QAction *> m_sectionActions; // View -> Summary, Lab results, Conditions
    QAction *m_exportAction;
    QAction *m_printAction;

    Target m_target;
    // While another sign-in runs: the provider of the record still open (it stays on Cancel).
    std::optional<Target> m_keptTarget;
    quint64 m_restoreAttempt = 0; // the running restore's number; anything else is stale
    std::shared_ptr<smart::Session> m_session;
    QPointer<SessionView> m_sessionView;
};

} // namespace kete::ui
