#pragma once

#include "common/result.h"
#include "smart/authorizationflow.h"
#include "smart/tokenendpoint.h"

#include <QJsonObject>
#include <QOAuthHttpServerReplyHandler>
#include <QOAuthOobReplyHandler>
#include <QUrl>
#include <functional>

class QUrlQuery;

namespace kete::smart {

// Whether `candidate` is a navigation to `redirectUri`: same scheme, host and path; the port
// must match too, except for a loopback redirect where any port is the same app (RFC 8252 §7.3).
bool matchesRedirectUri(const QUrl &redirectUri, const QUrl &candidate);

// The authorization response (RFC 6749 §4.1.2) checked against this attempt's state: the code,
// or the reason in plain words (state mismatch, error=access_denied, no code).
Result<QString> checkAuthorizationResponse(const QUrlQuery &query, const QByteArray &expectedState,
                                           const OAuthRequester &requester);

// Where token endpoint answers go: Qt's handlers drop error answers (HTTP 400) on the floor,
// ours hand every answer on, for the flow to read (readTokenReply) in its client's words.
using TokenReplySink = std::function<void(QNetworkReply &)>;

// For the embedded browser. No socket: the GUI's browser intercepts the navigation to the
// redirect URI and hands the URL to handleRedirect().
class EmbeddedRedirectHandler final : public QOAuthOobReplyHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddedRedirectHandler)

public:
    EmbeddedRedirectHandler(QUrl redirectUri, QByteArray expectedState, QString clientId,
                            QObject *parent = nullptr);

    QString callback() const override;
    bool matches(const QUrl &url) const { return matchesRedirectUri(m_redirectUri, url); }

    // Returns false (and does nothing) for a URL that is not the redirect URI. Otherwise checks
    // it once: emits callbackReceived({code, state}) or redirectFailed(error).
    bool handleRedirect(const QUrl &url);

    void setTokenReplySink(TokenReplySink sink) { m_sink = std::move(sink); }

Q_SIGNALS:
    void redirectFailed(const kete::Error &error);
    // Before callbackReceived or redirectFailed: what arrived, without the secrets.
    void redirectChecked(const kete::smart::RedirectRecord &record);

protected:
    void networkReplyFinished(QNetworkReply *reply) override;

private:
    const QUrl m_redirectUri;
    QByteArray m_expectedState; // cleared once a redirect has been handled
    const QString m_clientId;
    TokenReplySink m_sink;
};

// For the system browser: a one-shot HTTP listener on 127.0.0.1 (RFC 8252 loopback redirect).
class LoopbackRedirectHandler final : public QOAuthHttpServerReplyHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackRedirectHandler)

public:
    // Listens on 127.0.0.1 at the redirect URI's port (0 or none: any free port) and path.
    LoopbackRedirectHandler(const QUrl &redirectUri, QByteArray expectedState, QString clientId,
                            QObject *parent = nullptr);

    QString callback() const override;
    void setTokenReplySink(TokenReplySink sink) { m_sink = std::move(sink); }

Q_SIGNALS:
    void redirectFailed(const kete::Error &error);
    void redirectAccepted();
    void redirectChecked(const kete::smart::RedirectRecord &record);

protected:
    void networkReplyFinished(QNetworkReply *reply) override;

private:
    QString m_path;
    quint16 m_port = 0;
    QByteArray m_expectedState;
    const QString m_clientId;
    TokenReplySink m_sink;
};

} // namespace kete::smart
