#include "smart/redirecthandler.h"

#include "common/crypto.h"
#include "common/logging.h"
#include "common/transportpolicy.h"
#include "smart/tokenendpoint.h"

#include <QCoreApplication>
#include <QNetworkReply>
#include <QUrlQuery>

namespace kete::smart {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::smart", text);
}

void forwardTokenReply(QNetworkReply *reply, const TokenReplySink &sink)
{
    if (sink)
        sink(*reply);
}

QVariantMap callbackValues(const QString &code, const QByteArray &state)
{
    // Qt's flow percent-decodes what it receives; hand it percent-encoded values so that a code
    // containing '%' arrives intact.
    return {{QStringLiteral("code"), QUrl::toPercentEncoding(code)},
            {QStringLiteral("state"), state}};
}

} // namespace

bool matchesRedirectUri(const QUrl &redirectUri, const QUrl &candidate)
{
    if (!redirectUri.isValid() || !candidate.isValid())
        return false;
    if (redirectUri.scheme().compare(candidate.scheme(), Qt::CaseInsensitive) != 0 ||
        redirectUri.host().compare(candidate.host(), Qt::CaseInsensitive) != 0)
        return false;
    const auto path = [](const QUrl &url) {
        return url.path().isEmpty() ? QStringLiteral("/") : url.path();
    };
    if (path(redirectUri) != path(candidate))
        return false;
    if (isLoopbackHost(redirectUri.host()) && redirectUri.scheme() == QLatin1String("http"))
        return true;
    const int defaultPort = redirectUri.scheme() == QLatin1String("https") ? 443 : 80;
    return redirectUri.port(defaultPort) == candidate.port(defaultPort);
}

Result<QString> checkAuthorizationResponse(const QUrlQuery &query, const QByteArray &expectedState,
                                           const OAuthRequester &requester)
{
    const QByteArray state =
        query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded).toUtf8();
    const QString error = query.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded);
    if (expectedState.isEmpty())
        return Error{tr("This sign-in is no longer in progress. Please start again."),
                     QStringLiteral("redirect.no-attempt: redirect received when none expected"),
                     ErrorCode::RedirectNotExpected};
    if (!crypto::constantTimeEquals(state, expectedState))
        return Error{tr("The provider's answer did not belong to this sign-in, so Kete ignored "
                        "it. Please start the sign-in again."),
                     QStringLiteral("redirect.state-mismatch"), ErrorCode::RedirectStateMismatch};
    if (!error.isEmpty())
        return oauthError(error, formValue(query, QStringLiteral("error_description")), requester);
    const QString code = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    if (code.isEmpty())
        return Error{tr("The provider's answer to the sign-in was incomplete."),
                     QStringLiteral("redirect.no-code"), ErrorCode::RedirectWithoutCode};
    return code;
}

EmbeddedRedirectHandler::EmbeddedRedirectHandler(QUrl redirectUri, QByteArray expectedState,
                                                 QString clientId, QObject *parent)
    : QOAuthOobReplyHandler(parent)
    , m_redirectUri(std::move(redirectUri))
    , m_expectedState(std::move(expectedState))
    , m_clientId(std::move(clientId))
{}

QString EmbeddedRedirectHandler::callback() const
{
    return m_redirectUri.toString(QUrl::FullyEncoded);
}

bool EmbeddedRedirectHandler::handleRedirect(const QUrl &url)
{
    if (!matches(url))
        return false;
    qCInfo(lcAuth) << "redirect received at" << loggableUrl(url);
    const QByteArray expected = std::exchange(m_expectedState, QByteArray());
    const QUrlQuery query(url);
    const auto code =
        checkAuthorizationResponse(query, expected, OAuthRequester{m_clientId, m_redirectUri});
    RedirectRecord record = RedirectRecord::fromRedirect(url, query, expected);
    if (!code.ok())
        record.problem = code.error().detail;
    Q_EMIT redirectChecked(record);
    if (!code.ok()) {
        qCWarning(lcAuth) << "redirect refused:" << code.error().detail;
        Q_EMIT redirectFailed(code.error());
        return true;
    }
    Q_EMIT callbackReceived(callbackValues(code.value(), expected));
    return true;
}

void EmbeddedRedirectHandler::networkReplyFinished(QNetworkReply *reply)
{
    forwardTokenReply(reply, m_sink);
}

LoopbackRedirectHandler::LoopbackRedirectHandler(const QUrl &redirectUri, QByteArray expectedState,
                                                 QString clientId, QObject *parent)
    // Listening on 127.0.0.1 only (the one-argument constructor would listen on every
    // interface), at the redirect URI's port or any free one.
    : QOAuthHttpServerReplyHandler(QHostAddress::LocalHost, quint16(qMax(0, redirectUri.port(0))),
                                   parent)
    , m_path(redirectUri.path())
    , m_expectedState(std::move(expectedState))
    , m_clientId(std::move(clientId))
{
    m_port = port(); // kept: the listener closes after the redirect, the token request needs it
    while (m_path.startsWith(QLatin1Char('/')))
        m_path.remove(0, 1);
    setCallbackPath(m_path);
    setCallbackText(tr("Kete has received the provider's answer. You can close this browser tab "
                       "and return to Kete."));

    // Qt's flow silently ignores a wrong state or an error; check first and say why.
    connect(this, &QAbstractOAuthReplyHandler::callbackReceived, this,
            [this](const QVariantMap &values) {
                QUrlQuery query;
                for (auto it = values.cbegin(); it != values.cend(); ++it)
                    query.addQueryItem(it.key(), it.value().toString());
                const QByteArray expected = std::exchange(m_expectedState, QByteArray());
                const auto code = checkAuthorizationResponse(
                    query, expected, OAuthRequester{m_clientId, QUrl(callback())});
                RedirectRecord record =
                    RedirectRecord::fromRedirect(QUrl(callback()), query, expected);
                if (!code.ok())
                    record.problem = code.error().detail;
                close();
                Q_EMIT redirectChecked(record);
                if (!code.ok()) {
                    qCWarning(lcAuth) << "loopback redirect refused:" << code.error().detail;
                    Q_EMIT redirectFailed(code.error());
                    return;
                }
                Q_EMIT redirectAccepted();
            });
}

QString LoopbackRedirectHandler::callback() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(QLatin1Char('/') + m_path);
    return url.toString(QUrl::FullyEncoded);
}

void LoopbackRedirectHandler::networkReplyFinished(QNetworkReply *reply)
{
    forwardTokenReply(reply, m_sink);
}

} // namespace kete::smart
