#include "signin/signincoordinator.h"

#include "common/logging.h"
#include "signin/signinbrowser.h"

#include <QDesktopServices>
#include <QMessageBox>
#include <QPushButton>

namespace kete::ui {

SignInCoordinator::SignInCoordinator(QWidget *dialogParent)
    : QObject(dialogParent)
    , m_dialogParent(dialogParent)
{}

void SignInCoordinator::attach(smart::SignIn *signIn)
{
    m_signIn = signIn;
    connect(m_signIn, &smart::SignIn::stepChanged, this, &SignInCoordinator::stepChanged);
    connect(m_signIn, &smart::SignIn::succeeded, this, &SignInCoordinator::succeeded);
    connect(m_signIn, &smart::SignIn::failed, this, &SignInCoordinator::failed);
}

SignInCoordinator::~SignInCoordinator()
{
    close();
}

SignInBrowser *SignInCoordinator::browser() const
{
    return m_browser;
}

void SignInCoordinator::open(const QUrl &authorizeUrl, smart::BrowserMode mode)
{
    if (mode == smart::BrowserMode::SystemBrowser)
        openSystemBrowser(authorizeUrl);
    else
        openEmbeddedBrowser(authorizeUrl);
}

void SignInCoordinator::openEmbeddedBrowser(const QUrl &url)
{
    auto *browser = new SignInBrowser(
        url,
        [signIn = QPointer(m_signIn)](const QUrl &candidate) {
            return signIn && signIn->isRedirect(candidate);
        },
        m_dialogParent);
    browser->setAttribute(Qt::WA_DeleteOnClose);
    m_browser = browser;
    connect(browser, &SignInBrowser::redirectCaught, m_signIn, &smart::SignIn::handleRedirect);
    connect(browser, &SignInBrowser::systemBrowserRequested, this, [this] {
        // Queued: the browser is still closing, and the new attempt starts a new flow.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_signIn)
                    m_signIn->restartIn(smart::BrowserMode::SystemBrowser);
            },
            Qt::QueuedConnection);
    });
    connect(browser, &QDialog::rejected, this, [this, browser] {
        if (m_browser == browser &&
            m_signIn->request().client.browserMode == smart::BrowserMode::Embedded)
            cancel();
    });
    browser->open();
}

void SignInCoordinator::openSystemBrowser(const QUrl &url)
{
    if (!QDesktopServices::openUrl(url)) {
        m_signIn->abandon(Error{tr("Kete could not open your web browser. Choose “Inside Kete” "
                                   "under Advanced in the provider's settings and try again."),
                                QStringLiteral("signin.system-browser-failed"),
                                ErrorCode::SystemBrowserFailed});
        return;
    }
    auto *waiting = new QMessageBox(QMessageBox::Information, tr("Sign in in your web browser"),
                                    tr("Your provider's sign-in page opened in your web browser. "
                                       "Sign in there; Kete continues by itself when you are "
                                       "done."),
                                    QMessageBox::Cancel, m_dialogParent);
    waiting->setAttribute(Qt::WA_DeleteOnClose);
    m_waitingForSystemBrowser = waiting;
    connect(waiting, &QMessageBox::rejected, this, [this, waiting] {
        if (m_waitingForSystemBrowser == waiting)
            cancel();
    });
    waiting->open();
}

void SignInCoordinator::close()
{
    if (SignInBrowser *browser = m_browser) {
        m_browser = nullptr;
        browser->disconnect(this);
        browser->close();
    }
    if (QMessageBox *waiting = m_waitingForSystemBrowser) {
        m_waitingForSystemBrowser = nullptr;
        waiting->disconnect(this);
        waiting->close();
    }
}

} // namespace kete::ui
