#include "fhir/windowedsearch.h"

#include "common/logging.h"
#include "fhir/fhirclient.h"

#include <QCoreApplication>

namespace kete::fhir {

namespace {

// The oldest date among the page's Observations and DiagnosticReports (what windows split).
std::optional<QDateTime> oldestOn(const BundlePage &page)
{
    std::optional<QDateTime> oldest;
    const auto consider = [&oldest](const FhirDateTime &when) {
        if (when.isValid() && (!oldest || when.toDateTime() < *oldest))
            oldest = when.toDateTime();
    };
    for (const Observation &observation : page.observations)
        consider(observation.when());
    for (const DiagnosticReport &report : page.reports)
        consider(report.effective.isValid() ? report.effective : report.issued);
    return oldest;
}

QString searchTime(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

// Keeps what has not been seen (by type and id) and marks it seen; resources without an id stay.
template<typename Resource>
void dropSeen(QList<Resource> &resources, QSet<QString> &seen, QLatin1String type)
{
    QList<Resource> kept;
    kept.reserve(resources.size());
    for (Resource &resource : resources) {
        if (!resource.id.isEmpty()) {
            const QString key = type + QLatin1Char('/') + resource.id;
            if (seen.contains(key))
                continue;
            seen.insert(key);
        }
        kept.append(std::move(resource));
    }
    resources = std::move(kept);
}

} // namespace

WindowedSearch::WindowedSearch(FhirClient *client, QString resourceType, SearchQuery query,
                               QString dateParam, QString sort, int firstPageSize, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_type(std::move(resourceType))
    , m_query(std::move(query))
    , m_dateParam(std::move(dateParam))
    , m_sort(std::move(sort))
    , m_firstPageSize(firstPageSize)
{}

WindowedSearch::~WindowedSearch()
{
    QList<QPointer<FhirRequest>> requests = m_windows;
    requests.append({m_first, m_oldestProbe});
    for (const QPointer<FhirRequest> &request : std::as_const(requests)) {
        if (request) {
            request->disconnect(this);
            request->cancel();
        }
    }
}

FhirRequest *WindowedSearch::search(SearchQuery query)
{
    return m_client->search(m_type, query);
}

void WindowedSearch::start()
{
    if (!m_client)
        return;
    SearchQuery first = m_query;
    if (!m_sort.isEmpty())
        first.add(QStringLiteral("_sort"), m_sort);
    first.add(QStringLiteral("_count"), QString::number(m_firstPageSize));
    m_first = search(first);
    connect(m_first, &FhirRequest::pageReceived, this, &WindowedSearch::onFirstPage);
    connect(m_first, &FhirRequest::finished, this, &WindowedSearch::onFirstFinished);
}

void WindowedSearch::onFirstPage(const BundlePage &page)
{
    const bool firstPage = m_outcome.pages == 0;
    if (firstPage) {
        m_total = page.total;
        m_firstNext = page.next;
    }
    deliver(page);
    // Only a newest-first search split by dates, and only a long one.
    if (!firstPage || m_sort.isEmpty() || !page.total || *page.total <= windowThreshold ||
        page.next.isEmpty())
        return;
    m_newestBoundary = oldestOn(page);
    if (!m_newestBoundary)
        return;
    // The oldest match: the same search ascending, one result (its first page only).
    SearchQuery oldest = m_query;
    oldest.add(QStringLiteral("_sort"), m_dateParam);
    oldest.add(QStringLiteral("_count"), QStringLiteral("1"));
    m_oldestProbe = search(oldest);
    connect(m_oldestProbe, &FhirRequest::pageReceived, this, &WindowedSearch::onOldest);
    connect(m_oldestProbe, &FhirRequest::finished, this, [this](const RequestOutcome &) {
        if (!m_oldestDone) { // failed or empty: the first search goes on alone
            m_oldestDone = true;
            m_oldestProbe = nullptr;
        }
    });
}

void WindowedSearch::onOldest(const BundlePage &page)
{
    if (m_oldestDone)
        return;
    m_oldestDone = true;
    m_oldest = oldestOn(page);
    if (FhirRequest *probe = m_oldestProbe) {
        m_oldestProbe = nullptr;
        probe->disconnect(this);
        probe->cancel();
    }
    if (m_oldest && *m_oldest < *m_newestBoundary && m_first && !m_finished)
        startWindows();
}

void WindowedSearch::startWindows()
{
    // The first search stops here; the windows bring the rest.
    if (FhirRequest *first = m_first) {
        m_first = nullptr;
        first->disconnect(this);
        first->cancel();
    }
    m_windowed = true;
    const qint64 from = m_oldest->toMSecsSinceEpoch();
    const qint64 to = m_newestBoundary->toMSecsSinceEpoch();
    QList<QDateTime> edges;
    for (int i = 1; i < windowCount; ++i)
        edges.append(QDateTime::fromMSecsSinceEpoch(from + (to - from) * i / windowCount, Qt::UTC));
    qCInfo(lcFhir) << m_type << "search split into" << windowCount << "date windows of" << *m_total
                   << "matches";
    for (int i = 0; i < windowCount; ++i) {
        SearchQuery window = m_query;
        if (i > 0)
            window.add(m_dateParam, QLatin1String("ge") + searchTime(edges.at(i - 1)));
        window.add(m_dateParam, i + 1 < windowCount
                                    ? QLatin1String("lt") + searchTime(edges.at(i))
                                    : QLatin1String("le") + searchTime(*m_newestBoundary));
        window.add(QStringLiteral("_count"), QString::number(windowPageSize));
        FhirRequest *request = search(window);
        m_windows.append(request);
        ++m_running;
        connect(request, &FhirRequest::pageReceived, this, &WindowedSearch::deliver);
        connect(request, &FhirRequest::finished, this, &WindowedSearch::onSearchFinished);
    }
}

void WindowedSearch::startFallback()
{
    qCInfo(lcFhir) << m_type << "date windows brought" << m_seen.size() << "of" << *m_total
                   << "matches; following the whole search";
    m_fallback = true;
    SearchQuery whole = m_query;
    if (!m_sort.isEmpty())
        whole.add(QStringLiteral("_sort"), m_sort);
    whole.add(QStringLiteral("_count"), QString::number(windowPageSize));
    FhirRequest *request = search(whole);
    m_windows.append(request);
    ++m_running;
    connect(request, &FhirRequest::pageReceived, this, &WindowedSearch::deliver);
    connect(request, &FhirRequest::finished, this, &WindowedSearch::onSearchFinished);
}

void WindowedSearch::deliver(BundlePage page)
{
    if (m_finished)
        return;
    dropSeen(page.observations, m_seen, QLatin1String("Observation"));
    dropSeen(page.reports, m_seen, QLatin1String("DiagnosticReport"));
    dropSeen(page.conditions, m_seen, QLatin1String("Condition"));
    dropSeen(page.patients, m_seen, QLatin1String("Patient"));
    ++m_outcome.pages;
    m_outcome.resources += page.resourceCount();
    m_outcome.notices.append(page.notices);
    Q_EMIT pageReceived(page);
}

void WindowedSearch::onFirstFinished(const RequestOutcome &outcome)
{
    m_first = nullptr;
    if (m_windowed)
        return;
    if (FhirRequest *probe = m_oldestProbe) {
        m_oldestProbe = nullptr;
        probe->disconnect(this);
        probe->cancel();
    }
    m_outcome.notices.append(outcome.notices);
    finishWith(outcome.error, outcome.cancelled);
}

void WindowedSearch::onSearchFinished(const RequestOutcome &outcome)
{
    m_outcome.notices.append(outcome.notices);
    --m_running;
    if (outcome.error) {
        finishWith(outcome.error, outcome.cancelled);
        return;
    }
    if (m_running > 0)
        return;
    if (!m_fallback && m_total && m_seen.size() < *m_total) {
        startFallback();
        return;
    }
    finishWith(std::nullopt);
}

void WindowedSearch::cancel()
{
    if (m_finished)
        return;
    finishWith(Error{QCoreApplication::translate("kete::fhir", "Cancelled."),
                     QStringLiteral("cancelled"), ErrorCode::Cancelled},
               true);
}

void WindowedSearch::finishWith(std::optional<Error> error, bool cancelled)
{
    if (m_finished)
        return;
    m_finished = true;
    QList<QPointer<FhirRequest>> requests = m_windows;
    requests.append({m_first, m_oldestProbe});
    for (const QPointer<FhirRequest> &request : std::as_const(requests)) {
        if (request) {
            request->disconnect(this);
            request->cancel();
        }
    }
    m_outcome.total = m_total;
    m_outcome.error = std::move(error);
    m_outcome.cancelled = cancelled;
    Q_EMIT finished(m_outcome);
}

} // namespace kete::fhir
