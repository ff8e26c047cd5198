#include "connection/installationregistration.h"

#include "common/jws.h"
#include "common/logging.h"
#include "smart/dynamicregistration.h"
#include "smart/session.h"
#include "storage/providerstore.h"

#include <QPointer>

namespace kete::connection {

void registerAfterSignIn(const std::shared_ptr<smart::Session> &session, ProviderStore &store,
                         const QString &providerId, std::function<void(Result<QString>)> done)
{
    auto key = std::make_shared<const jws::RsaKey>(jws::RsaKey::generate());
    QPointer<ProviderStore> guard(&store);
    const std::weak_ptr<smart::Session> weakSession = session;
    const auto shared = std::make_shared<std::function<void(Result<QString>)>>(std::move(done));
    smart::registerInstallation(
        session->networkAccess(), session->configuration().registrationEndpoint,
        session->currentToken(), session->client().clientId, key->publicJwk(),
        [=](Result<QString> registered) {
            if (!registered || !guard) {
                (*shared)(registered);
                return;
            }
            const QString clientId = registered.value();
            guard->storeClientKey(providerId, key->privatePem(), clientId,
                                  [=](const Result<void> &stored) {
                                      if (!stored) {
                                          qCWarning(lcAuth) << "the registration's key could not "
                                                               "be kept:"
                                                            << stored.error().detail;
                                          (*shared)(stored.error());
                                          return;
                                      }
                                      if (const auto live = weakSession.lock())
                                          live->useAssertionGrant(key, clientId);
                                      (*shared)(clientId);
                                  });
        });
}

} // namespace kete::connection
