#pragma once

#include "common/result.h"
#include "smart/authorizationflow.h"
#include "smart/clientregistration.h"
#include "smart/clock.h"
#include "smart/scopeset.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;

namespace kete::smart {

class SmartDiscovery;

// What one sign-in is for: the provider, the app's registration there, and the access asked.
struct SignInRequest
{
    QUrl fhirBase;
    ClientRegistration client;
    ScopeChoice access;
};

// Where the provider's sign-in pages are shown: the GUI's embedded or system browser, or a
// stand-in that follows the redirects of an auto-approving server (benchmarks, tests). It
// hands a caught redirect back with SignIn::handleRedirect() and a user's Cancel with
// SignIn::cancel().
class SignInPages
{
public:
    virtual ~SignInPages() = default;
    virtual void open(const QUrl &authorizeUrl, BrowserMode mode) = 0;
    // The sign-in ended (either way): whatever open() showed goes away.
    virtual void close() = 0;
};

// One SMART standalone sign-in, with no widgets:
//
//   start(request) -> discovery -> scopes from the server's capabilities -> AuthorizationFlow
//     -> pages.open(authorize URL) ... handleRedirect(redirect)
//   -> succeeded(result) | failed(error)          exactly one of them per start()
//
// Cancel ends it with failed(error) whose code is ErrorCode::Cancelled.
class SignIn final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignIn)

public:
    // `network` (discovery) and `pages` outlive the sign-in.
    SignIn(QNetworkAccessManager *network, SignInPages *pages, Clock clock = systemClock(),
           QObject *parent = nullptr);
    ~SignIn() override;

    void start(const SignInRequest &request);
    // The same sign-in again, in the other browser (the user asked for it in the first).
    void restartIn(BrowserMode mode);
    void cancel();
    // The pages could not be shown (no web browser opens): ends the sign-in with `error`.
    void abandon(const Error &error);
    bool isRunning() const { return m_running; }
    const SignInRequest &request() const { return m_request; }

    // For the embedded browser: whether a URL is this attempt's redirect, and handing it over.
    bool isRedirect(const QUrl &url) const;
    void handleRedirect(const QUrl &url);

    // For watching the handshake step by step (the connection details).
    SmartDiscovery *discovery() const { return m_discovery; }
    AuthorizationFlow *flow() const { return m_flow; }

    static bool isCancellation(const Error &error);
    // The provider refused the scopes asked for (`invalid_scope`).
    static bool isScopeRefusal(const Error &error);

Q_SIGNALS:
    // Plain words for a progress line: "Looking up Demo Health…".
    void stepChanged(const QString &text);
    void succeeded(const kete::smart::SignInResult &result);
    void failed(const kete::Error &error);

private:
    void onDiscovered(quint64 attempt, const Result<SmartConfiguration> &configuration);
    void finish();

    SignInPages *m_pages;
    SmartDiscovery *m_discovery;
    AuthorizationFlow *m_flow;
    SignInRequest m_request;
    quint64 m_attempt = 0;
    bool m_running = false;
};

// SignInPages for a server that approves at once (`kete-sandbox --auto-approve`): follows the
// authorization redirect over HTTP and hands it to the sign-in, as an embedded browser would.
class AutoApprovePages final : public SignInPages
{
public:
    explicit AutoApprovePages(QNetworkAccessManager *network);
    void attach(SignIn *signIn) { m_signIn = signIn; }
    void open(const QUrl &authorizeUrl, BrowserMode mode) override;
    void close() override {}

private:
    QNetworkAccessManager *m_network;
    QPointer<SignIn> m_signIn;
};

} // namespace kete::smart
