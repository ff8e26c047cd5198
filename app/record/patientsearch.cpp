#include "record/patientsearch.h"

#include <QDate>
#include <QRegularExpression>

namespace kete::record {

bool PatientQuery::isEmpty() const
{
    return name.trimmed().isEmpty() && birthDate.trimmed().isEmpty() &&
           identifier.trimmed().isEmpty();
}

std::optional<QString> PatientQuery::searchableBirthDate(const QString &typed,
                                                         const QLocale &locale)
{
    const QString text = typed.trimmed();
    static const QRegularExpression iso(QStringLiteral("^(\\d{4})(-(\\d{2})(-(\\d{2}))?)?$"));
    if (const QRegularExpressionMatch match = iso.match(text); match.hasMatch()) {
        const int month = match.captured(3).isEmpty() ? 1 : match.captured(3).toInt();
        const int day = match.captured(5).isEmpty() ? 1 : match.captured(5).toInt();
        if (!QDate(match.captured(1).toInt(), month, day).isValid())
            return std::nullopt;
        return text;
    }
    // The locale's short format, with the year written out: a two-digit year could be 1925 or
    // 2025, and a birth date must not guess.
    QString format = locale.dateFormat(QLocale::ShortFormat);
    if (!format.contains(QLatin1String("yyyy")))
        format.replace(QLatin1String("yy"), QLatin1String("yyyy"));
    // "d" and "M" read one or two digits: 12/4/1978 and 12/04/1978 alike.
    static const QRegularExpression twoDigitDay(QStringLiteral("(?<!d)dd(?!d)"));
    static const QRegularExpression twoDigitMonth(QStringLiteral("(?<!M)MM(?!M)"));
    format.replace(twoDigitDay, QStringLiteral("d"));
    format.replace(twoDigitMonth, QStringLiteral("M"));
    const QDate date = locale.toDate(text, format);
    if (!date.isValid())
        return std::nullopt;
    return date.toString(Qt::ISODate);
}

std::optional<Error> PatientQuery::problem() const
{
    if (isEmpty())
        return Error{PatientSearch::tr("Enter a name, a birth date or an identifier."),
                     QStringLiteral("search.empty")};
    if (!birthDate.trimmed().isEmpty() && !searchableBirthDate(birthDate, locale))
        return Error{PatientSearch::tr("Write the birth date like %1 or 1971-03-12, or just the "
                                       "year.")
                         .arg(locale.toString(QDate(1971, 3, 12), QLocale::ShortFormat)),
                     QStringLiteral("search.birthdate")};
    return std::nullopt;
}

fhir::SearchQuery PatientQuery::toSearchQuery(int pageSize) const
{
    fhir::SearchQuery query;
    if (const QString value = name.trimmed(); !value.isEmpty())
        query.add(QStringLiteral("name"), value);
    if (const auto value = searchableBirthDate(birthDate, locale); value && !value->isEmpty())
        query.add(QStringLiteral("birthdate"), *value);
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
