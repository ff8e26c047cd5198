#include "connection/savedsignin.h"

#include "common/jws.h"
#include "common/logging.h"
#include "smart/session.h"
#include "smart/smartdiscovery.h"
#include "storage/providerstore.h"

#include <QCoreApplication>
#include <QPointer>

namespace kete::connection {

using namespace kete::smart;

namespace {

Error nothingSaved()
{
    return Error{QCoreApplication::translate("kete::connection::SavedSignIn",
                                             "Kete has no saved sign-in for this provider. "
                                             "Please sign in."),
                 QStringLiteral("restore.nothing-saved"), ErrorCode::NothingSaved};
}

// The installation registered itself with the provider (dynamic registration): its key from
// the keychain, one JWT bearer grant, no refresh token.
void restoreRegistered(ProviderStore &store, const ProviderSettings &provider,
                       QNetworkAccessManager *network, RestoreDone done, Clock clock)
{
    QPointer<ProviderStore> storeGuard(&store);
    const auto shared = std::make_shared<RestoreDone>(std::move(done));
    const QString providerId = provider.id;
    store.readClientKey(providerId, [=](Result<std::optional<QByteArray>> pem) {
        if (!pem.ok()) {
            (*shared)(pem.error());
            return;
        }
        if (!pem.value()) {
            (*shared)(nothingSaved());
            return;
        }
        auto key = jws::RsaKey::fromPrivatePem(*pem.value());
        if (!key.ok()) {
            if (storeGuard)
                storeGuard->forgetDynamicClient(providerId, [](const Result<void> &) {});
            (*shared)(nothingSaved());
            return;
        }
        const auto sharedKey = std::make_shared<const jws::RsaKey>(std::move(key).value());
        auto *discovery = new SmartDiscovery(network);
        discovery->discover(provider.fhirBase, [=](const Result<SmartConfiguration> &config) {
            discovery->deleteLater();
            if (!config.ok()) {
                (*shared)(config.error());
                return;
            }
            ClientRegistration client{provider.clientId,
                                      {},
                                      provider.redirectUri,
                                      provider.useSystemBrowser ? BrowserMode::SystemBrowser
                                                                : BrowserMode::Embedded};
            TokenSet tokens;
            tokens.patient = provider.lastPatientId;
            tokens.fhirUser = provider.lastFhirUser;
            auto session = std::make_shared<Session>(config.value(), client, tokens, clock);
            session->useAssertionGrant(sharedKey, provider.dynamicClientId);
            session->restore([=](const Result<void> &restored) {
                if (!restored) {
                    if (!isOAuthRefusal(restored.error().code)) {
                        (*shared)(restored.error());
                        return;
                    }
                    // Revoked, or the key no longer matches: the registration is of no more use.
                    if (storeGuard)
                        storeGuard->forgetDynamicClient(providerId, [](const Result<void> &) {});
                    (*shared)(Error{QCoreApplication::translate(
                                        "kete::connection::SavedSignIn",
                                        "The provider no longer accepts this computer's "
                                        "registration of Kete. Please sign in again."),
                                    restored.error().detail, restored.error().code});
                    return;
                }
                if (storeGuard)
                    rememberSignIn(*session, *storeGuard, providerId);
                qCInfo(lcAuth) << "sign-in restored with the JWT bearer grant, without the browser";
                (*shared)(session);
            });
        });
    });
}

} // namespace

void rememberSignIn(Session &session, ProviderStore &store, const QString &providerId)
{
    const QString patient = session.tokens().patient;
    store.rememberPatient(providerId, patient, session.tokens().fhirUser,
                          session.tokens().grantedScope.toString());
    session.rememberIn(store.secrets(), ProviderStore::refreshTokenKey(providerId, patient));
}

void restoreSignIn(ProviderStore &store, const QString &providerId, QNetworkAccessManager *network,
                   RestoreDone done, Clock clock)
{
    const auto provider = store.provider(providerId);
    if (!provider) {
        done(nothingSaved());
        return;
    }
    if (!provider->dynamicClientId.isEmpty()) {
        restoreRegistered(store, *provider, network, std::move(done), std::move(clock));
        return;
    }
    QPointer<ProviderStore> storeGuard(&store);
    const auto shared = std::make_shared<RestoreDone>(std::move(done));
    store.readRefreshToken(providerId, [=](Result<std::optional<QByteArray>> refreshToken) {
        if (!refreshToken.ok()) {
            (*shared)(refreshToken.error());
            return;
        }
        if (!refreshToken.value() || refreshToken.value()->isEmpty()) {
            (*shared)(nothingSaved());
            return;
        }
        const QByteArray saved = *refreshToken.value();
        const auto withSecret = [=](QByteArray clientSecret) {
            auto *discovery = new SmartDiscovery(network);
            discovery->discover(provider->fhirBase, [=](const Result<SmartConfiguration> &config) {
                discovery->deleteLater();
                if (!config.ok()) {
                    (*shared)(config.error());
                    return;
                }
                ClientRegistration client{provider->clientId, clientSecret, provider->redirectUri,
                                          provider->useSystemBrowser ? BrowserMode::SystemBrowser
                                                                     : BrowserMode::Embedded};
                TokenSet tokens;
                tokens.refreshToken = saved;
                tokens.patient = provider->lastPatientId;
                tokens.fhirUser = provider->lastFhirUser;
                auto session = std::make_shared<Session>(config.value(), client, tokens, clock);
                session->restore([=](const Result<void> &restored) {
                    if (!restored) {
                        (*shared)(restored.error());
                        return;
                    }
                    if (storeGuard)
                        rememberSignIn(*session, *storeGuard, providerId);
                    qCInfo(lcAuth) << "sign-in restored without the browser";
                    (*shared)(session);
                });
            });
        };
        if (!provider->hasClientSecret) {
            withSecret({});
            return;
        }
        if (!storeGuard) {
            (*shared)(nothingSaved());
            return;
        }
        storeGuard->readClientSecret(providerId, [=](Result<std::optional<QByteArray>> secret) {
            if (!secret.ok()) {
                (*shared)(secret.error());
                return;
            }
            withSecret(secret.value().value_or(QByteArray()));
        });
    });
}

} // namespace kete::connection
