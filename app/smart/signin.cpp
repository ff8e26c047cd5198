#include "smart/signin.h"

#include "smart/smartdiscovery.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace kete::smart {

SignIn::SignIn(QNetworkAccessManager *network, SignInPages *pages, Clock clock, QObject *parent)
    : QObject(parent)
    , m_pages(pages)
    , m_discovery(new SmartDiscovery(network, this))
    , m_flow(new AuthorizationFlow(std::move(clock), this))
{
    connect(m_flow, &AuthorizationFlow::authorizeUrlReady, this, [this](const QUrl &url) {
        Q_EMIT stepChanged(m_request.client.browserMode == BrowserMode::SystemBrowser
                               ? tr("Waiting for you to sign in in your web browser…")
                               : tr("Waiting for you to sign in…"));
        m_pages->open(url, m_request.client.browserMode);
    });
    connect(m_flow, &AuthorizationFlow::succeeded, this, [this](const SignInResult &result) {
        finish();
        Q_EMIT succeeded(result);
    });
    connect(m_flow, &AuthorizationFlow::failed, this, [this](const Error &error) {
        if (!m_running)
            return;
        finish();
        Q_EMIT failed(error);
    });
}

SignIn::~SignIn() = default;

bool SignIn::isCancellation(const Error &error)
{
    return error.code == ErrorCode::Cancelled;
}

bool SignIn::isScopeRefusal(const Error &error)
{
    return error.code == ErrorCode::OAuthInvalidScope;
}

void SignIn::start(const SignInRequest &request)
{
    m_pages->close();
    m_request = request;
    m_running = true;
    const quint64 attempt = ++m_attempt;
    Q_EMIT stepChanged(tr("Looking up %1…").arg(request.fhirBase.host()));
    m_discovery->discover(request.fhirBase,
                          [this, attempt](const Result<SmartConfiguration> &configuration) {
                              onDiscovered(attempt, configuration);
                          });
}

void SignIn::restartIn(BrowserMode mode)
{
    SignInRequest request = m_request;
    request.client.browserMode = mode;
    start(request);
}

void SignIn::onDiscovered(quint64 attempt, const Result<SmartConfiguration> &configuration)
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
                  ScopeSet::forSignIn(*configuration, m_request.access));
}

void SignIn::cancel()
{
    if (!m_running)
        return;
    m_pages->close();
    if (m_flow->isRunning()) {
        m_flow->cancel(); // emits failed(cancelled)
        return;
    }
    finish();
    Q_EMIT failed(Error{tr("The sign-in was cancelled."), QStringLiteral("flow.cancelled"),
                        ErrorCode::Cancelled});
}

void SignIn::abandon(const Error &error)
{
    if (!m_running)
        return;
    finish(); // first: the flow's own "cancelled" is then not reported
    m_flow->cancel();
    Q_EMIT failed(error);
}

bool SignIn::isRedirect(const QUrl &url) const
{
    return m_running && m_flow->isRedirect(url);
}

void SignIn::handleRedirect(const QUrl &url)
{
    Q_EMIT stepChanged(tr("Finishing sign-in…"));
    m_flow->handleRedirect(url);
}

void SignIn::finish()
{
    m_running = false;
    m_pages->close();
}

AutoApprovePages::AutoApprovePages(QNetworkAccessManager *network)
    : m_network(network)
{}

void AutoApprovePages::open(const QUrl &authorizeUrl, BrowserMode mode)
{
    QNetworkRequest request(authorizeUrl);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    QObject::connect(reply, &QNetworkReply::finished, reply,
                     [reply, mode, network = m_network, signIn = m_signIn] {
                         reply->deleteLater();
                         if (!signIn)
                             return;
                         const int status =
                             reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                         const QUrl location(QString::fromUtf8(reply->rawHeader("Location")));
                         if (status / 100 != 3)
                             signIn->cancel(); // the server wants a person: nobody here to sign in
                         else if (mode == BrowserMode::Embedded && signIn->isRedirect(location))
                             signIn->handleRedirect(location);
                         else if (mode == BrowserMode::SystemBrowser) {
                             // The loopback listener catches it, as after a real system browser.
                             QNetworkReply *redirect = network->get(QNetworkRequest(location));
                             QObject::connect(redirect, &QNetworkReply::finished, redirect,
                                              &QObject::deleteLater);
                         } else
                             signIn->cancel();
                     });
}

} // namespace kete::smart
