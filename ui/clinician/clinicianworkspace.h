#pragma once

#include "fhir/recordloader.h"

#include <QPointer>
#include <QWidget>
#include <memory>
#include <vector>

class QTabWidget;

namespace kete {
class ProviderStore;
namespace fhir {
class FhirClient;
}
namespace models {
class PatientListModel;
}
namespace record {
class PatientRecord;
class PatientSearch;
} // namespace record
namespace smart {
class Session;
}
} // namespace kete

namespace kete::ui {

class PatientSearchView;
class RecordView;

// A clinician's desk: "Find a patient" as the first tab, then one tab per open patient, each
// with its own banner so that it is never unclear whose data is shown. Closing a tab frees
// that patient's data. Recent patients are remembered as ids only.
class ClinicianWorkspace final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClinicianWorkspace)

public:
    // `store` and `providerId` may be empty (the demo): then nothing is remembered.
    ClinicianWorkspace(std::shared_ptr<smart::Session> session, ProviderStore *store,
                       QString providerId, fhir::RecordLoader::TypeFilter mayRead,
                       QWidget *parent = nullptr);
    ~ClinicianWorkspace() override;

    void openPatient(const QString &patientId);
    // The patient picked in the provider's own picker (launch/patient), if any.
    void openPickedPatient();
    void closePatient(int tabIndex);

    PatientSearchView *searchView() const { return m_searchView; }
    QTabWidget *tabs() const { return m_tabs; }
    int openPatientCount() const { return int(m_open.size()); }
    record::PatientRecord *patientRecord(int tabIndex) const;
    RecordView *recordView(int tabIndex) const;
    models::PatientListModel *recentPatients() const { return m_recent; }
    // The current tab's record, or nullptr on "Find a patient".
    record::PatientRecord *currentRecord() const;
    RecordView *currentRecordView() const;
    QString signedInUserName() const { return m_userName; }

Q_SIGNALS:
    void signedInUserChanged(const QString &name);
    void currentRecordChanged();
    // A patient's tab opened and its record started loading.
    void recordOpened(kete::record::PatientRecord *record);

private:
    struct OpenPatient
    {
        std::unique_ptr<record::PatientRecord> record;
        QPointer<RecordView> view;
    };
    void loadSignedInUser();
    void loadRecentPatients();
    const OpenPatient *openAt(int tabIndex) const;

    std::shared_ptr<smart::Session> m_session;
    QPointer<ProviderStore> m_store;
    QString m_providerId;
    fhir::RecordLoader::TypeFilter m_mayRead;
    std::unique_ptr<fhir::FhirClient> m_client;
    record::PatientSearch *m_search;
    models::PatientListModel *m_recent;
    QTabWidget *m_tabs;
    PatientSearchView *m_searchView;
    std::vector<OpenPatient> m_open;
    QString m_userName;
};

} // namespace kete::ui
