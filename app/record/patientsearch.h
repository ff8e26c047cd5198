#pragma once

#include "common/result.h"
#include "fhir/fhirclient.h"
#include "fhir/patient.h"

#include <QLocale>
#include <QObject>
#include <QPointer>
#include <optional>

namespace kete::record {

// What a clinician types to find a patient; any field may be empty, not all of them.
struct PatientQuery
{
    QString name;       // family or given name, or the start of one
    QString birthDate;  // YYYY, YYYY-MM, YYYY-MM-DD, or a whole date as `locale` writes it
    QString identifier; // MRN or any identifier value ("system|value" also works)
    QLocale locale = QLocale();

    // The typed birth date as FHIR searches it ("1978-04-12", "1978-04", "1978"): ISO as typed,
    // or a whole date in the locale's short format with a four-digit year ("12/04/1978" in New
    // Zealand, "4/12/1978" in the United States). Nothing when it is neither.
    static std::optional<QString> searchableBirthDate(const QString &typed, const QLocale &locale);

    bool isEmpty() const;
    // The reason in plain words when the query cannot be sent (a malformed birth date).
    std::optional<Error> problem() const;
    // What is typed, sent as typed: a comma is part of the name, not a list.
    fhir::SearchQuery toSearchQuery(int pageSize) const;
};

// Patient search for clinicians (user/ scopes): results arrive page by page; a long list stops
// at kMaxResults with truncated() set, so that a too broad search asks for a narrower one
// instead of paging through a whole hospital.
class PatientSearch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PatientSearch)

public:
    static constexpr int kPageSize = 50;
    static constexpr int kMaxResults = 200;

    // `client` must outlive the search.
    explicit PatientSearch(fhir::FhirClient *client, QObject *parent = nullptr);
    ~PatientSearch() override;

    // Replaces a running search.
    void start(const PatientQuery &query);
    // After a truncated search: the same query again, with room for kMaxResults more.
    void showMore();
    void cancel();
    bool isRunning() const { return m_request != nullptr; }
    bool truncated() const { return m_truncated; }
    const QList<fhir::Patient> &results() const { return m_results; }

Q_SIGNALS:
    void started();
    void resultsAdded(const QList<kete::fhir::Patient> &patients);
    // error: the search failed (what arrived before stays in results()).
    void finished(const std::optional<kete::Error> &error);

private:
    void run();

    QPointer<fhir::FhirClient> m_client;
    QPointer<fhir::FhirRequest> m_request;
    PatientQuery m_query;
    int m_limit = kMaxResults;
    QList<fhir::Patient> m_results;
    bool m_truncated = false;
};

} // namespace kete::record
