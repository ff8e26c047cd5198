#include "shell/connectiontargets.h"

#include "signin/connectdialog.h"
#include "smart/smartdiscovery.h"

#include <QCoreApplication>

namespace kete::ui {

namespace {

smart::ClientRegistration keteClient(const QString &clientId = {})
{
    return smart::ClientRegistration{clientId.isEmpty() ? ConnectDialog::defaultClientId()
                                                        : clientId,
                                     {},
                                     ConnectDialog::defaultRedirectUri(),
                                     smart::BrowserMode::Embedded};
}

} // namespace

connection::ConnectionTarget targetFromDialog(const ConnectDialog &dialog)
{
    const smart::BrowserMode mode = dialog.useSystemBrowser() ? smart::BrowserMode::SystemBrowser
                                                              : smart::BrowserMode::Embedded;
    connection::ConnectionTarget target{{}, dialog.displayName(), {}, true};
    target.request.fhirBase = smart::normalizedFhirBase(dialog.fhirBaseUrl());
    target.request.client = smart::ClientRegistration{
        dialog.clientId(), dialog.clientSecret().toUtf8(), dialog.redirectUri(), mode};
    target.request.access =
        smart::ScopeChoice{dialog.signsInAsClinician() ? smart::ScopeAudience::Clinician
                                                       : smart::ScopeAudience::Patient,
                           dialog.ehrPicksPatient()};
    return target;
}

connection::ConnectionTarget targetForAddress(const QUrl &fhirBase, const QString &clientId,
                                              smart::ScopeChoice access)
{
    const QUrl base = smart::normalizedFhirBase(fhirBase);
    return {{}, base.host(), smart::SignInRequest{base, keteClient(clientId), access}, true};
}

connection::ConnectionTarget demoTarget(const QUrl &fhirBase, smart::ScopeAudience audience,
                                        sandbox::Organisation organisation)
{
    const QString name =
        organisation == sandbox::Organisation::Hospital
            ? QCoreApplication::translate("kete::ui::MainWindow",
                                          "Demo City Hospital (on this computer)")
            : QCoreApplication::translate("kete::ui::MainWindow", "Demo Health (on this computer)");
    // The clinician demo shows the provider's own patient picker too; Kete's search follows.
    return {{},
            name,
            smart::SignInRequest{fhirBase, keteClient(), smart::ScopeChoice{audience, true}},
            false};
}

} // namespace kete::ui
