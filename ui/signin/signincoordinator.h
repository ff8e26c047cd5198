#pragma once

#include "common/result.h"
#include "smart/signin.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QMessageBox;
class QWidget;

namespace kete::ui {

class SignInBrowser;

using SignInRequest = smart::SignInRequest;

// The GUI's pages of a sign-in (smart::SignIn runs the sequence; attach() names it):
//     embedded:       SignInBrowser shows the provider's pages, hands the caught redirect back
//     system browser: the provider's page opens in the user's browser, a small dialog waits
//
// "Use my web browser instead" in the embedded browser restarts the same sign-in in the system
// browser. Cancel anywhere ends it with failed(error) whose detail is "flow.cancelled".
class SignInCoordinator final : public QObject, private smart::SignInPages
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInCoordinator)

public:
    explicit SignInCoordinator(QWidget *dialogParent);
    ~SignInCoordinator() override;

    smart::SignInPages *pages() { return this; }
    // The sign-in these pages are for; its signals are passed on.
    void attach(smart::SignIn *signIn);
    void cancel() { m_signIn->cancel(); }
    bool isRunning() const { return m_signIn->isRunning(); }

    // The browser while the provider's pages are shown (tests drive it as a user would).
    SignInBrowser *browser() const;
    // For watching the handshake step by step (the connection details).
    smart::SmartDiscovery *discovery() const { return m_signIn->discovery(); }
    smart::AuthorizationFlow *flow() const { return m_signIn->flow(); }

    static bool isCancellation(const Error &error) { return smart::SignIn::isCancellation(error); }
    static bool isScopeRefusal(const Error &error) { return smart::SignIn::isScopeRefusal(error); }

Q_SIGNALS:
    // Plain words for a progress line: "Looking up Demo Health…".
    void stepChanged(const QString &text);
    void succeeded(const kete::smart::SignInResult &result);
    void failed(const kete::Error &error);

private:
    void open(const QUrl &authorizeUrl, smart::BrowserMode mode) override;
    void close() override;
    void openEmbeddedBrowser(const QUrl &url);
    void openSystemBrowser(const QUrl &url);

    QPointer<QWidget> m_dialogParent;
    QPointer<smart::SignIn> m_signIn;
    QPointer<SignInBrowser> m_browser;
    QPointer<QMessageBox> m_waitingForSystemBrowser;
};

} // namespace kete::ui
