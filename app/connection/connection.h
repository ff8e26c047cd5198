#pragma once

#include "common/result.h"
#include "connection/connectiontarget.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <memory>
#include <vector>

namespace kete {
class ProviderStore;
namespace record {
class PatientRecord;
}
namespace smart {
class Session;
}
} // namespace kete

namespace kete::connection {

// One signed-in connection to a provider: its session (tokens, and the network manager every
// request on this connection shares) and the patients' records read through it, which it owns.
// A patient's grant reads one record; a clinician's desk opens one per patient.
//
//   connection.openRecord(patientId)   -> recordOpened(record), then record->load()
//   connection.closeRecord(record)     -> that patient's data is freed
class Connection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Connection)

public:
    // `rememberedIn`: where the provider is saved (null: nothing of it is remembered).
    Connection(ConnectionTarget target, std::shared_ptr<smart::Session> session,
               QStringList notGranted, ProviderStore *rememberedIn, QObject *parent = nullptr);
    ~Connection() override;

    const ConnectionTarget &target() const { return m_target; }
    QString providerId() const { return m_target.providerId; }
    const std::shared_ptr<smart::Session> &session() const { return m_session; }
    bool isSignedIn() const;
    bool isRemembered() const;
    bool isClinician() const { return m_target.isClinician(); }
    // What the user did not share at this sign-in (empty after a restore).
    QStringList notGranted() const { return m_notGranted; }
    // Whether the grant covers a resource type (Kete never asks for what it does not).
    bool mayRead(QStringView resourceType) const;

    record::PatientRecord *openRecord(const QString &patientId);
    void closeRecord(record::PatientRecord *record);
    QList<record::PatientRecord *> records() const;

    // A clinician's recently opened patients (ids, newest first), when the provider is saved.
    QStringList recentPatients() const;
    void addRecentPatient(const QString &patientId);

Q_SIGNALS:
    // Opened, not yet loading: watch it before record->load().
    void recordOpened(kete::record::PatientRecord *record);
    void tokensChanged();
    // The provider no longer accepts this sign-in: what is shown stays, nothing more loads.
    void signInEnded();
    // The keychain could not keep the sign-in; the connection goes on without remembering.
    void rememberFailed(const kete::Error &error);

private:
    ConnectionTarget m_target;
    std::shared_ptr<smart::Session> m_session;
    QStringList m_notGranted;
    QPointer<ProviderStore> m_store;
    std::vector<std::unique_ptr<record::PatientRecord>> m_records;
};

} // namespace kete::connection
