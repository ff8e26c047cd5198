#include "common/networkerror.h"

#include "common/logging.h"

#include <QCoreApplication>

namespace kete {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete", text);
}

QString transportTr(const char *text)
{
    return QCoreApplication::translate("kete", text);
}

bool isTlsFailure(const QNetworkReply &reply)
{
    const QNetworkReply::NetworkError error = reply.error();
    return reply.url().scheme() == QLatin1String("https") &&
           (error == QNetworkReply::SslHandshakeFailedError ||
            error == QNetworkReply::UnknownNetworkError); // how some backends report a bad chain
}

bool timedOut(QNetworkReply::NetworkError error)
{
    // A transfer timeout aborts the reply, which Qt reports as cancelled.
    return error == QNetworkReply::TimeoutError || error == QNetworkReply::OperationCanceledError;
}

// Lost mid-way: the server hung up, or an HTTP answer began and its transfer failed.
bool connectionLost(const QNetworkReply &reply, int status)
{
    const QNetworkReply::NetworkError error = reply.error();
    return error == QNetworkReply::RemoteHostClosedError ||
           error == QNetworkReply::ProxyConnectionClosedError ||
           (error != QNetworkReply::NoError && status > 0 && status < 400);
}

} // namespace

QString networkErrorWords(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::NoError:
        return tr("no error");
    case QNetworkReply::ConnectionRefusedError:
        return tr("the connection was refused (nothing answers at that address and port)");
    case QNetworkReply::RemoteHostClosedError:
        return tr("the server closed the connection before it answered");
    case QNetworkReply::HostNotFoundError:
        return tr("the server name was not found");
    case QNetworkReply::TimeoutError:
        return tr("the connection timed out");
    case QNetworkReply::OperationCanceledError:
        return tr("the request was stopped before it ended");
    case QNetworkReply::SslHandshakeFailedError:
        return tr("the secure connection (TLS) could not be set up");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return tr("the network connection was lost");
    case QNetworkReply::BackgroundRequestNotAllowedError:
        return tr("the system does not allow network access now");
    case QNetworkReply::TooManyRedirectsError:
        return tr("the server redirected too many times");
    case QNetworkReply::InsecureRedirectError:
        return tr("the server redirected to another address, which Kete does not follow");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return tr("the proxy server could not be used");
    case QNetworkReply::ContentAccessDenied:
    case QNetworkReply::AuthenticationRequiredError:
        return tr("the server refused access");
    case QNetworkReply::ContentNotFoundError:
        return tr("the server does not have that address");
    case QNetworkReply::ContentOperationNotPermittedError:
    case QNetworkReply::OperationNotImplementedError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return tr("the server does not allow that request");
    case QNetworkReply::ContentConflictError:
    case QNetworkReply::ContentGoneError:
    case QNetworkReply::ContentReSendError:
    case QNetworkReply::UnknownContentError:
        return tr("the server refused the request");
    case QNetworkReply::InternalServerError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        return tr("the server had a problem");
    case QNetworkReply::ProtocolUnknownError:
        return tr("the address does not start with http or https");
    case QNetworkReply::ProtocolFailure:
        return tr("the server's answer could not be read");
    case QNetworkReply::UnknownNetworkError:
        return tr("the network failed (for example, no route to the server)");
    default: // a newer Qt's new code
        return tr("the request failed");
    }
}

QString networkErrorDetail(QNetworkReply::NetworkError error)
{
    return tr("%1 (network error %2)").arg(networkErrorWords(error)).arg(int(error));
}

bool failedBeforeHttp(const QNetworkReply &reply)
{
    return reply.error() != QNetworkReply::NoError &&
           !reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
}

Error networkError(const QNetworkReply &reply)
{
    const QUrl url = reply.url();
    const QString host = url.host();
    // Qt's error string may quote the whole URL, query included: only its loggable form stays.
    const QString errorString = reply.errorString().replace(url.toString(), loggableUrl(url));
    const QString detail =
        QStringLiteral("%1 for %2: %3")
            .arg(networkErrorDetail(reply.error()), loggableUrl(url), errorString);
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply.error() == QNetworkReply::InsecureRedirectError ||
        reply.error() == QNetworkReply::TooManyRedirectsError)
        // Never followed: the request would carry its token to another server.
        return Error{transportTr("%1 sent Kete on to another address, which Kete does not follow.")
                         .arg(host),
                     QStringLiteral("transport.redirect: ") + detail, ErrorCode::Redirected};
    if (isTlsFailure(reply))
        return Error{transportTr("The secure connection to %1 could not be verified (its "
                                 "certificate is not trusted), so Kete did not connect.")
                         .arg(host),
                     QStringLiteral("transport.tls: ") + detail, ErrorCode::TlsUntrusted};
    if (timedOut(reply.error()))
        return Error{transportTr("%1 did not answer in time. Try again later.").arg(host),
                     QStringLiteral("transport.timeout: ") + detail, ErrorCode::Timeout};
    if (connectionLost(reply, status))
        return Error{
            transportTr("The connection to %1 was lost before the answer was complete.").arg(host),
            QStringLiteral("transport.lost: ") + detail, ErrorCode::ConnectionLost};
    if (failedBeforeHttp(reply))
        return Error{transportTr("Kete could not reach %1. Check the address and your internet "
                                 "connection.")
                         .arg(host),
                     QStringLiteral("transport.unreachable: ") + detail, ErrorCode::Unreachable};
    return Error{transportTr("%1 answered with an error (HTTP %2).").arg(host).arg(status),
                 QStringLiteral("transport.http-%1: ").arg(status) + detail, ErrorCode::HttpStatus};
}

} // namespace kete
