#include "smart/transport.h"

#include "common/logging.h"
#include "common/networkerror.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QNetworkReply>
#include <QUrl>

namespace kete::smart {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::smart::Transport", text);
}

bool isTlsFailure(QNetworkReply::NetworkError error)
{
    return error == QNetworkReply::SslHandshakeFailedError ||
           error == QNetworkReply::UnknownNetworkError; // how some backends report a bad chain
}

} // namespace

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

std::optional<Error> checkTransport(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return Error{tr("This is not a valid web address."),
                     QStringLiteral("transport.invalid-url: %1").arg(loggableUrl(url))};
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return std::nullopt;
    if (scheme == QLatin1String("http") && isLoopbackHost(url.host()))
        return std::nullopt;
    return Error{tr("Kete only connects to health providers over a secure (https) address."),
                 QStringLiteral("transport.insecure: %1").arg(loggableUrl(url))};
}

bool failedBeforeHttp(const QNetworkReply &reply)
{
    return reply.error() != QNetworkReply::NoError &&
           !reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
}

Error networkError(const QNetworkReply &reply)
{
    const QString host = reply.url().host();
    const QString detail =
        QStringLiteral("%1 for %2: %3")
            .arg(networkErrorDetail(reply.error()), loggableUrl(reply.url()), reply.errorString());
    if (reply.error() == QNetworkReply::InsecureRedirectError ||
        reply.error() == QNetworkReply::TooManyRedirectsError)
        return Error{
            tr("%1 sent Kete on to another address, which Kete does not follow.").arg(host),
            QStringLiteral("transport.redirect: ") + detail};
    if (isTlsFailure(reply.error()) && reply.url().scheme() == QLatin1String("https"))
        return Error{tr("The secure connection to %1 could not be verified (its certificate is "
                        "not trusted), so Kete did not connect.")
                         .arg(host),
                     QStringLiteral("transport.tls: ") + detail};
    if (failedBeforeHttp(reply))
        return Error{tr("Kete could not reach %1. Check the address and your internet "
                        "connection.")
                         .arg(host),
                     QStringLiteral("transport.unreachable: ") + detail};
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return Error{tr("%1 answered with an error (HTTP %2).").arg(host).arg(status),
                 QStringLiteral("transport.http-%1: ").arg(status) + detail};
}

} // namespace kete::smart
