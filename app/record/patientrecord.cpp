#include "record/patientrecord.h"

#include "common/logging.h"
#include "record/performerdirectory.h"

namespace kete::record {

PatientRecord::PatientRecord(std::shared_ptr<fhir::AccessTokenSource> tokens, const QUrl &fhirBase,
                             QString patientId, fhir::RecordLoader::TypeFilter mayRead,
                             fhir::FhirClientOptions options, QObject *parent)
    : ShownRecord(parent)
    , m_tokens(std::move(tokens))
    , m_fhirBase(fhirBase)
    , m_options(options)
    , m_client(std::make_unique<fhir::FhirClient>(fhirBase, m_tokens.get(), options))
    , m_patientId(std::move(patientId))
    , m_mayRead(std::move(mayRead))
    , m_source(fhirBase
                   .adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment |
                             QUrl::StripTrailingSlash)
                   .toString())
    , m_store(new RecordStore(this))
    , m_labTests(new models::LabTestsModel(m_store, this))
    , m_conditions(new models::ConditionsModel(m_store, this))
{
    m_labTests->setPerformerNames(new PerformerDirectory(this));
}

PatientRecord::~PatientRecord()
{
    // The loader and the requests refer to the client: end them before it goes.
    delete m_loader;
    m_client.reset();
}

void PatientRecord::setTokens(std::shared_ptr<fhir::AccessTokenSource> tokens)
{
    cancel();
    delete m_loader;
    m_client = std::make_unique<fhir::FhirClient>(m_fhirBase, tokens.get(), m_options);
    m_tokens = std::move(tokens);
    Q_EMIT clientChanged(m_client.get());
}

void PatientRecord::setKeptCopyAsOf(const QDateTime &asOf)
{
    m_keptCopyAsOf = asOf;
    Q_EMIT patientChanged();
}

void PatientRecord::load()
{
    if (isLoading())
        return;
    m_loadStartedAt = QDateTime::currentDateTimeUtc();
    m_outcome.reset();
    m_progress = {};
    if (m_patientId.isEmpty())
        findPatientThenLoad();
    else
        startLoader();
    Q_EMIT progressChanged(m_progress);
}

void PatientRecord::cancel()
{
    if (m_patientSearch)
        m_patientSearch->cancel();
    if (m_loader)
        m_loader->cancel();
}

bool PatientRecord::isLoading() const
{
    return m_patientSearch || (m_loader && m_loader->isRunning());
}

fhir::PartState PatientRecord::partState(fhir::RecordPart part) const
{
    if (m_loader)
        return m_loader->partState(part);
    const bool covered = [&] {
        switch (part) {
        case fhir::RecordPart::Patient:
            return true;
        case fhir::RecordPart::Labs:
        case fhir::RecordPart::BloodPressure:
            return mayRead(u"Observation");
        case fhir::RecordPart::Conditions:
            return mayRead(u"Condition");
        case fhir::RecordPart::Reports:
            return mayRead(u"DiagnosticReport");
        }
        return false;
    }();
    if (!covered)
        return fhir::PartState::NotAsked;
    if (m_patientSearch)
        return fhir::PartState::Loading;
    // The lookup ended without a patient: nothing was loaded.
    if (m_outcome)
        return m_outcome->cancelled ? fhir::PartState::Cancelled : fhir::PartState::Failed;
    return fhir::PartState::NotAsked;
}

void PatientRecord::findPatientThenLoad()
{
    qCInfo(lcFhir) << "no patient in the token response: looking it up with GET Patient";
    m_patientSearch = m_client->search(QStringLiteral("Patient"), {});
    auto found = std::make_shared<QString>();
    connect(m_patientSearch, &fhir::FhirRequest::pageReceived, this,
            [found](const fhir::BundlePage &page) {
                if (found->isEmpty() && !page.patients.isEmpty())
                    *found = page.patients.constFirst().id;
            });
    connect(m_patientSearch, &fhir::FhirRequest::finished, this,
            [this, found](const fhir::RequestOutcome &searched) {
                m_patientSearch = nullptr;
                if (!found->isEmpty()) {
                    m_patientId = *found;
                    m_foundBySearch = true;
                    startLoader();
                    return;
                }
                fhir::RecordOutcome outcome;
                outcome.cancelled = searched.cancelled;
                outcome.error = searched.error.value_or(
                    Error{tr("Your provider did not say whose record this sign-in opens."),
                          QStringLiteral("record.no-patient")});
                onLoaderFinished(outcome);
            });
}

void PatientRecord::startLoader()
{
    delete m_loader;
    m_loader = new fhir::RecordLoader(m_client.get(), m_patientId, this);
    m_loader->setReadableTypes(m_mayRead);
    m_loader->setUpdatedSince(m_updatedSince);
    connect(m_loader, &fhir::RecordLoader::patientReceived, this,
            [this](const fhir::Patient &patient) {
                m_store->putPatient(patient, fetchedNow());
                Q_EMIT patientChanged();
            });
    connect(m_loader, &fhir::RecordLoader::observationsReceived, this,
            [this](const QList<fhir::Observation> &observations) {
                m_store->putObservations(observations, fetchedNow());
            });
    connect(m_loader, &fhir::RecordLoader::reportsReceived, this,
            [this](const QList<fhir::DiagnosticReport> &reports) {
                m_store->putReports(reports, fetchedNow());
            });
    connect(m_loader, &fhir::RecordLoader::conditionsReceived, this,
            [this](const QList<fhir::Condition> &conditions) {
                m_store->putConditions(conditions, fetchedNow());
            });
    connect(m_loader, &fhir::RecordLoader::progress, this,
            [this](const fhir::LoadProgress &progress) {
                m_progress = progress;
                Q_EMIT progressChanged(progress);
            });
    connect(m_loader, &fhir::RecordLoader::finished, this, &PatientRecord::onLoaderFinished);
    m_loader->start();
}

void PatientRecord::onLoaderFinished(const fhir::RecordOutcome &outcome)
{
    m_outcome = outcome;
    if (m_foundBySearch)
        m_outcome->notices.prepend(fhir::Notice{
            fhir::Notice::Severity::Information,
            tr("Your provider did not say whose record this sign-in opens; Kete opened the one "
               "record it may read."),
            QStringLiteral("record.patient-found-by-search")});
    if (outcome.ok() && !outcome.incremental && loadedInFull()) {
        if (const int dropped = m_store->dropFetchedBefore(m_loadStartedAt); dropped > 0)
            qCInfo(lcFhir) << dropped << "resources the server no longer has were removed";
    }
    if (outcome.ok())
        m_loadedAt = QDateTime::currentDateTime();
    Q_EMIT loaded(*m_outcome);
}

bool PatientRecord::loadedInFull() const
{
    if (!m_loader)
        return false;
    for (int part = 0; part < fhir::kRecordPartCount; ++part) {
        const fhir::PartState state = m_loader->partState(fhir::RecordPart(part));
        if (state != fhir::PartState::Loaded && state != fhir::PartState::NotAsked)
            return false;
    }
    return true;
}

Provenance PatientRecord::fetchedNow() const
{
    return {m_source, QDateTime::currentDateTimeUtc()};
}

QString PatientRecord::statusText() const
{
    const int results = m_labTests->observationCount();
    const int conditions = m_conditions->rowCount();
    if (!m_outcome && !isLoading() && isShowingKeptCopy())
        return tr("Showing the copy kept on this computer: %1 lab results, %2 conditions")
            .arg(results)
            .arg(conditions);
    if (!m_outcome) {
        if (m_progress.expected > 0)
            return tr("Loading the record… %1 of about %2 items")
                .arg(m_progress.resources)
                .arg(m_progress.expected);
        return tr("Loading the record… %1 items so far").arg(m_progress.resources);
    }
    if (m_outcome->cancelled)
        return tr("Loading stopped.");
    if (m_outcome->error)
        return m_outcome->error->message;
    QString text =
        (results == 1 ? tr("Loaded 1 lab result") : tr("Loaded %1 lab results").arg(results)) +
        QStringLiteral(", ") +
        (conditions == 1 ? tr("1 condition") : tr("%1 conditions").arg(conditions));
    if (!m_outcome->notices.isEmpty())
        text += QStringLiteral(" · ") +
                (m_outcome->notices.size() == 1
                     ? tr("1 notice from the server")
                     : tr("%1 notices from the server").arg(m_outcome->notices.size()));
    return text;
}

} // namespace kete::record
