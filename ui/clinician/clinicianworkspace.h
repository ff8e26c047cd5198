#pragma once

#include <QPointer>
#include <QWidget>
#include <memory>
#include <vector>

class QTabWidget;

namespace kete {
namespace connection {
class Connection;
}
namespace fhir {
class FhirClient;
struct Patient;
} // namespace fhir
namespace models {
class PatientListModel;
}
namespace record {
class PatientRecord;
class PatientSearch;
} // namespace record
} // namespace kete

namespace kete::ui {

class PatientSearchView;
class RecordView;

// A clinician's desk: "Find a patient" as the first tab, then one tab per open patient, each
// with its own banner so that it is never unclear whose data is shown. Closing a tab frees
// that patient's data. Recent patients are remembered as ids only. The records belong to the
// connection; the desk shows them.
class ClinicianWorkspace final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClinicianWorkspace)

public:
    // `connection` outlives the desk.
    explicit ClinicianWorkspace(connection::Connection *connection, QWidget *parent = nullptr);
    ~ClinicianWorkspace() override;

    void openPatient(const QString &patientId);
    // The patient picked in the provider's own picker (launch/patient), if any.
    void openPickedPatient();
    void closePatient(int tabIndex);
    // Compact rows in every open record and those opened later.
    void setCompact(bool compact);

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
    // The current tab's patient's name, or empty on "Find a patient": all the window title may
    // say about whose record is open.
    QString currentPatientName() const;
    // The tab's label: "Amy Shaw · 12/03/1971 · MRN 00412-88".
    static QString tabLabel(const fhir::Patient &patient);

Q_SIGNALS:
    void signedInUserChanged(const QString &name);
    void currentRecordChanged();

private:
    struct OpenPatient
    {
        record::PatientRecord *record;
        QPointer<RecordView> view;
        int accentSlot;
    };
    void loadSignedInUser();
    void loadRecentPatients();
    const OpenPatient *openAt(int tabIndex) const;
    void showPatientInTab(const OpenPatient &open);

    connection::Connection *m_connection;
    std::unique_ptr<fhir::FhirClient> m_client;
    record::PatientSearch *m_search;
    models::PatientListModel *m_recent;
    QTabWidget *m_tabs;
    PatientSearchView *m_searchView;
    std::vector<OpenPatient> m_open;
    QString m_userName;
    bool m_compact = true; // a clinician's desk is dense unless asked otherwise
};

} // namespace kete::ui
