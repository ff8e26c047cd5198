#include "signin/signincoordinator.h"

#include "common/logging.h"
#include "signin/signinbrowser.h"
#include "smart/smartdiscovery.h"

#include <QDesktopServices>
#include <QMessageBox>
#include <QPushButton>

namespace kete::ui {

SignInCoordinator::SignInCoordinator(QNetworkAccessManager *network, QWidget *dialogParent)
    : QObject(dialogParent)
    , m_dialogParent(dialogParent)
    , m_discovery(new smart::SmartDiscovery(network, this))
    , m_flow(new smart::AuthorizationFlow(smart::systemClock(), this))
{
    connect(m_flow, &smart::AuthorizationFlow::authorizeUrlReady, this,
            &SignInCoordinator::openAuthorizationPage);
    connect(m_flow, &smart::AuthorizationFlow::succeeded, this,
            [this](const smart::SignInResult &result) {
                finish();
                Q_EMIT succeeded(result);
            });
    connect(m_flow, &smart::AuthorizationFlow::failed, this, [this](const Error &error) {
        if (!m_running)
            return;
        finish();
        Q_EMIT failed(error);
    });
}

SignInCoordinator::~SignInCoordinator()
{
    closeWindows();
}

SignInBrowser *SignInCoordinator::browser() const
{
    return m_browser;
}

bool SignInCoordinator::isCancellation(const Error &error)
{
    return error.detail == QLatin1String("flow.cancelled");
}

bool SignInCoordinator::isScopeRefusal(const Error &error)
{
    return error.detail.startsWith(QLatin1String("oauth.invalid_scope"));
}

void SignInCoordinator::start(const SignInRequest &request)
{
    closeWindows();
    m_request = request;
    m_running = true;
    const quint64 attempt = ++m_attempt;
    Q_EMIT stepChanged(tr("Looking up %1…").arg(request.fhirBase.host()));
    m_discovery->discover(request.fhirBase,
                          [this, attempt](const Result<smart::SmartConfiguration> &configuration) {
                              onDiscovered(attempt, configuration);
                          });
}

void SignInCoordinator::onDiscovered(quint64 attempt,
                                     const Result<smart::SmartConfiguration> &configuration)
{
    if (attempt != m_attempt || !m_running)
        return;
    if (!configuration) {
        finish();
        Q_EMIT failed(configuration.error());
        return;
    }
    Q_EMIT stepChanged(tr("Opening your provider's sign-in page…"));
    m_flow->start(*configuration, m_request.client,
                  smart::ScopeSet::forSignIn(*configuration, m_request.access));
}

void SignInCoordinator::cancel()
{
    if (!m_running)
        return;
    closeWindows();
    if (m_flow->isRunning()) {
        m_flow->cancel(); // emits failed(cancelled)
        return;
    }
    finish();
    Q_EMIT failed(Error{tr("The sign-in was cancelled."), QStringLiteral("flow.cancelled")});
}

void SignInCoordinator::openAuthorizationPage(const QUrl &url)
{
    if (m_request.client.browserMode == smart::BrowserMode::SystemBrowser)
        openSystemBrowser(url);
    else
        openEmbeddedBrowser(url);
}

void SignInCoordinator::openEmbeddedBrowser(const QUrl &url)
{
    Q_EMIT stepChanged(tr("Waiting for you to sign in…"));
    auto *browser = new SignInBrowser(
        url,
        [flow = QPointer(m_flow)](const QUrl &candidate) {
            return flow && flow->isRedirect(candidate);
        },
        m_dialogParent);
    browser->setAttribute(Qt::WA_DeleteOnClose);
    m_browser = browser;
    connect(browser, &SignInBrowser::redirectCaught, this, [this](const QUrl &redirect) {
        Q_EMIT stepChanged(tr("Finishing sign-in…"));
        m_flow->handleRedirect(redirect);
    });
    connect(browser, &SignInBrowser::systemBrowserRequested, this, [this] {
        Q_EMIT systemBrowserChosen();
        m_request.client.browserMode = smart::BrowserMode::SystemBrowser;
        // Queued: the browser is still closing, and the new attempt starts a new flow.
        QMetaObject::invokeMethod(
            this, [this, request = m_request] { start(request); }, Qt::QueuedConnection);
    });
    connect(browser, &QDialog::rejected, this, [this, browser] {
        if (m_browser == browser && m_request.client.browserMode == smart::BrowserMode::Embedded)
            cancel();
    });
    browser->open();
}

void SignInCoordinator::openSystemBrowser(const QUrl &url)
{
    Q_EMIT stepChanged(tr("Waiting for you to sign in in your web browser…"));
    if (!QDesktopServices::openUrl(url)) {
        finish();
        Q_EMIT failed(Error{tr("Kete could not open your web browser. Choose “Inside Kete” "
                               "under Advanced in the provider's settings and try again."),
                            QStringLiteral("signin.system-browser-failed")});
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

void SignInCoordinator::closeWindows()
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

void SignInCoordinator::finish()
{
    m_running = false;
    closeWindows();
}

} // namespace kete::ui
