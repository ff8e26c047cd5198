#pragma once

#include "connection/connectiontarget.h"

#include <QUrl>

namespace kete::test {

// A provider at `fhirBase` as the sandbox registers Kete (public client, loopback redirect,
// embedded browser), saved after sign-in unless `remember` is false.
inline connection::ConnectionTarget
sandboxTarget(const QUrl &fhirBase, const QString &name = QStringLiteral("GP"),
              bool remember = true, const QString &clientId = QStringLiteral("kete-desktop"))
{
    connection::ConnectionTarget target;
    target.displayName = name;
    target.remember = remember;
    target.request.fhirBase = fhirBase;
    target.request.client =
        smart::ClientRegistration{clientId,
                                  {},
                                  QUrl(QStringLiteral("http://127.0.0.1/kete/callback")),
                                  smart::BrowserMode::Embedded};
    return target;
}

} // namespace kete::test
