#include "storage/providerstore.h"

#include "common/logging.h"
#include "storage/chunkedsecretstore.h"

#include <QSettings>
#include <QUuid>

namespace kete {

namespace {

const QString group = QStringLiteral("providers");

QString keyOf(const QString &id, const char *name)
{
    return group + QLatin1Char('/') + id + QLatin1Char('/') + QLatin1String(name);
}

} // namespace

ProviderStore::ProviderStore(QSettings *settings, ChunkedSecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_secrets(secrets)
{}

QList<ProviderSettings> ProviderStore::providers() const
{
    m_settings->beginGroup(group);
    const QStringList ids = m_settings->childGroups();
    m_settings->endGroup();
    QList<ProviderSettings> list;
    for (const QString &id : ids)
        if (auto saved = provider(id))
            list.append(*saved);
    return list;
}

std::optional<ProviderSettings> ProviderStore::provider(const QString &id) const
{
    if (id.isEmpty() || !m_settings->contains(keyOf(id, "fhirBase")))
        return std::nullopt;
    ProviderSettings saved;
    saved.id = id;
    saved.displayName = m_settings->value(keyOf(id, "displayName")).toString();
    saved.fhirBase = QUrl(m_settings->value(keyOf(id, "fhirBase")).toString());
    saved.clientId = m_settings->value(keyOf(id, "clientId")).toString();
    saved.redirectUri = QUrl(m_settings->value(keyOf(id, "redirectUri")).toString());
    saved.useSystemBrowser =
        m_settings->value(keyOf(id, "browserMode")).toString() == QLatin1String("system");
    saved.lastPatientId = m_settings->value(keyOf(id, "lastPatientId")).toString();
    saved.lastFhirUser = m_settings->value(keyOf(id, "lastFhirUser")).toString();
    saved.lastGrantedScope = m_settings->value(keyOf(id, "lastGrantedScope")).toString();
    saved.keepOfflineCopy = m_settings->value(keyOf(id, "keepOfflineCopy"), true).toBool();
    saved.hasClientSecret = m_settings->value(keyOf(id, "hasClientSecret")).toBool();
    saved.dynamicClientId = m_settings->value(keyOf(id, "dynamicClientId")).toString();
    saved.rememberedPatients = m_settings->value(keyOf(id, "rememberedPatients")).toStringList();
    saved.clinician =
        m_settings->value(keyOf(id, "audience")).toString() == QLatin1String("clinician");
    saved.ehrPicksPatient = m_settings->value(keyOf(id, "ehrPicksPatient")).toBool();
    saved.recentPatients = m_settings->value(keyOf(id, "recentPatients")).toStringList();
    return saved;
}

ProviderSettings ProviderStore::save(ProviderSettings provider)
{
    if (provider.id.isEmpty())
        provider.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString &id = provider.id;
    m_settings->setValue(keyOf(id, "displayName"), provider.displayName);
    m_settings->setValue(keyOf(id, "fhirBase"), provider.fhirBase.toString(QUrl::FullyEncoded));
    m_settings->setValue(keyOf(id, "clientId"), provider.clientId);
    m_settings->setValue(keyOf(id, "redirectUri"),
                         provider.redirectUri.toString(QUrl::FullyEncoded));
    m_settings->setValue(keyOf(id, "browserMode"), provider.useSystemBrowser
                                                       ? QStringLiteral("system")
                                                       : QStringLiteral("embedded"));
    m_settings->setValue(keyOf(id, "lastPatientId"), provider.lastPatientId);
    m_settings->setValue(keyOf(id, "lastFhirUser"), provider.lastFhirUser);
    m_settings->setValue(keyOf(id, "lastGrantedScope"), provider.lastGrantedScope);
    m_settings->setValue(keyOf(id, "keepOfflineCopy"), provider.keepOfflineCopy);
    m_settings->setValue(keyOf(id, "hasClientSecret"), provider.hasClientSecret);
    m_settings->setValue(keyOf(id, "dynamicClientId"), provider.dynamicClientId);
    m_settings->setValue(keyOf(id, "rememberedPatients"), provider.rememberedPatients);
    m_settings->setValue(keyOf(id, "audience"), provider.clinician ? QStringLiteral("clinician")
                                                                   : QStringLiteral("patient"));
    m_settings->setValue(keyOf(id, "ehrPicksPatient"), provider.ehrPicksPatient);
    m_settings->setValue(keyOf(id, "recentPatients"), provider.recentPatients);
    m_settings->sync();
    return provider;
}

QString ProviderStore::refreshTokenKey(const QString &providerId, const QString &patientId)
{
    return QStringLiteral("provider/%1/patient/%2/refresh-token")
        .arg(providerId, patientId.isEmpty() ? QStringLiteral("-") : patientId);
}

QString ProviderStore::clientSecretKey(const QString &providerId)
{
    return QStringLiteral("provider/%1/client-secret").arg(providerId);
}

QString ProviderStore::clientKeyKey(const QString &providerId)
{
    return QStringLiteral("provider/%1/client-key").arg(providerId);
}

void ProviderStore::storeClientKey(const QString &providerId, const QByteArray &privateKeyPem,
                                   const QString &dynamicClientId, Done done)
{
    m_secrets->write(
        clientKeyKey(providerId), privateKeyPem,
        [this, providerId, dynamicClientId, done = std::move(done)](const Result<void> &written) {
            if (written) {
                if (auto saved = provider(providerId)) {
                    saved->dynamicClientId = dynamicClientId;
                    save(*saved);
                }
            }
            done(written);
        });
}

void ProviderStore::readClientKey(const QString &providerId,
                                  std::function<void(Result<std::optional<QByteArray>>)> done)
{
    m_secrets->read(clientKeyKey(providerId), std::move(done));
}

void ProviderStore::forgetDynamicClient(const QString &providerId, Done done)
{
    if (auto saved = provider(providerId)) {
        saved->dynamicClientId.clear();
        save(*saved);
    }
    m_secrets->remove(clientKeyKey(providerId), std::move(done));
}

void ProviderStore::rememberPatient(const QString &providerId, const QString &patientId,
                                    const QString &fhirUser, const QString &grantedScope)
{
    auto saved = provider(providerId);
    if (!saved)
        return;
    saved->lastPatientId = patientId;
    saved->lastFhirUser = fhirUser;
    if (!grantedScope.isEmpty())
        saved->lastGrantedScope = grantedScope;
    if (!saved->rememberedPatients.contains(patientId))
        saved->rememberedPatients.append(patientId);
    save(*saved);
}

QString ProviderStore::lastUsedProviderId() const
{
    const QString id = m_settings->value(QStringLiteral("lastProvider")).toString();
    return provider(id) ? id : QString();
}

void ProviderStore::setLastUsedProvider(const QString &providerId)
{
    m_settings->setValue(QStringLiteral("lastProvider"), providerId);
    m_settings->sync();
}

void ProviderStore::addRecentPatient(const QString &providerId, const QString &patientId)
{
    auto saved = provider(providerId);
    if (!saved || patientId.isEmpty())
        return;
    saved->recentPatients.removeAll(patientId);
    saved->recentPatients.prepend(patientId);
    while (saved->recentPatients.size() > kRecentPatients)
        saved->recentPatients.removeLast();
    save(*saved);
}

void ProviderStore::storeClientSecret(const QString &providerId, const QByteArray &secret,
                                      Done done)
{
    m_secrets->write(clientSecretKey(providerId), secret,
                     [this, providerId, done = std::move(done)](const Result<void> &written) {
                         if (written) {
                             if (auto saved = provider(providerId)) {
                                 saved->hasClientSecret = true;
                                 save(*saved);
                             }
                         }
                         done(written);
                     });
}

void ProviderStore::readClientSecret(const QString &providerId,
                                     std::function<void(Result<std::optional<QByteArray>>)> done)
{
    m_secrets->read(clientSecretKey(providerId), std::move(done));
}

void ProviderStore::readRefreshToken(const QString &providerId,
                                     std::function<void(Result<std::optional<QByteArray>>)> done)
{
    const auto saved = provider(providerId);
    if (!saved || !saved->rememberedPatients.contains(saved->lastPatientId)) {
        QMetaObject::invokeMethod(
            this, [done = std::move(done)] { done(std::optional<QByteArray>()); },
            Qt::QueuedConnection);
        return;
    }
    m_secrets->read(refreshTokenKey(providerId, saved->lastPatientId), std::move(done));
}

void ProviderStore::forget(const QString &providerId, Done done)
{
    QStringList keys{clientSecretKey(providerId), clientKeyKey(providerId)};
    if (const auto saved = provider(providerId)) {
        for (const QString &patient : saved->rememberedPatients)
            keys.append(refreshTokenKey(providerId, patient));
    }
    m_settings->remove(group + QLatin1Char('/') + providerId);
    m_settings->sync();
    qCInfo(lcStorage) << "provider forgotten; removing" << keys.size() << "keychain entries";
    removeKeys(keys, {}, std::move(done));
}

// `outcome`: done so far, or the first problem.
void ProviderStore::removeKeys(QStringList keys, Result<void> outcome, Done done)
{
    if (keys.isEmpty()) {
        done(outcome);
        return;
    }
    const QString key = keys.takeFirst();
    m_secrets->remove(
        key, [this, keys, outcome, done = std::move(done)](const Result<void> &removed) mutable {
            if (!removed && outcome)
                outcome = removed;
            QMetaObject::invokeMethod(
                this,
                [this, keys, outcome, done = std::move(done)]() mutable {
                    removeKeys(keys, outcome, std::move(done));
                },
                Qt::QueuedConnection);
        });
}

} // namespace kete
