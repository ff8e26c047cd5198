#pragma once

#include "common/result.h"
#include "smart/clock.h"

#include <QString>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace kete {
class ProviderStore;
}

namespace kete::smart {
class Session;
}

namespace kete::connection {

// Remembering a sign-in between runs, over ProviderStore (settings) and the keychain.
//
//   after a sign-in:  rememberSignIn(session, store, providerId)
//                     -> last patient in the settings, refresh token in the keychain (kept
//                        current on every rotation; Session::rememberFailed if the keychain
//                        cannot take it, and the session goes on without remembering)
//   next start:       restoreSignIn(store, providerId, network, done)
//                     -> discovery, client secret and refresh token from the keychain, one
//                        refresh grant -> a signed-in Session, no browser; a provider this
//                        installation registered with (ProviderSettings::dynamicClientId):
//                        its key from the keychain and one JWT bearer grant instead
void rememberSignIn(smart::Session &session, ProviderStore &store, const QString &providerId);

using RestoreDone = std::function<void(Result<std::shared_ptr<smart::Session>>)>;
// done(error) when there is nothing saved (ErrorCode::NothingSaved), the keychain
// cannot be read, the server cannot be reached or no longer accepts the saved sign-in.
void restoreSignIn(ProviderStore &store, const QString &providerId, QNetworkAccessManager *network,
                   RestoreDone done, smart::Clock clock = smart::systemClock());

} // namespace kete::connection
