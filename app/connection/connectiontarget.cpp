#include "connection/connectiontarget.h"

#include "storage/providerstore.h"

namespace kete::connection {

ConnectionTarget ConnectionTarget::forProvider(const ProviderSettings &provider)
{
    ConnectionTarget target{provider.id, provider.displayName, {}, true};
    target.request.fhirBase = provider.fhirBase;
    target.request.client =
        smart::ClientRegistration{provider.clientId,
                                  {},
                                  provider.redirectUri,
                                  provider.useSystemBrowser ? smart::BrowserMode::SystemBrowser
                                                            : smart::BrowserMode::Embedded};
    target.request.access = smart::ScopeChoice{provider.clinician ? smart::ScopeAudience::Clinician
                                                                  : smart::ScopeAudience::Patient,
                                               provider.ehrPicksPatient};
    return target;
}

ProviderSettings settingsAfterSignIn(ProviderSettings saved, const ConnectionTarget &target,
                                     const smart::SignInResult &result)
{
    if (saved.id.isEmpty() || !target.displayName.isEmpty())
        saved.displayName = target.displayName;
    saved.fhirBase = result.configuration.fhirBase;
    saved.clientId = result.client.clientId;
    saved.redirectUri = result.client.redirectUri;
    saved.useSystemBrowser = result.client.browserMode == smart::BrowserMode::SystemBrowser;
    saved.clinician = target.isClinician();
    saved.ehrPicksPatient = target.request.access.ehrPicksPatient;
    return saved;
}

} // namespace kete::connection
