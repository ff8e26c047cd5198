#pragma once

#include "common/result.h"

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <functional>
#include <optional>

class QSettings;

namespace kete {

class ChunkedSecretStore;

// A provider Kete has connected to, as saved in QSettings. Nothing secret: the refresh token
// and any client secret live in the keychain, under refreshTokenKey() and clientSecretKey().
struct ProviderSettings
{
    QString id; // assigned by ProviderStore::save()
    QString displayName;
    QUrl fhirBase;
    QString clientId;
    QUrl redirectUri;
    bool useSystemBrowser = false;
    QString lastPatientId;
    // Who signed in ("Practitioner/123"), for the name shown after a restore: a refresh answer
    // rarely repeats it. A reference, not a name.
    QString lastFhirUser;
    // What the last sign-in was granted (scopes, not secret): what a record shown before the
    // sign-in is restored may say it covers.
    QString lastGrantedScope;
    bool hasClientSecret = false; // a secret is in the keychain
    // The client id this installation registered as (RFC 7591); its private key is in the
    // keychain under clientKeyKey(). Empty: not registered.
    QString dynamicClientId;
    QStringList rememberedPatients; // patient ids with a refresh token in the keychain
    bool clinician = false;         // signs in as a practitioner (user/ scopes, patient search)
    bool ehrPicksPatient = false;   // a clinician's sign-in runs the provider's patient picker
    // Patients a clinician opened lately, newest first: ids only, never a name or health data
    // (the names are fetched again when shown).
    QStringList recentPatients;
    // "Keep a copy of my record on this computer" (a patient's own sign-in only).
    bool keepOfflineCopy = true;
};

// Saved providers. The keychain side (secrets) goes through ChunkedSecretStore; forgetting a
// provider removes both.
class ProviderStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderStore)

public:
    // `settings` outlives the store (the app's QSettings, or an ini file in tests).
    ProviderStore(QSettings *settings, ChunkedSecretStore *secrets, QObject *parent = nullptr);
    // Where the saved providers are: a remembered connection's other choices go there too.
    QSettings *settings() const { return m_settings; }

    QList<ProviderSettings> providers() const;
    std::optional<ProviderSettings> provider(const QString &id) const;
    // Saves (adds or updates); returns the settings with their id.
    ProviderSettings save(ProviderSettings provider);

    static QString refreshTokenKey(const QString &providerId, const QString &patientId);
    static QString clientSecretKey(const QString &providerId);
    static QString clientKeyKey(const QString &providerId);

    using Done = std::function<void(Result<void>)>;

    // Records that a refresh token for this patient is kept, and that it is the last one used.
    void rememberPatient(const QString &providerId, const QString &patientId,
                         const QString &fhirUser = {}, const QString &grantedScope = {});
    // The provider the app was last signed in to (reopened at start); empty after signing out.
    QString lastUsedProviderId() const;
    void setLastUsedProvider(const QString &providerId);

    // Puts the patient first in the provider's recent patients (at most kRecentPatients).
    void addRecentPatient(const QString &providerId, const QString &patientId);
    static constexpr int kRecentPatients = 10;
    void storeClientSecret(const QString &providerId, const QByteArray &secret, Done done);
    void readClientSecret(const QString &providerId,
                          std::function<void(Result<std::optional<QByteArray>>)> done);
    // Dynamic registration: the installation's private key (PEM) in the keychain, then its
    // client id in the settings; forgetDynamicClient() removes both.
    void storeClientKey(const QString &providerId, const QByteArray &privateKeyPem,
                        const QString &dynamicClientId, Done done);
    void readClientKey(const QString &providerId,
                       std::function<void(Result<std::optional<QByteArray>>)> done);
    void forgetDynamicClient(const QString &providerId, Done done);
    // The saved refresh token for the provider's last patient (nullopt when there is none).
    void readRefreshToken(const QString &providerId,
                          std::function<void(Result<std::optional<QByteArray>>)> done);

    // Removes the settings at once and every keychain entry of the provider; `done` gets the
    // first keychain problem, if any.
    void forget(const QString &providerId, Done done);

    ChunkedSecretStore *secrets() const { return m_secrets; }

private:
    void removeKeys(QStringList keys, Result<void> outcome, Done done);

    QSettings *m_settings;
    ChunkedSecretStore *m_secrets;
};

} // namespace kete
