#include "shell/sessionview.h"

#include "clinician/clinicianworkspace.h"
#include "common/result.h"
#include "connection/connection.h"
#include "fhir/recordloader.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "smart/session.h"

#include <QVBoxLayout>

namespace kete::ui {

SessionView::SessionView(connection::Connection *connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    connect(connection, &connection::Connection::recordOpened, this, &SessionView::watch);
    connect(connection, &connection::Connection::tokensChanged, this, &SessionView::changed);
    connect(connection, &connection::Connection::resumed, this, &SessionView::changed);
    connect(connection, &connection::Connection::stillOffline, this, &SessionView::changed);
    connect(connection, &connection::Connection::signInEnded, this, &SessionView::signInEnded);
    connect(connection, &connection::Connection::rememberFailed, this, &SessionView::problem);
    if (m_connection->isClinician()) {
        m_workspace = new ClinicianWorkspace(m_connection, this);
        connect(m_workspace, &ClinicianWorkspace::currentRecordChanged, this,
                &SessionView::changed);
        connect(m_workspace, &ClinicianWorkspace::signedInUserChanged, this, &SessionView::changed);
        layout->addWidget(m_workspace);
        return;
    }
    m_record = m_connection->openRecord(m_connection->session()->tokens().patient);
    m_recordView = new RecordView(m_record, this);
    m_recordView->keepPinsIn(m_connection->keptSettings());
    layout->addWidget(m_recordView);
}

SessionView::~SessionView()
{
    // The views read the records' models: they go first.
    delete m_workspace;
    delete m_recordView;
}

void SessionView::watch(record::PatientRecord *record)
{
    connect(record, &record::PatientRecord::patientChanged, this, &SessionView::changed);
    connect(record, &record::PatientRecord::progressChanged, this, &SessionView::changed);
    connect(record, &record::PatientRecord::loaded, this,
            [this, record](const fhir::RecordOutcome &outcome) {
                Q_EMIT changed();
                if (record == currentRecord())
                    Q_EMIT loaded(outcome);
            });
}

void SessionView::start()
{
    if (m_workspace)
        m_workspace->openPickedPatient();
    else
        m_connection->loadRecord(m_record);
}

record::PatientRecord *SessionView::currentRecord() const
{
    return m_workspace ? m_workspace->currentRecord() : m_record.data();
}

RecordView *SessionView::currentRecordView() const
{
    return m_workspace ? m_workspace->currentRecordView() : m_recordView.data();
}

QString SessionView::whoText() const
{
    if (m_workspace) {
        const QString name = m_workspace->signedInUserName();
        return tr("Signed in as %1").arg(name.isEmpty() ? tr("a clinician") : name);
    }
    const bool stillRestoring = m_connection->isOffline() && !m_connection->isSignInRefused();
    const QString who = m_connection->isSignedIn() ? tr("Signed in for %1")
                        : stillRestoring           ? tr("Offline, not signed in yet: %1")
                                                   : tr("Sign-in ended: %1");
    return who.arg(m_record && m_record->hasPatient() ? m_record->patient().displayName()
                                                      : tr("your record"));
}

} // namespace kete::ui
