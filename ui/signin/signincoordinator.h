#pragma once

#include "common/result.h"
#include "smart/authorizationflow.h"
#include "smart/clientregistration.h"
#include "smart/scopeset.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QMessageBox;
class QNetworkAccessManager;
class QWidget;

namespace kete::smart {
class SmartDiscovery;
}

namespace kete::ui {

class SignInBrowser;

struct SignInRequest
{
    QUrl fhirBase;
    smart::ClientRegistration client;
    smart::ScopeChoice access;
};

// Runs one sign-in from the GUI's side:
//
//   start(request) -> discovery -> scopes from the server's capabilities -> AuthorizationFlow
//     embedded:       SignInBrowser shows the provider's pages, hands the caught redirect back
//     system browser: the provider's page opens in the user's browser, a small dialog waits
//   -> succeeded(result) | failed(error)          exactly one of them per start()
//
// "Use my web browser instead" in the embedded browser restarts the same sign-in in the system
// browser. Cancel anywhere ends it with failed(error) whose detail is "flow.cancelled".
class SignInCoordinator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInCoordinator)

public:
    SignInCoordinator(QNetworkAccessManager *network, QWidget *dialogParent);
    ~SignInCoordinator() override;

    void start(const SignInRequest &request);
    void cancel();
    bool isRunning() const { return m_running; }

    // The browser while the provider's pages are shown (tests drive it as a user would).
    SignInBrowser *browser() const;
    // For watching the handshake step by step (the connection details).
    smart::SmartDiscovery *discovery() const { return m_discovery; }
    smart::AuthorizationFlow *flow() const { return m_flow; }

    static bool isCancellation(const Error &error);
    // The provider refused the scopes asked for (`invalid_scope`).
    static bool isScopeRefusal(const Error &error);

Q_SIGNALS:
    // Plain words for a progress line: "Looking up Demo Health…".
    void stepChanged(const QString &text);
    void succeeded(const kete::smart::SignInResult &result);
    void failed(const kete::Error &error);
    // The user switched to the system browser: remember it for this provider.
    void systemBrowserChosen();

private:
    void onDiscovered(quint64 attempt, const Result<smart::SmartConfiguration> &configuration);
    void openAuthorizationPage(const QUrl &url);
    void openEmbeddedBrowser(const QUrl &url);
    void openSystemBrowser(const QUrl &url);
    void closeWindows();
    void finish();

    QPointer<QWidget> m_dialogParent;
    smart::SmartDiscovery *m_discovery;
    smart::AuthorizationFlow *m_flow;
    QPointer<SignInBrowser> m_browser;
    QPointer<QMessageBox> m_waitingForSystemBrowser;
    SignInRequest m_request;
    quint64 m_attempt = 0;
    bool m_running = false;
};

} // namespace kete::ui
