#pragma once

#include "fhir/fhirclient.h"
#include "fhir/windowedsearch.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <array>
#include <functional>

namespace kete::fhir {

// The parts of a record RecordLoader asks for, each its own read or search.
enum class RecordPart
{
    Patient,
    Labs,          // Observation?category=laboratory
    BloodPressure, // Observation?category=vital-signs&code=(blood pressure)
    Conditions,
    Reports // DiagnosticReport?category=LAB
};
inline constexpr int kRecordPartCount = 5;

// Where one part stands. Loading lasts from start() until the part's last page (or its
// failure): "latest" values and empty lists are not final before that.
enum class PartState
{
    NotAsked, // not started, or the grant does not cover it
    Loading,
    Loaded,
    Failed, // what arrived before the failure stays
    Cancelled
};

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
    // Some searches asked only for what changed (setUpdatedSince): what was not sent is not
    // known to be gone.
    bool incremental = false;

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
    // Only what changed after `since` (`_lastUpdated=gt`), for the types whose search the
    // server's CapabilityStatement says takes `_lastUpdated`; the others are searched in full.
    // Invalid (the default): everything.
    void setUpdatedSince(const QDateTime &since) { m_updatedSince = since; }

    // Reads the server's CapabilityStatement first when the client has not yet (once per
    // client), so that searches ask newest first (_sort) where the server declares it.
    void start();
    // Aborts every request; finished() follows with `cancelled` set.
    void cancel();
    bool isRunning() const { return m_running > 0; }
    // progress() follows every change of a part's state; finished() the last one.
    PartState partState(RecordPart part) const { return m_states.at(int(part)); }
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
    using Part = RecordPart;
    void startSearches(const ServerCapabilities &capabilities);
    void cancelWaitingParts();
    void track(FhirRequest *request, Part part);
    void track(WindowedSearch *search, Part part);
    void onPage(Part part, const BundlePage &page);
    void onPartFinished(Part part, const RequestOutcome &outcome);
    void setState(Part part, PartState state);
    void finishIfDone();

    bool mayRead(QStringView resourceType) const { return !m_mayRead || m_mayRead(resourceType); }

    QPointer<FhirClient> m_client;
    QString m_patientId;
    TypeFilter m_mayRead;
    QDateTime m_updatedSince;
    QList<QPointer<FhirRequest>> m_requests;
    QList<QPointer<WindowedSearch>> m_windowedSearches;
    QPointer<FhirRequest> m_capabilitiesRequest;
    std::array<PartState, kRecordPartCount> m_states{};
    QSet<int> m_partsWithPages;
    LoadProgress m_progress;
    RecordOutcome m_outcome;
    std::optional<Error> m_firstFailure;
    int m_running = 0;
    int m_failedParts = 0;
    int m_parts = 0;
    bool m_patientFailed = false;
    bool m_cancelled = false;
    bool m_searchesStarted = false;
    bool m_finished = false;
};

} // namespace kete::fhir
