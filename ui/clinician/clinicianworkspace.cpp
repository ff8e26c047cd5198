#include "clinician/clinicianworkspace.h"

#include "clinician/patientaccent.h"
#include "clinician/patientsearchview.h"
#include "common/logging.h"
#include "connection/connection.h"
#include "fhir/fhirclient.h"
#include "models/patientlistmodel.h"
#include "record/patientbanner.h"
#include "record/patientrecord.h"
#include "record/patientsearch.h"
#include "record/recordview.h"
#include "record/summaryview.h"
#include "smart/session.h"

#include <QLocale>
#include <QShortcut>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace kete::ui {

namespace {

// "Practitioner/abc" or "https://ehr.example/fhir/Practitioner/abc" -> "abc".
QString practitionerId(const QString &fhirUser)
{
    const QStringList parts = QUrl(fhirUser).path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const qsizetype at = parts.lastIndexOf(QStringLiteral("Practitioner"));
    return at >= 0 && at + 1 < parts.size() ? parts.at(at + 1) : QString();
}

} // namespace

ClinicianWorkspace::ClinicianWorkspace(connection::Connection *connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_client(std::make_unique<fhir::FhirClient>(connection->session()->configuration().fhirBase,
                                                  connection->session().get()))
    , m_search(new record::PatientSearch(m_client.get(), this))
    , m_recent(new models::PatientListModel(this))
    , m_tabs(new QTabWidget(this))
    , m_searchView(new PatientSearchView(m_search, m_recent, m_tabs))
{
    m_tabs->setObjectName(QStringLiteral("patientTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(false);
    m_tabs->addTab(m_searchView, tr("Find a patient"));
    // The search tab stays.
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr);
    m_tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &ClinicianWorkspace::closePatient);
    connect(m_tabs, &QTabWidget::currentChanged, this, &ClinicianWorkspace::currentRecordChanged);
    connect(m_searchView, &PatientSearchView::patientChosen, this,
            &ClinicianWorkspace::openPatient);
    // On "Find a patient" the cursor is in the name field, ready to type.
    m_searchView->setFocusProxy(m_searchView->findChild<QWidget *>(QStringLiteral("searchName")));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_searchView)
            m_searchView->setFocus(Qt::OtherFocusReason);
    });
    m_searchView->setFocus(Qt::OtherFocusReason);
    // A patient's tab takes the keyboard too: arrows move through the record's sections.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (RecordView *view = recordView(index))
            view->setFocus(Qt::TabFocusReason);
    });

    // Keyboard first: Ctrl+W closes the patient in front, Ctrl+Tab and Ctrl+Shift+Tab move
    // between the tabs (round the end).
    const auto addShortcut = [this](const QKeySequence &keys, auto slot) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_W),
                [this] { closePatient(m_tabs->currentIndex()); });
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab), [this] {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count());
    });
    addShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab), [this] {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    loadSignedInUser();
    loadRecentPatients();
}

void ClinicianWorkspace::openPickedPatient()
{
    openPatient(m_connection->session()->tokens().patient);
}

ClinicianWorkspace::~ClinicianWorkspace()
{
    // Views read their records' models: they go first, then the records, then the client.
    for (OpenPatient &open : m_open) {
        delete open.view;
        m_connection->closeRecord(open.record);
    }
    m_open.clear();
    delete m_search;
    m_client.reset();
}

void ClinicianWorkspace::openPatient(const QString &patientId)
{
    if (patientId.isEmpty())
        return;
    for (const OpenPatient &open : m_open) {
        if (open.record->patientId() == patientId) {
            m_tabs->setCurrentWidget(open.view);
            return;
        }
    }
    record::PatientRecord *raw = m_connection->openRecord(patientId);
    auto *view = new RecordView(raw, m_tabs);
    view->keepPinsIn(m_connection->keptSettings());
    view->summary()->setClinicianView(true);
    view->setCompact(m_compact);
    QList<int> usedSlots;
    for (const OpenPatient &open : m_open)
        usedSlots.append(open.accentSlot);
    const OpenPatient open{raw, view, PatientAccent::firstFree(usedSlots)};
    view->banner()->setAccent(PatientAccent::color(open.accentSlot));
    connect(raw, &record::PatientRecord::patientChanged, this, [this, open] {
        showPatientInTab(open);
        m_recent->updatePatient(open.record->patient());
        Q_EMIT currentRecordChanged(); // the window title may name her now
    });
    m_open.push_back(open);
    const int index = m_tabs->addTab(view, PatientAccent::icon(open.accentSlot), tr("Loading…"));
    m_tabs->setCurrentIndex(index);
    raw->load();
    m_connection->addRecentPatient(patientId);
}

void ClinicianWorkspace::setCompact(bool compact)
{
    m_compact = compact;
    for (const OpenPatient &open : m_open) {
        if (open.view)
            open.view->setCompact(compact);
    }
}

void ClinicianWorkspace::closePatient(int tabIndex)
{
    QWidget *page = m_tabs->widget(tabIndex);
    const auto it = std::find_if(m_open.begin(), m_open.end(),
                                 [page](const OpenPatient &open) { return open.view == page; });
    if (it == m_open.end())
        return;
    m_tabs->removeTab(tabIndex);
    delete it->view;
    m_connection->closeRecord(it->record); // its requests and its models go with it
    m_open.erase(it);
}

void ClinicianWorkspace::showPatientInTab(const OpenPatient &open)
{
    const int index = m_tabs->indexOf(open.view);
    if (index < 0)
        return;
    const fhir::Patient &patient = open.record->patient();
    m_tabs->setTabText(index, tabLabel(patient));
    m_tabs->setTabToolTip(index, patient.displayName() + QLatin1Char('\n') +
                                     patientDetailsLine(patient, QDate::currentDate()));
}

QString ClinicianWorkspace::tabLabel(const fhir::Patient &patient)
{
    QStringList parts{patient.displayName()};
    if (patient.birthDate.isValid())
        parts << patient.birthDate.toDisplayString(QLocale());
    if (const QString mrn = patient.medicalRecordNumber(); !mrn.isEmpty())
        parts << tr("MRN %1").arg(mrn);
    else if (!patient.identifiers.isEmpty())
        parts << tr("ID %1").arg(patient.identifiers.constFirst().value);
    return parts.join(QStringLiteral(" · "));
}

QString ClinicianWorkspace::currentPatientName() const
{
    const record::PatientRecord *record = currentRecord();
    return record && record->hasPatient() ? record->patient().displayName() : QString();
}

const ClinicianWorkspace::OpenPatient *ClinicianWorkspace::openAt(int tabIndex) const
{
    QWidget *page = m_tabs->widget(tabIndex);
    for (const OpenPatient &open : m_open) {
        if (open.view == page)
            return &open;
    }
    return nullptr;
}

record::PatientRecord *ClinicianWorkspace::patientRecord(int tabIndex) const
{
    const OpenPatient *open = openAt(tabIndex);
    return open ? open->record : nullptr;
}

RecordView *ClinicianWorkspace::recordView(int tabIndex) const
{
    const OpenPatient *open = openAt(tabIndex);
    return open ? open->view.data() : nullptr;
}

record::PatientRecord *ClinicianWorkspace::currentRecord() const
{
    return patientRecord(m_tabs->currentIndex());
}

RecordView *ClinicianWorkspace::currentRecordView() const
{
    return recordView(m_tabs->currentIndex());
}

void ClinicianWorkspace::loadSignedInUser()
{
    const QString id = practitionerId(m_connection->session()->tokens().fhirUser);
    if (id.isEmpty() || !m_connection->mayRead(u"Practitioner"))
        return;
    fhir::FhirRequest *request = m_client->read(QStringLiteral("Practitioner"), id);
    connect(request, &fhir::FhirRequest::pageReceived, this, [this](const fhir::BundlePage &page) {
        if (page.practitioners.isEmpty())
            return;
        m_userName = page.practitioners.constFirst().displayName();
        Q_EMIT signedInUserChanged(m_userName);
    });
}

void ClinicianWorkspace::loadRecentPatients()
{
    // Only the ids are on disk; the names come from the server, now.
    for (const QString &id : m_connection->recentPatients()) {
        fhir::Patient placeholder;
        placeholder.id = id;
        m_recent->addPatients({placeholder});
        fhir::FhirRequest *request = m_client->read(QStringLiteral("Patient"), id);
        connect(request, &fhir::FhirRequest::pageReceived, this,
                [this](const fhir::BundlePage &page) {
                    for (const fhir::Patient &patient : page.patients)
                        m_recent->updatePatient(patient);
                });
    }
}

} // namespace kete::ui
