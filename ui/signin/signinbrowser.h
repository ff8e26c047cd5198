#pragma once

#include <QDialog>
#include <QUrl>
#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QWebEngineLoadingInfo;
class QWebEngineProfile;
class QWebEngineView;

namespace kete::ui {

class SignInPage;

// The embedded browser for a provider's sign-in page; the only code in Kete that uses
// QtWebEngine.
//
//   open(authorize URL) -> provider's pages (sign in, consent) -> 302 to the redirect URI
//        -> navigation caught here, never loaded or sent -> redirectCaught(url) -> accept()
//
// Every sign-in gets a fresh off-the-record profile, deleted with the dialog: no cookie,
// cache or history of the provider's session outlives it. No JavaScript is injected into
// provider pages and there is no web channel. Certificate errors are refused, pop-ups go to
// the system browser, downloads are refused.
class SignInBrowser final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInBrowser)

public:
    using RedirectMatcher = std::function<bool(const QUrl &)>;

    SignInBrowser(const QUrl &authorizationUrl, RedirectMatcher isRedirect,
                  QWidget *parent = nullptr);
    ~SignInBrowser() override;

    // For tests: the page shown, to drive it with runJavaScript as a user would.
    QWebEngineView *view() const { return m_view; }
    QString problem() const { return m_problem; }

Q_SIGNALS:
    void redirectCaught(const QUrl &redirect);
    void systemBrowserRequested();

private:
    void updateAddressBar(const QUrl &url);
    void onLoadingChanged(const QWebEngineLoadingInfo &info);
    void showProblem(const QString &message);
    void onRedirect(const QUrl &url);

    QWebEngineProfile *m_profile;
    SignInPage *m_page;
    QWebEngineView *m_view;
    QLabel *m_securityIcon;
    QLineEdit *m_address;
    QLabel *m_problemLabel;
    QPushButton *m_back;
    QString m_problem;
    bool m_redirectSeen = false;
};

} // namespace kete::ui
