#pragma once

#include "smart/signin.h"

#include <QString>

namespace kete {
struct ProviderSettings;
}

namespace kete::connection {

// What a connection is to: a saved provider, a new one, or the demo (never remembered).
struct ConnectionTarget
{
    QString providerId; // empty for the demo and for a provider not saved yet
    QString displayName;
    smart::SignInRequest request;
    bool remember = true;

    // A saved provider, as its settings describe it (no client secret: that is in the keychain).
    static ConnectionTarget forProvider(const ProviderSettings &provider);
    bool isClinician() const { return request.access.audience == smart::ScopeAudience::Clinician; }
};

// The provider's settings updated from a sign-in to it (`saved`: what was saved before, if any).
ProviderSettings settingsAfterSignIn(ProviderSettings saved, const ConnectionTarget &target,
                                     const smart::SignInResult &result);

} // namespace kete::connection
