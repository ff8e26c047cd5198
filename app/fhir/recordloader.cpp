#include "fhir/recordloader.h"

#include "common/logging.h"

#include <QCoreApplication>

namespace kete::fhir {

RecordLoader::RecordLoader(FhirClient *client, QString patientId, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_patientId(std::move(patientId))
{}

RecordLoader::~RecordLoader()
{
    for (const QPointer<FhirRequest> &request : std::as_const(m_requests)) {
        if (request) {
            request->disconnect(this);
            request->cancel();
        }
    }
}

void RecordLoader::start()
{
    if (!m_client || m_running > 0)
        return;
    const auto query = [this](std::initializer_list<std::pair<QString, QString>> items) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("patient"), m_patientId);
        for (const auto &[key, value] : items)
            q.addQueryItem(key, value);
        q.addQueryItem(QStringLiteral("_count"), QString::number(kPageSize));
        return q;
    };
    track(m_client->read(QStringLiteral("Patient"), m_patientId), Part::Patient);
    if (mayRead(u"Observation")) {
        // Epic refuses Observation searches without a category.
        track(m_client->search(QStringLiteral("Observation"),
                               query({{QStringLiteral("category"), QStringLiteral("laboratory")}})),
              Part::Labs);
        track(m_client->search(
                  QStringLiteral("Observation"),
                  query({{QStringLiteral("category"), QStringLiteral("vital-signs")},
                         {QStringLiteral("code"),
                          QStringLiteral("http://loinc.org|85354-9,http://loinc.org|55284-4")}})),
              Part::BloodPressure);
    }
    if (mayRead(u"Condition"))
        track(m_client->search(QStringLiteral("Condition"), query({})), Part::Conditions);
    if (mayRead(u"DiagnosticReport"))
        track(m_client->search(QStringLiteral("DiagnosticReport"),
                               query({{QStringLiteral("category"), QStringLiteral("LAB")}})),
              Part::Reports);
    m_progress.running = m_running;
    Q_EMIT progress(m_progress);
}

void RecordLoader::track(FhirRequest *request, Part part)
{
    ++m_running;
    ++m_parts;
    m_requests.append(request);
    connect(request, &FhirRequest::pageReceived, this,
            [this, part](const BundlePage &page) { onPage(part, page); });
    connect(request, &FhirRequest::finished, this,
            [this, part](const RequestOutcome &outcome) { onPartFinished(part, outcome); });
}

void RecordLoader::onPage(Part part, const BundlePage &page)
{
    ++m_progress.pages;
    m_progress.resources += page.resourceCount();
    if (!m_partsWithPages.contains(int(part))) {
        m_partsWithPages.insert(int(part));
        m_progress.expected += part == Part::Patient ? 1 : page.total.value_or(0);
    }
    switch (part) {
    case Part::Patient:
        for (const Patient &patient : page.patients)
            Q_EMIT patientReceived(patient);
        break;
    case Part::Labs:
        if (!page.observations.isEmpty()) {
            m_outcome.observations += int(page.observations.size());
            Q_EMIT observationsReceived(page.observations);
        }
        break;
    case Part::BloodPressure: {
        // A server that ignores `code` sends every vital sign; keep blood pressure only.
        QList<Observation> readings;
        for (const Observation &o : page.observations) {
            if (isBloodPressure(o))
                readings.append(o);
        }
        if (!readings.isEmpty()) {
            m_outcome.observations += int(readings.size());
            Q_EMIT observationsReceived(readings);
        }
        break;
    }
    case Part::Conditions:
        if (!page.conditions.isEmpty()) {
            m_outcome.conditions += int(page.conditions.size());
            Q_EMIT conditionsReceived(page.conditions);
        }
        break;
    case Part::Reports:
        if (!page.reports.isEmpty()) {
            m_outcome.reports += int(page.reports.size());
            Q_EMIT reportsReceived(page.reports);
        }
        break;
    }
    Q_EMIT progress(m_progress);
}

void RecordLoader::onPartFinished(Part part, const RequestOutcome &outcome)
{
    --m_running;
    m_progress.running = m_running;
    m_outcome.notices.append(outcome.notices);
    if (outcome.cancelled) {
        m_cancelled = true;
    } else if (outcome.error) {
        ++m_failedParts;
        if (!m_firstFailure)
            m_firstFailure = outcome.error;
        if (part == Part::Patient)
            m_patientFailed = true;
        m_outcome.notices.append(
            Notice{Notice::Severity::Error, outcome.error->message, outcome.error->detail});
    }
    if (m_running > 0) {
        Q_EMIT progress(m_progress);
        return;
    }
    m_requests.clear();
    m_outcome.cancelled = m_cancelled;
    if (m_cancelled)
        m_outcome.error = Error{QCoreApplication::translate("kete::fhir", "Cancelled."),
                                QStringLiteral("cancelled")};
    else if (m_patientFailed || m_failedParts == m_parts)
        m_outcome.error = m_firstFailure;
    qCInfo(lcFhir) << "record loaded:" << m_progress.pages << "pages," << m_progress.resources
                   << "resources," << m_failedParts << "parts failed";
    Q_EMIT progress(m_progress);
    Q_EMIT finished(m_outcome);
}

void RecordLoader::cancel()
{
    const QList<QPointer<FhirRequest>> requests = m_requests;
    for (const QPointer<FhirRequest> &request : requests) {
        if (request)
            request->cancel();
    }
}

} // namespace kete::fhir
