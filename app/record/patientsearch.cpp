#include "record/patientsearch.h"

#include <QRegularExpression>

namespace kete::record {

bool PatientQuery::isEmpty() const
{
    return name.trimmed().isEmpty() && birthDate.trimmed().isEmpty() &&
           identifier.trimmed().isEmpty();
}

std::optional<Error> PatientQuery::problem() const
{
    if (isEmpty())
        return Error{PatientSearch::tr("Enter a name, a birth date or an identifier."),
                     QStringLiteral("search.empty")};
    static const QRegularExpression date(QStringLiteral("^\\d{4}(-\\d{2}(-\\d{2})?)?$"));
    const QString birth = birthDate.trimmed();
    if (!birth.isEmpty() && !date.match(birth).hasMatch())
        return Error{PatientSearch::tr("Write the birth date as year-month-day, for example "
                                       "1971-03-12 (or just the year)."),
                     QStringLiteral("search.birthdate")};
    return std::nullopt;
}

fhir::SearchQuery PatientQuery::toSearchQuery(int pageSize) const
{
    fhir::SearchQuery query;
    if (const QString value = name.trimmed(); !value.isEmpty())
        query.add(QStringLiteral("name"), value);
    if (const QString value = birthDate.trimmed(); !value.isEmpty())
        query.add(QStringLiteral("birthdate"), value);
    if (const QString value = identifier.trimmed(); !value.isEmpty())
        query.add(QStringLiteral("identifier"), value);
    query.add(QStringLiteral("_count"), QString::number(pageSize));
    return query;
}

PatientSearch::PatientSearch(fhir::FhirClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

PatientSearch::~PatientSearch()
{
    if (m_request) {
        m_request->disconnect(this);
        m_request->cancel();
    }
}

void PatientSearch::start(const PatientQuery &query)
{
    m_query = query;
    m_limit = kMaxResults;
    run();
}

void PatientSearch::showMore()
{
    if (!m_truncated)
        return;
    m_limit += kMaxResults;
    run();
}

void PatientSearch::run()
{
    if (m_request) {
        m_request->disconnect(this);
        m_request->cancel();
        m_request = nullptr;
    }
    m_results.clear();
    m_truncated = false;
    Q_EMIT started();
    if (const auto problem = m_query.problem()) {
        Q_EMIT finished(problem);
        return;
    }
    if (!m_client)
        return;
    // Offset paging behind opaque next links cannot resume: a longer list is asked for again.
    m_request = m_client->search(QStringLiteral("Patient"), m_query.toSearchQuery(kPageSize));
    connect(m_request, &fhir::FhirRequest::pageReceived, this,
            [this](const fhir::BundlePage &page) {
                QList<fhir::Patient> added = page.patients;
                const qsizetype room = m_limit - m_results.size();
                if (added.size() > room || (added.size() == room && !page.next.isEmpty())) {
                    added = added.mid(0, room);
                    m_truncated = true;
                }
                m_results.append(added);
                if (!added.isEmpty())
                    Q_EMIT resultsAdded(added);
                if (m_truncated && m_request)
                    m_request->cancel();
            });
    connect(m_request, &fhir::FhirRequest::finished, this,
            [this](const fhir::RequestOutcome &outcome) {
                m_request = nullptr;
                if (outcome.cancelled && !m_truncated)
                    return;
                Q_EMIT finished(m_truncated ? std::nullopt : outcome.error);
            });
}

void PatientSearch::cancel()
{
    if (m_request)
        m_request->cancel();
}

} // namespace kete::record
