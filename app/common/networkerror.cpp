#include "common/networkerror.h"

#include <QCoreApplication>

namespace kete {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::NetworkError", text);
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

} // namespace kete
