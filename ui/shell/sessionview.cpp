#include "shell/sessionview.h"

#include "clinician/clinicianworkspace.h"
#include "common/result.h"
#include "connection/connection.h"
#include "fhir/recordloader.h"
#include "providers/patienthome.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "smart/session.h"

#include <QVBoxLayout>

namespace kete::ui {

using connection::Connection;

SessionView::SessionView(Connection *connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (m_connection->isClinician()) {
        connect(connection, &Connection::recordOpened, this, &SessionView::watch);
        connect(connection, &Connection::tokensChanged, this, &SessionView::changed);
        connect(connection, &Connection::resumed, this, &SessionView::changed);
        connect(connection, &Connection::stillOffline, this, &SessionView::changed);
        connect(connection, &Connection::signInEnded, this,
                [this] { Q_EMIT signInEnded(m_connection); });
        connect(connection, &Connection::rememberFailed, this, &SessionView::problem);
        m_workspace = new ClinicianWorkspace(m_connection, this);
        connect(m_workspace, &ClinicianWorkspace::currentRecordChanged, this,
                &SessionView::changed);
        connect(m_workspace, &ClinicianWorkspace::signedInUserChanged, this, &SessionView::changed);
        layout->addWidget(m_workspace);
        return;
    }
    m_home = new PatientHome(connection, this);
    connect(m_home, &PatientHome::changed, this, &SessionView::changed);
    connect(m_home, &PatientHome::loaded, this, &SessionView::loaded);
    connect(m_home, &PatientHome::signInEnded, this, &SessionView::signInEnded);
    connect(m_home, &PatientHome::problem, this, &SessionView::problem);
    layout->addWidget(m_home);
}

SessionView::~SessionView()
{
    // The views read the records' models: they go first.
    delete m_workspace;
    delete m_home;
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
        m_home->start();
}

QList<Connection *> SessionView::connections() const
{
    return m_home ? m_home->connections() : QList<Connection *>{m_connection};
}

Connection *SessionView::addProvider(Connection *connection)
{
    if (!m_home)
        return nullptr;
    Connection *replaced = m_home->connectionWithKey(connection->providerKey());
    if (replaced)
        m_home->removeProvider(replaced);
    if (replaced == m_connection)
        m_connection = connection;
    m_home->addProvider(connection);
    return replaced;
}

void SessionView::removeProvider(Connection *connection)
{
    if (!m_home || m_home->connections().size() < 2)
        return;
    m_home->removeProvider(connection);
    if (connection == m_connection)
        m_connection = m_home->connections().constFirst();
}

record::PatientRecord *SessionView::currentRecord() const
{
    return m_workspace ? m_workspace->currentRecord() : m_home->recordOf(m_connection);
}

record::ShownRecord *SessionView::shownRecord() const
{
    if (m_workspace)
        return m_workspace->currentRecord();
    return m_home->shownRecord();
}

RecordView *SessionView::currentRecordView() const
{
    return m_workspace ? m_workspace->currentRecordView() : m_home->recordView();
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
    const record::PatientRecord *record = currentRecord();
    return who.arg(record && record->hasPatient() ? record->patient().displayName()
                                                  : tr("your record"));
}

} // namespace kete::ui
