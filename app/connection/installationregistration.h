#pragma once

#include "common/result.h"

#include <QString>
#include <functional>
#include <memory>

namespace kete {
class ProviderStore;
}
namespace kete::smart {
class Session;
}

namespace kete::connection {

// After a remembered sign-in with a provider that offers dynamic registration (its
// registration_endpoint, as Epic has for patient-facing native apps): Kete makes an RSA-2048
// key pair for this installation and this provider, registers its public half with the
// sign-in's access token, keeps the private half ONLY in the keychain (never on disk, never
// logged), saves the client id it received with the provider, and switches the session to the
// JWT bearer grant (no refresh token kept from then on).
//
// done(client id), or the Error why not (registration refused, keychain unavailable): the
// session then goes on with its refresh token as before.
void registerAfterSignIn(const std::shared_ptr<smart::Session> &session, ProviderStore &store,
                         const QString &providerId, std::function<void(Result<QString>)> done);

} // namespace kete::connection
