#include "common/transportpolicy.h"

#include "common/logging.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>

namespace kete {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete", text);
}

} // namespace

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

TransportSecurity transportSecurity(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return TransportSecurity::NotAnAddress;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return TransportSecurity::Secure;
    if (scheme == QLatin1String("http") && isLoopbackHost(url.host()))
        return TransportSecurity::Loopback;
    return TransportSecurity::Insecure;
}

std::optional<Error> checkTransport(const QUrl &url)
{
    switch (transportSecurity(url)) {
    case TransportSecurity::Secure:
    case TransportSecurity::Loopback:
        return std::nullopt;
    case TransportSecurity::NotAnAddress:
        return Error{tr("This does not look like a web address."),
                     QStringLiteral("transport.invalid-url: %1").arg(loggableUrl(url)),
                     ErrorCode::InvalidUrl};
    case TransportSecurity::Insecure:
        break;
    }
    return Error{tr("Kete only connects to health providers over a secure (https) connection."),
                 QStringLiteral("transport.insecure: %1").arg(loggableUrl(url)),
                 ErrorCode::InsecureTransport};
}

} // namespace kete
