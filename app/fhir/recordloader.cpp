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
    for (const QPointer<WindowedSearch> &search : std::as_const(m_windowedSearches)) {
        if (search) {
            search->disconnect(this);
            search->cancel();
        }
    }
    QList<QPointer<FhirRequest>> requests = m_requests;
    requests.append(m_capabilitiesRequest);
    for (const QPointer<FhirRequest> &request : std::as_const(requests)) {
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
    m_finished = false;
    m_searchesStarted = false;
    setState(Part::Patient, PartState::Loading);
    if (mayRead(u"Observation")) {
        setState(Part::Labs, PartState::Loading);
        setState(Part::BloodPressure, PartState::Loading);
    }
    if (mayRead(u"Condition"))
        setState(Part::Conditions, PartState::Loading);
    if (mayRead(u"DiagnosticReport"))
        setState(Part::Reports, PartState::Loading);
    m_parts = m_running;
    track(m_client->read(QStringLiteral("Patient"), m_patientId), Part::Patient);
    if (m_running > 1) {
        if (const std::optional<ServerCapabilities> &known = m_client->capabilities()) {
            startSearches(*known);
        } else {
            m_capabilitiesRequest = m_client->readCapabilities();
            connect(m_capabilitiesRequest, &FhirRequest::finished, this,
                    [this](const RequestOutcome &outcome) {
                        m_capabilitiesRequest = nullptr;
                        if (outcome.cancelled) {
                            m_cancelled = true;
                            cancelWaitingParts();
                            finishIfDone();
                            return;
                        }
                        // Without a usable CapabilityStatement the searches go unsorted.
                        startSearches(m_client && m_client->capabilities()
                                          ? *m_client->capabilities()
                                          : ServerCapabilities{});
                    });
        }
    }
    m_progress.running = m_running;
    Q_EMIT progress(m_progress);
}

void RecordLoader::startSearches(const ServerCapabilities &capabilities)
{
    if (m_searchesStarted || !m_client)
        return;
    m_searchesStarted = true;
    // Newest first where the server says it can sort, so that the first pages already hold the
    // latest values; the page size is a hint servers may ignore.
    const auto search = [&](Part part, const QString &type, SearchQuery query,
                            const QString &dateParam) {
        if (partState(part) != PartState::Loading)
            return;
        const QString sort = capabilities.newestFirstSort(type, dateParam);
        // A long list comes faster as several searches at once (date windows); only for a
        // full load of the lab results, from a server that sorts and searches by date.
        if (part == Part::Labs && !m_updatedSince.isValid() && !sort.isEmpty() &&
            capabilities.supportsSearchParam(type, dateParam)) {
            auto *windowed =
                new WindowedSearch(m_client, type, query, dateParam, sort, kPageSize, this);
            track(windowed, part);
            windowed->start();
            return;
        }
        if (!sort.isEmpty())
            query.add(QStringLiteral("_sort"), sort);
        if (m_updatedSince.isValid() &&
            capabilities.supportsSearchParam(type, QStringLiteral("_lastUpdated"))) {
            query.add(QStringLiteral("_lastUpdated"),
                      QLatin1String("gt") + m_updatedSince.toUTC().toString(Qt::ISODateWithMs));
            m_outcome.incremental = true;
        }
        query.add(QStringLiteral("_count"), QString::number(kPageSize));
        track(m_client->search(type, query), part);
    };
    const QString patient = QStringLiteral("patient");
    const QString category = QStringLiteral("category");
    const QString date = QStringLiteral("date");
    const QString observation = QStringLiteral("Observation");
    // Epic refuses Observation searches without a category.
    search(Part::Labs, observation,
           SearchQuery().add(patient, m_patientId).add(category, QStringLiteral("laboratory")),
           date);
    search(
        Part::BloodPressure, observation,
        SearchQuery()
            .add(patient, m_patientId)
            .add(category, QStringLiteral("vital-signs"))
            .addAnyOf(QStringLiteral("code"), {QString(kLoincSystem) + QLatin1String("|85354-9"),
                                               QString(kLoincSystem) + QLatin1String("|55284-4")}),
        date);
    const QString condition = QStringLiteral("Condition");
    search(Part::Conditions, condition, SearchQuery().add(patient, m_patientId),
           capabilities.supportsSearchParam(condition, QStringLiteral("onset-date"))
               ? QStringLiteral("onset-date")
               : QStringLiteral("recorded-date"));
    search(Part::Reports, QStringLiteral("DiagnosticReport"),
           SearchQuery().add(patient, m_patientId).add(category, QStringLiteral("LAB")), date);
}

void RecordLoader::track(FhirRequest *request, Part part)
{
    m_requests.append(request);
    connect(request, &FhirRequest::pageReceived, this,
            [this, part](const BundlePage &page) { onPage(part, page); });
    connect(request, &FhirRequest::finished, this,
            [this, part](const RequestOutcome &outcome) { onPartFinished(part, outcome); });
}

void RecordLoader::track(WindowedSearch *search, Part part)
{
    m_windowedSearches.append(search);
    connect(search, &WindowedSearch::pageReceived, this,
            [this, part](const BundlePage &page) { onPage(part, page); });
    connect(search, &WindowedSearch::finished, this,
            [this, part, search](const RequestOutcome &outcome) {
                search->deleteLater();
                onPartFinished(part, outcome);
            });
}

void RecordLoader::setState(Part part, PartState state)
{
    PartState &current = m_states[std::size_t(part)];
    if (current == PartState::Loading && state != PartState::Loading)
        --m_running;
    else if (current != PartState::Loading && state == PartState::Loading)
        ++m_running;
    current = state;
    m_progress.running = m_running;
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
    m_outcome.notices.append(outcome.notices);
    if (outcome.cancelled) {
        m_cancelled = true;
        setState(part, PartState::Cancelled);
    } else if (outcome.error) {
        ++m_failedParts;
        if (!m_firstFailure)
            m_firstFailure = outcome.error;
        if (part == Part::Patient)
            m_patientFailed = true;
        m_outcome.notices.append(
            Notice{Notice::Severity::Error, outcome.error->message, outcome.error->detail});
        setState(part, PartState::Failed);
    } else {
        setState(part, PartState::Loaded);
    }
    finishIfDone();
}

void RecordLoader::finishIfDone()
{
    if (m_running > 0) {
        Q_EMIT progress(m_progress);
        return;
    }
    if (m_finished)
        return;
    m_finished = true;
    m_requests.clear();
    m_windowedSearches.clear();
    m_outcome.cancelled = m_cancelled;
    if (m_cancelled)
        m_outcome.error = Error{QCoreApplication::translate("kete::fhir", "Cancelled."),
                                QStringLiteral("cancelled"), ErrorCode::Cancelled};
    else if (m_patientFailed || m_failedParts == m_parts)
        m_outcome.error = m_firstFailure;
    qCInfo(lcFhir) << "record loaded:" << m_progress.pages << "pages," << m_progress.resources
                   << "resources," << m_failedParts << "parts failed";
    Q_EMIT progress(m_progress);
    Q_EMIT finished(m_outcome);
}

void RecordLoader::cancelWaitingParts()
{
    if (m_searchesStarted)
        return;
    for (const Part part : {Part::Labs, Part::BloodPressure, Part::Conditions, Part::Reports}) {
        if (partState(part) == PartState::Loading)
            setState(part, PartState::Cancelled);
    }
}

void RecordLoader::cancel()
{
    if (m_running == 0)
        return;
    m_cancelled = true;
    // The searches still waiting for the CapabilityStatement have no request to cancel.
    cancelWaitingParts();
    m_searchesStarted = true; // and none will start
    const QList<QPointer<WindowedSearch>> searches = m_windowedSearches;
    for (const QPointer<WindowedSearch> &search : searches) {
        if (search)
            search->cancel();
    }
    QList<QPointer<FhirRequest>> requests = m_requests;
    requests.append(m_capabilitiesRequest);
    for (const QPointer<FhirRequest> &request : std::as_const(requests)) {
        if (request)
            request->cancel();
    }
    finishIfDone();
}

} // namespace kete::fhir
