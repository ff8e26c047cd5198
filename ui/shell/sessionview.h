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
class ShownRecord;
} // namespace record
} // namespace kete

namespace kete::ui {

class ClinicianWorkspace;
class PatientHome;
class RecordView;

// What a signed-in connection shows: the patient's own record (from every provider they add:
// PatientHome), or a clinician's desk with one tab per patient. The records belong to the
// connections; this owns the views of them, and passes on what the window says about them.
//
//   SessionView view(connection);
//   view.start();   // opens and loads the record / the picked patient
//
//   changed()               who, the record on screen, its progress or the tokens changed
//   loaded(outcome)         the record on screen has finished loading
//   signInEnded(connection) that connection can no longer read (refresh refused)
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
    // The first connection (a patient's first provider, or the clinician's).
    connection::Connection *connection() const { return m_connection; }
    // A patient's providers, the first first; a clinician's one connection.
    QList<connection::Connection *> connections() const;

    // The first provider's record (the clinician's current tab), or nullptr.
    record::PatientRecord *currentRecord() const;
    // What the record view shows: as above, or the patient's providers' records put together.
    record::ShownRecord *shownRecord() const;
    RecordView *currentRecordView() const;
    ClinicianWorkspace *workspace() const { return m_workspace; }
    PatientHome *home() const { return m_home; }
    // A patient's further provider: its record joins the one shown. A connection to a provider
    // already shown replaces the one before (a new sign-in); returns that one, else nullptr.
    connection::Connection *addProvider(connection::Connection *connection);
    // Takes a provider's record out of the view (never the last one).
    void removeProvider(connection::Connection *connection);
    // "Signed in for Amy Shaw" / "Signed in as Dr Rangi Parata".
    QString whoText() const;

Q_SIGNALS:
    void changed();
    void loaded(const kete::fhir::RecordOutcome &outcome);
    void signInEnded(kete::connection::Connection *connection);
    void problem(const kete::Error &error);

private:
    void watch(record::PatientRecord *record);

    connection::Connection *m_connection;
    QPointer<PatientHome> m_home; // patients only
    QPointer<ClinicianWorkspace> m_workspace;
};

} // namespace kete::ui
