#pragma once

#include "fhir/fhirclient.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>

namespace kete::fhir {

struct LoadProgress
{
    int pages = 0;     // pages received so far, all searches together
    int resources = 0; // resources received so far
    int running = 0;   // searches still running
    int expected = 0;  // sum of the searches' Bundle.total where servers count; 0 if unknown
};

struct RecordOutcome
{
    std::optional<Error> error; // nothing usable: the patient could not be read, or all failed
    bool cancelled = false;
    QList<Notice> notices; // server notices and the parts that failed ("conditions not shared")
    int observations = 0;
    int conditions = 0;
    int reports = 0;

    bool ok() const { return !error; }
};

// Loads one patient's record: Patient, lab Observations, blood pressure, Conditions and lab
// DiagnosticReports, all at once. Each page is handed over as soon as it is parsed (off the GUI
// thread, by FhirClient), so the first rows show while later pages load.
class RecordLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordLoader)

public:
    // `client` must outlive the loader.
    RecordLoader(FhirClient *client, QString patientId, QObject *parent = nullptr);
    ~RecordLoader() override;

    // The resource types the grant lets Kete search; the others are not asked for at all
    // (never request data the grant does not cover). Unset: every type.
    using TypeFilter = std::function<bool(QStringView resourceType)>;
    void setReadableTypes(TypeFilter mayRead) { m_mayRead = std::move(mayRead); }

    void start();
    // Aborts every request; finished() follows with `cancelled` set.
    void cancel();
    bool isRunning() const { return m_running > 0; }
    QString patientId() const { return m_patientId; }

    // Search page size hint; servers may ignore it.
    static constexpr int kPageSize = 100;

Q_SIGNALS:
    void patientReceived(const kete::fhir::Patient &patient);
    // Lab results and blood pressure readings, as given (hidden statuses included: models hide).
    void observationsReceived(const QList<kete::fhir::Observation> &observations);
    void conditionsReceived(const QList<kete::fhir::Condition> &conditions);
    void reportsReceived(const QList<kete::fhir::DiagnosticReport> &reports);
    void progress(const kete::fhir::LoadProgress &progress);
    void finished(const kete::fhir::RecordOutcome &outcome);

private:
    enum class Part
    {
        Patient,
        Labs,
        BloodPressure,
        Conditions,
        Reports
    };
    void track(FhirRequest *request, Part part);
    void onPage(Part part, const BundlePage &page);
    void onPartFinished(Part part, const RequestOutcome &outcome);

    bool mayRead(QStringView resourceType) const { return !m_mayRead || m_mayRead(resourceType); }

    QPointer<FhirClient> m_client;
    QString m_patientId;
    TypeFilter m_mayRead;
    QList<QPointer<FhirRequest>> m_requests;
    QSet<int> m_partsWithPages;
    LoadProgress m_progress;
    RecordOutcome m_outcome;
    std::optional<Error> m_firstFailure;
    int m_running = 0;
    int m_failedParts = 0;
    int m_parts = 0;
    bool m_patientFailed = false;
    bool m_cancelled = false;
};

} // namespace kete::fhir
