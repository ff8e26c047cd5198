#include "signin/signinbrowser.h"

#include "common/logging.h"
#include "common/transportpolicy.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>
#include <QWebEngineCertificateError>
#include <QWebEngineDownloadRequest>
#include <QWebEngineHistory>
#include <QWebEngineLoadingInfo>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineUrlRequestInterceptor>
#include <QWebEngineView>

namespace kete::ui {

namespace {

// Stops any request for the redirect URI before it leaves the browser: the code it carries is
// for Kete alone, and the redirect target may be a server that is not ours.
class RedirectBlocker final : public QWebEngineUrlRequestInterceptor
{
public:
    RedirectBlocker(SignInBrowser::RedirectMatcher isRedirect, QObject *parent)
        : QWebEngineUrlRequestInterceptor(parent)
        , m_isRedirect(std::move(isRedirect))
    {}

    void interceptRequest(QWebEngineUrlRequestInfo &info) override
    {
        if (m_isRedirect(info.requestUrl()))
            info.block(true);
    }

private:
    SignInBrowser::RedirectMatcher m_isRedirect;
};

// A page opened by window.open() or target=_blank: its first URL goes to the system browser.
class PopupForwarder final : public QWebEnginePage
{
public:
    using QWebEnginePage::QWebEnginePage;

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType, bool) override
    {
        if (url.scheme() == QLatin1String("https"))
            QDesktopServices::openUrl(url);
        deleteLater();
        return false;
    }
};

} // namespace

class SignInPage final : public QWebEnginePage
{
    Q_OBJECT

public:
    SignInPage(QWebEngineProfile *profile, SignInBrowser::RedirectMatcher isRedirect,
               QObject *parent)
        : QWebEnginePage(profile, parent)
        , m_isRedirect(std::move(isRedirect))
    {}

Q_SIGNALS:
    void redirectNavigation(const QUrl &url);

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType, bool isMainFrame) override
    {
        if (m_isRedirect(url)) {
            if (isMainFrame)
                Q_EMIT redirectNavigation(url);
            return false;
        }
        return true;
    }

    QWebEnginePage *createWindow(WebWindowType) override
    {
        return new PopupForwarder(profile(), this);
    }

private:
    SignInBrowser::RedirectMatcher m_isRedirect;
};

SignInBrowser::SignInBrowser(const QUrl &authorizationUrl, RedirectMatcher isRedirect,
                             QWidget *parent)
    : QDialog(parent)
    , m_profile(new QWebEngineProfile(this)) // no storage name: off the record
    , m_page(new SignInPage(m_profile, isRedirect, this))
    , m_view(new QWebEngineView(this))
    , m_securityIcon(new QLabel(this))
    , m_address(new QLineEdit(this))
    , m_problemLabel(new QLabel(this))
    , m_back(new QPushButton(tr("Back"), this))
{
    setWindowTitle(tr("Sign in to your health provider"));
    resize(760, 820);

    m_profile->setUrlRequestInterceptor(new RedirectBlocker(isRedirect, m_profile));
    m_profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    connect(m_profile, &QWebEngineProfile::downloadRequested, this,
            [](QWebEngineDownloadRequest *download) { download->cancel(); });

    QWebEngineSettings *settings = m_page->settings();
    settings->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    settings->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    settings->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    settings->setAttribute(QWebEngineSettings::ScreenCaptureEnabled, false);
    m_view->setPage(m_page);

    connect(m_page, &SignInPage::redirectNavigation, this, &SignInBrowser::onRedirect);
    connect(m_page, &QWebEnginePage::urlChanged, this, &SignInBrowser::updateAddressBar);
    connect(m_page, &QWebEnginePage::certificateError, this,
            [this](const QWebEngineCertificateError &error) {
                QWebEngineCertificateError refused = error;
                refused.rejectCertificate();
                qCWarning(lcAuth) << "certificate error refused for" << error.url().host()
                                  << error.description();
                showProblem(tr("Kete could not confirm that it is talking to %1 (%2). To keep "
                               "your sign-in safe it does not continue. Check the address, or "
                               "ask your provider.")
                                .arg(error.url().host(), error.description()));
            });
    connect(m_page, &QWebEnginePage::loadFinished, this, [this] {
        m_back->setEnabled(m_page->history()->canGoBack());
        // A navigation replaces the page's render widget and Qt hands the focus to the next
        // widget, the Back button, so Enter would go back instead of submitting the form.
        if (isActiveWindow())
            m_view->setFocus(Qt::OtherFocusReason);
    });
    connect(m_page, &QWebEnginePage::loadingChanged, this, &SignInBrowser::onLoadingChanged);
    connect(m_page, &QWebEnginePage::loadStarted, this, [this] {
        if (m_problem.isEmpty())
            m_problemLabel->hide();
    });

    m_securityIcon->setAccessibleName(tr("Connection security"));
    m_address->setReadOnly(true);
    m_address->setFocusPolicy(Qt::NoFocus);
    m_address->setAccessibleName(tr("Address of the sign-in page"));

    auto *reload = new QPushButton(tr("Reload"), this);
    m_back->setEnabled(false);
    connect(m_back, &QPushButton::clicked, m_view, &QWebEngineView::back);
    connect(reload, &QPushButton::clicked, this, [this] {
        m_problem.clear();
        m_problemLabel->hide();
        m_view->reload();
    });

    auto *addressRow = new QHBoxLayout;
    addressRow->addWidget(m_back);
    addressRow->addWidget(reload);
    addressRow->addWidget(m_securityIcon);
    addressRow->addWidget(m_address, 1);

    m_problemLabel->setWordWrap(true);
    m_problemLabel->setObjectName(QStringLiteral("signInProblem"));
    m_problemLabel->setForegroundRole(QPalette::BrightText);
    m_problemLabel->setAutoFillBackground(true);
    m_problemLabel->setBackgroundRole(QPalette::Highlight);
    m_problemLabel->setMargin(8);
    m_problemLabel->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto *systemBrowser =
        buttons->addButton(tr("Use my web browser instead"), QDialogButtonBox::ActionRole);
    systemBrowser->setToolTip(tr("Some providers do not allow signing in inside apps."));
    connect(systemBrowser, &QPushButton::clicked, this, [this] {
        Q_EMIT systemBrowserRequested();
        reject();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(addressRow);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);

    // Enter belongs to the page. On a page where nothing has the focus (after a navigation) a
    // dialog presses its default button, which Qt picks among the auto-default ones: Back, or
    // "Use my web browser instead", leaving the sign-in. None of them is auto-default.
    for (QPushButton *button : findChildren<QPushButton *>())
        button->setAutoDefault(false);

    updateAddressBar(authorizationUrl);
    m_view->load(authorizationUrl);
}

SignInBrowser::~SignInBrowser()
{
    // The page must go before its profile (QtWebEngine requirement).
    delete m_page;
    m_page = nullptr;
}

void SignInBrowser::updateAddressBar(const QUrl &url)
{
    const QString host = url.host();
    const TransportSecurity security = transportSecurity(url);
    const bool secure = security == TransportSecurity::Secure;
    const bool local = security == TransportSecurity::Loopback;
    const QStyle::StandardPixmap icon = secure  ? QStyle::SP_DialogApplyButton
                                        : local ? QStyle::SP_ComputerIcon
                                                : QStyle::SP_MessageBoxWarning;
    m_securityIcon->setPixmap(style()->standardIcon(icon).pixmap(16, 16));
    const QString state = secure  ? tr("Secure connection")
                          : local ? tr("This computer (demo)")
                                  : tr("Not secure");
    m_securityIcon->setToolTip(state);
    m_address->setText(QStringLiteral("%1 — %2").arg(host, state));
}

void SignInBrowser::onLoadingChanged(const QWebEngineLoadingInfo &info)
{
    if (info.status() != QWebEngineLoadingInfo::LoadFailedStatus || m_redirectSeen)
        return;
    // The provider answered, with an error page of its own: the connection is fine, Reload
    // will not help, and the page says why.
    if (info.errorDomain() == QWebEngineLoadingInfo::HttpStatusCodeDomain) {
        showProblem(tr("Your provider could not start the sign-in for Kete; its page below says "
                       "why. If you entered Kete's registration yourself, check the client ID "
                       "and redirect address under Advanced."));
        return;
    }
    if (m_problem.isEmpty())
        showProblem(tr("The sign-in page could not be loaded. Check your connection and "
                       "choose Reload."));
}

void SignInBrowser::showProblem(const QString &message)
{
    m_problem = message;
    m_problemLabel->setText(message);
    m_problemLabel->show();
}

void SignInBrowser::onRedirect(const QUrl &url)
{
    if (m_redirectSeen)
        return;
    m_redirectSeen = true;
    qCInfo(lcAuth) << "sign-in redirect caught for" << loggableUrl(url);
    Q_EMIT redirectCaught(url);
    accept();
}

} // namespace kete::ui

#include "signinbrowser.moc"
