#pragma once

#include <QPointer>
#include <QWidget>

namespace kete {
struct Error;
namespace connection {
class Connection;
}
namespace fhir {
struct RecordOutcome;
}
namespace record {
class PatientRecord;
}
} // namespace kete

namespace kete::ui {

class ClinicianWorkspace;
class RecordView;

// What a signed-in connection shows: the patient's own record, or a clinician's desk with one
// tab per patient. The records belong to the connection; this owns the views of them, and
// passes on what the window says about them.
//
//   SessionView view(connection);
//   view.start();   // opens and loads the record / the picked patient
//
//   changed()               who, the record on screen, its progress or the tokens changed
//   loaded(outcome)         the record on screen has finished loading
//   signInEnded()           the connection can no longer read (refresh refused)
//   problem(error)          something to tell the user (the sign-in could not be remembered)
class SessionView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionView)

public:
    // `connection` outlives the view.
    explicit SessionView(connection::Connection *connection, QWidget *parent = nullptr);
    ~SessionView() override;

    void start();
    connection::Connection *connection() const { return m_connection; }

    // The record on screen (the clinician's current tab), or nullptr.
    record::PatientRecord *currentRecord() const;
    RecordView *currentRecordView() const;
    ClinicianWorkspace *workspace() const { return m_workspace; }
    // "Signed in for Amy Shaw" / "Signed in as Dr Rangi Parata".
    QString whoText() const;

Q_SIGNALS:
    void changed();
    void loaded(const kete::fhir::RecordOutcome &outcome);
    void signInEnded();
    void problem(const kete::Error &error);

private:
    void watch(record::PatientRecord *record);

    connection::Connection *m_connection;
    QPointer<record::PatientRecord> m_record; // patients only
    QPointer<RecordView> m_recordView;
    QPointer<ClinicianWorkspace> m_workspace;
};

} // namespace kete::ui
