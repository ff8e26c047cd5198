#include "common/logging.h"

#include <QUrl>

Q_LOGGING_CATEGORY(lcApp, "kete.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "kete.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFhir, "kete.fhir", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "kete.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSandbox, "kete.sandbox", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "kete.ui", QtInfoMsg)

namespace kete {

QString redacted(QStringView secret)
{
    if (secret.isEmpty())
        return QStringLiteral("(empty)");
    return QStringLiteral("[redacted, %1 chars]").arg(secret.size());
}

QString loggableUrl(const QUrl &url)
{
    return url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
}

} // namespace kete
