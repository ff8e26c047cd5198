#include "shell/sessionview.h"

#include "clinician/clinicianworkspace.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "smart/session.h"

#include <QVBoxLayout>

namespace kete::ui {

SessionView::SessionView(std::shared_ptr<smart::Session> session, smart::ScopeAudience audience,
                         ProviderStore *store, const QString &providerId, QWidget *parent)
    : QWidget(parent)
    , m_session(std::move(session))
{
    // Never ask for data the grant does not cover.
    const auto mayRead = [session = m_session.get()](QStringView type) {
        return session->tokens().grantedScope.covers(type);
    };
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (audience == smart::ScopeAudience::Clinician) {
        m_workspace = new ClinicianWorkspace(m_session, store, providerId, mayRead, this);
        connect(m_workspace, &ClinicianWorkspace::recordOpened, this, &SessionView::recordOpened);
        connect(m_workspace, &ClinicianWorkspace::currentRecordChanged, this,
                &SessionView::currentRecordChanged);
        connect(m_workspace, &ClinicianWorkspace::signedInUserChanged, this,
                &SessionView::whoChanged);
        layout->addWidget(m_workspace);
        return;
    }
    m_record = std::make_unique<record::PatientRecord>(
        m_session, m_session->configuration().fhirBase, m_session->tokens().patient, mayRead);
    m_recordView = new RecordView(m_record.get(), this);
    connect(m_record.get(), &record::PatientRecord::patientChanged, this, &SessionView::whoChanged);
    layout->addWidget(m_recordView);
}

SessionView::~SessionView()
{
    // The views read the records' models: they go first.
    delete m_workspace;
    delete m_recordView;
}

void SessionView::start()
{
    if (m_workspace) {
        m_workspace->openPickedPatient();
        return;
    }
    Q_EMIT recordOpened(m_record.get());
    m_record->load();
}

record::PatientRecord *SessionView::currentRecord() const
{
    return m_workspace ? m_workspace->currentRecord() : m_record.get();
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
    return tr("Signed in for %1")
        .arg(m_record->hasPatient() ? m_record->patient().displayName() : tr("your record"));
}

} // namespace kete::ui
