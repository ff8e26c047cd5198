#pragma once

#include "common/result.h"
#include "connection/connectiontarget.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <memory>
#include <vector>

class QSettings;

namespace kete {
class ProviderStore;
namespace offline {
class OfflineCopy;
class OfflineKeys;
} // namespace offline
namespace record {
class PatientRecord;
}
namespace smart {
class Session;
}
} // namespace kete

namespace kete::connection {

// Where patients' records are kept on this computer (offline::OfflineCopy); no keys: nowhere.
struct KeptCopies
{
    offline::OfflineKeys *keys = nullptr;
    QString folder;
};

// One signed-in connection to a provider: its session (tokens, and the network manager every
// request on this connection shares) and the patients' records read through it, which it owns.
// A patient's grant reads one record; a clinician's desk opens one per patient.
//
//   connection.openRecord(patientId)   -> recordOpened(record), then record->load()
//   connection.closeRecord(record)     -> that patient's data is freed
//
// A remembered patient sign-in keeps the record on this computer (`kept`): loadRecord() shows
// that copy first, then fetches only what changed. Such a connection may open before its
// sign-in is restored (`session` not signed in yet: offline); resume() then brings the renewed
// session and the records catch up.
class Connection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Connection)

public:
    // `rememberedIn`: where the provider is saved (null: nothing of it is remembered).
    Connection(ConnectionTarget target, std::shared_ptr<smart::Session> session,
               QStringList notGranted, ProviderStore *rememberedIn, KeptCopies kept = {},
               QObject *parent = nullptr);
    ~Connection() override;

    const ConnectionTarget &target() const { return m_target; }
    QString providerId() const { return m_target.providerId; }
    // Which provider this is, remembered or not: the saved provider's id, else (the demo) its
    // FHIR base. Two connections with the same key are to the same provider.
    QString providerKey() const
    {
        return m_target.providerId.isEmpty() ? m_target.request.fhirBase.toString()
                                             : m_target.providerId;
    }
    const std::shared_ptr<smart::Session> &session() const { return m_session; }
    bool isSignedIn() const;
    bool isRemembered() const;
    // Where this connection's choices are kept (the saved providers' settings); nullptr when it
    // is not remembered (the demo): then nothing of it is written.
    QSettings *keptSettings() const;
    bool isClinician() const { return m_target.isClinician(); }
    // What the user did not share at this sign-in (empty after a restore).
    QStringList notGranted() const { return m_notGranted; }
    // Whether the grant covers a resource type (Kete never asks for what it does not).
    bool mayRead(QStringView resourceType) const;

    record::PatientRecord *openRecord(const QString &patientId);
    // Shows the record's kept copy when there is one, then loads it when signed in (only what
    // changed, where the copy and the server allow).
    void loadRecord(record::PatientRecord *record);
    // The copy of the record kept on this computer, or nullptr when none is kept.
    offline::OfflineCopy *keptCopy(const record::PatientRecord *record) const;
    // The sign-in was restored after the connection opened without it: the records use the new
    // session and load what changed.
    void resume(std::shared_ptr<smart::Session> session);
    // Opened from the kept copy and not signed in since (the server could not be reached yet).
    bool isOffline() const { return !isSignedIn() && !m_everSignedIn; }
    // Why the sign-in could not be restored, while offline: the server is out of reach
    // (stillOffline: Retry may work), or it refused the saved sign-in (signInEnded: only a new
    // sign-in helps). Either way the kept copy stays on screen.
    void setOfflineReason(const kete::Error &error);
    // The server refused the saved sign-in while offline.
    bool isSignInRefused() const { return m_signInRefused; }
    void closeRecord(record::PatientRecord *record);
    QList<record::PatientRecord *> records() const;

    // A clinician's recently opened patients (ids, newest first), when the provider is saved.
    QStringList recentPatients() const;
    void addRecentPatient(const QString &patientId);

Q_SIGNALS:
    // Opened, not yet loading: watch it before record->load().
    void recordOpened(kete::record::PatientRecord *record);
    void tokensChanged();
    // Restoring the sign-in failed while the record is shown from its copy (`error` says why).
    void stillOffline(const kete::Error &error);
    // resume() brought the sign-in back.
    void resumed();
    // The provider no longer accepts this sign-in: what is shown stays, nothing more loads.
    void signInEnded();
    // The keychain could not keep the sign-in; the connection goes on without remembering.
    void rememberFailed(const kete::Error &error);

private:
    void watchSession();
    bool keepsCopies() const;

    ConnectionTarget m_target;
    std::shared_ptr<smart::Session> m_session;
    QStringList m_notGranted;
    QPointer<ProviderStore> m_store;
    KeptCopies m_kept;
    bool m_everSignedIn = false;
    bool m_signInRefused = false;
    std::vector<std::unique_ptr<record::PatientRecord>> m_records;
};

} // namespace kete::connection
