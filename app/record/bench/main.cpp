// kete-record-bench: signs in through the real SMART flow (discovery, authorization code + PKCE,
// id_token check) against a FHIR server whose authorization server auto-approves, then loads
// the record exactly as the app does (PatientRecord) and measures what the user waits for, and
// how long the thread running the event loop (the app's GUI thread) is kept from ticking.
//
// --reopen (with --sandbox): after each network load, the record is written to an encrypted
// OfflineStore file in a temporary folder (a random key in memory, no keychain), the loaded
// record is dropped, and the bench measures what the next start of the app does: open the file,
// readAll, decode, restore into a fresh PatientRecord (its lab tests and conditions models), then
// an incremental sync with no changes (_lastUpdated since the first load) and one after 10
// Observations were amended on the sandbox (its admin API); store size, raw JSON size, peak RSS.
//
// --merge: no sign-in; two providers' records merged in-process (mergebench.h); --merge --help.
#include "common/crypto.h"
#include "mergebench.h"
#include "offline/offlinestore.h"
#include "offline/recordcodec.h"
#include "processmemory.h"
#include "record/patientrecord.h"
#include "referenceclient.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/faults.h"
#include "sandbox/server/sandboxhost.h"
#include "smart/session.h"
#include "smart/signin.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <numeric>
#include <optional>
#include <sys/resource.h>
#include <vector>

using namespace kete;

namespace {

struct Options
{
    QUrl fhirBase;
    bool sandbox = false;
    int observations = 20000;
    int runs = 3;
    int timeoutMs = 300000;
    int longHistory = 0; // --long-history N: one patient, N results of one test, random order
    int staySeconds = 0; // the session stays open this long after loading
    bool reopen = false; // --reopen: the record kept on this computer, read back and synced
    // --sandbox-process: kete-sandbox as a child process, so that this process holds only Kete
    bool sandboxProcess = false;
    bool compareReference = false; // --compare-fhirclient
    QString referencePatient;      // the patient the server signs in as
    sandbox::FaultPlan faults;
    smart::ClientRegistration client;
};

struct Run
{
    double signInMs = 0;
    double firstLabRowMs = 0;
    double fullRecordMs = 0;
    double longestStallMs = 0;
    int pages = 0;
    int resources = 0;
    int labRows = 0;
    int labResults = 0;
    int conditions = 0;
    double peakRssMb = 0;
    int refreshes = 0;     // with --stay: refresh requests the session sent while it stayed
    int refreshGrants = 0; // with --stay --sandbox: refresh tokens the sandbox issued meanwhile

    qint64 rawJsonBytes = 0; // response bodies of the load's reads and searches (not /metadata)
    double loadRawJsonMb = 0;
    double rssGrowthMb = 0; // peak resident size while loading, above the size before it
    double rssGrowthRatio = 0;

    // --compare-fhirclient: the reference client loading the same record, right after
    double referenceMs = 0;
    int referencePages = 0;
    int referenceResources = 0;
    double referenceRatio = 0; // fullRecordMs / referenceMs

    // --reopen
    double rawJsonMb = 0;
    double storeWriteMs = 0; // encode + OfflineStore::replaceAll (the app: on a worker thread)
    double storeMb = 0;      // the OfflineStore file after replaceAll of the whole record
    double encodedMb = 0;    // the rows' values before sealing (recordcodec's format)
    double storeRatio = 0;
    double reopenMs = 0;       // open + readAll + decode + restore, until the models are updated
    double reopenReadMs = 0;   // OfflineStore::open + readAll
    double reopenDecodeMs = 0; // decodeRecord
    double reopenStallMs = 0;  // restore() and the model updates, on the event-loop thread
    double reopenRatio = 0;    // reopenMs / fullRecordMs
    double syncMs = 0;         // incremental sync, nothing changed on the server
    int syncPages = 0;
    int syncResources = 0;
    bool changesMade = false; // 10 Observations amended on the sandbox before the next sync
    double changedSyncMs = 0;
    int changedSyncPages = 0;
    int changedSyncResources = 0;
    double reopenPeakRssMb = 0;
    QStringList notices;
};

// --reopen: the record the network load left on disk.
struct KeptCopy
{
    QString path;
    QString providerId;
    QByteArray key;
    QDateTime firstLoadStartedAt; // UTC
};

constexpr int kChangedObservations = 10;

// The sandbox logs one line per token it issues, with the grant type; counted here (from its
// thread) to see how often a session that stays open refreshes.
std::atomic<int> sandboxRefreshGrants{0};
QtMessageHandler previousHandler = nullptr;

void countTokenGrants(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "kete.sandbox") == 0 &&
        message.contains(QLatin1String("token issued")) &&
        message.contains(QLatin1String("refresh_token"))) {
        ++sandboxRefreshGrants;
        return; // one a refresh: too many to print
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // kilobytes on Linux
}

// Runs `loop` until something quits it or `timeoutMs` passes (exit code 2).
int execBounded(QEventLoop &loop, int timeoutMs)
{
    QTimer::singleShot(timeoutMs, &loop, [&loop] { loop.exit(2); });
    return loop.exec();
}

// Ticks every millisecond on the calling thread and keeps the longest gap between two ticks:
// how long that thread's event loop was kept busy by one piece of work.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { tick(); });
    }
    void start()
    {
        m_longestNs = 0;
        m_clock.start();
        m_timer.start();
    }
    double stopMs()
    {
        tick();
        m_timer.stop();
        return double(m_longestNs) / 1e6;
    }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_longestNs = std::max(m_longestNs, now - m_lastNs);
        m_lastNs = now;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_longestNs = 0;
};

// Discovery, scopes, the authorization code flow and the session, as the app signs in.
Result<std::shared_ptr<smart::Session>> signIn(const Options &options)
{
    QNetworkAccessManager network;
    smart::AutoApprovePages pages(&network);
    smart::SignIn signIn(&network, &pages);
    pages.attach(&signIn);
    std::optional<Result<std::shared_ptr<smart::Session>>> outcome;
    QEventLoop loop;
    QObject::connect(
        &signIn, &smart::SignIn::succeeded, &loop, [&](const smart::SignInResult &result) {
            outcome = std::shared_ptr<smart::Session>(smart::Session::fromSignIn(result));
            loop.quit();
        });
    QObject::connect(&signIn, &smart::SignIn::failed, &loop, [&](const Error &error) {
        outcome = smart::SignIn::isCancellation(error)
                      ? Error{QStringLiteral("The authorization server did not redirect to the "
                                             "redirect URI (does it auto-approve?)."),
                              error.detail}
                      : error;
        loop.quit();
    });
    signIn.start(smart::SignInRequest{options.fhirBase, options.client, {}});
    if (execBounded(loop, options.timeoutMs) == 2 || !outcome)
        return Error{QStringLiteral("The sign-in timed out."), {}};
    return *outcome;
}

using AfterLoad = std::function<std::optional<Error>(const record::PatientRecord &loaded)>;

// A PatientRecord for the signed-in patient, as MainWindow::openRecord makes it.
std::unique_ptr<record::PatientRecord> recordFor(const std::shared_ptr<smart::Session> &session)
{
    return std::make_unique<record::PatientRecord>(
        session, session->configuration().fhirBase, session->tokens().patient,
        [s = session.get()](QStringView type) { return s->tokens().grantedScope.covers(type); });
}

// Loads the record as MainWindow::openRecord does and measures it into `run`; `afterLoad` (when
// set) sees the loaded record before it goes.
std::optional<Error> loadRecord(const std::shared_ptr<smart::Session> &session,
                                const Options &options, Run &run, const AfterLoad &afterLoad = {})
{
    const std::unique_ptr<record::PatientRecord> loadedRecord = recordFor(session);
    record::PatientRecord &record = *loadedRecord;
    QEventLoop loop;
    // The FHIR pages as received (bodies after any content decoding), the CapabilityStatement
    // aside: what the record is made of.
    QObject::connect(record.client(), &fhir::FhirClient::requestFinished, &loop,
                     [&run](const fhir::RequestRecord &request) {
                         if (request.resourceType != QLatin1String("CapabilityStatement"))
                             run.rawJsonBytes += request.bytes;
                     });
    QElapsedTimer clock;
    StallMeter stalls;
    std::optional<fhir::RecordOutcome> outcome;
    QObject::connect(record.labTests(), &QAbstractItemModel::rowsInserted, &loop, [&] {
        if (run.firstLabRowMs == 0)
            run.firstLabRowMs = msSince(clock);
    });
    QObject::connect(&record, &record::PatientRecord::loaded, &loop,
                     [&](const fhir::RecordOutcome &loaded) {
                         run.fullRecordMs = msSince(clock);
                         outcome = loaded;
                         loop.quit();
                     });
    const bool peakReset = bench::resetPeakResident();
    const double residentBefore = bench::residentMb();
    clock.start();
    stalls.start();
    record.load();
    const int exit = execBounded(loop, options.timeoutMs);
    run.longestStallMs = stalls.stopMs();
    if (exit == 2 || !outcome)
        return Error{QStringLiteral("Loading the record timed out."), {}};
    if (outcome->error)
        return outcome->error;
    run.pages = record.progress().pages;
    run.resources = record.progress().resources;
    run.labRows = record.labTests()->rowCount();
    run.labResults = record.labTests()->observationCount();
    run.conditions = record.conditions()->rowCount();
    for (const fhir::Notice &notice : std::as_const(outcome->notices))
        run.notices.append(notice.detail.isEmpty() ? notice.message : notice.detail);
    run.peakRssMb = peakRssMb();
    run.loadRawJsonMb = double(run.rawJsonBytes) / (1024.0 * 1024.0);
    if (peakReset) {
        run.rssGrowthMb = bench::peakResidentMb() - residentBefore;
        run.rssGrowthRatio = run.loadRawJsonMb > 0 ? run.rssGrowthMb / run.loadRawJsonMb : 0;
    } else {
        run.notices.append(QStringLiteral("peak RSS growth not measured (no clear_refs)"));
    }
    if (afterLoad)
        return afterLoad(record);
    return std::nullopt;
}

double mebibytes(qint64 bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

QByteArray timeValue(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs).toLatin1();
}

// --reopen: writes the loaded record to an OfflineStore file in `folder` as OfflineCopy::save
// does (under a random key kept in memory: the bench does not use the keychain).
Result<KeptCopy> keepCopy(const record::PatientRecord &record, const QString &folder, Run &run)
{
    KeptCopy copy;
    copy.key = crypto::randomBytes(crypto::kAeadKeyBytes);
    copy.providerId = record.source();
    copy.path = QDir(folder).filePath(offline::OfflineStore::fileNameFor(copy.key));
    copy.firstLoadStartedAt = record.loadStartedAt();
    QElapsedTimer clock;
    clock.start();
    {
        Result<std::unique_ptr<offline::OfflineStore>> store =
            offline::OfflineStore::open(copy.path, copy.providerId, copy.key);
        if (!store)
            return store.error();
        const QByteArray syncedAt = timeValue(copy.firstLoadStartedAt);
        const QList<offline::StoredResource> resources =
            offline::storedResources(record.store()->snapshot());
        const Result<void> written =
            store.value()->replaceAll(resources, {{QStringLiteral("synced-at"), syncedAt},
                                                  {QStringLiteral("full-sync-at"), syncedAt}});
        if (!written)
            return written.error();
        qint64 encoded = 0;
        for (const offline::StoredResource &resource : resources)
            encoded += resource.content.size();
        run.encodedMb = mebibytes(encoded);
    }
    run.storeWriteMs = msSince(clock);
    run.storeMb = mebibytes(QFileInfo(copy.path).size());
    run.rawJsonMb = mebibytes(run.rawJsonBytes);
    run.storeRatio = run.rawJsonMb > 0 ? run.storeMb / run.rawJsonMb : 0;
    return copy;
}

// Loads `record` again (an incremental sync when setUpdatedSince was called) and measures it.
Result<fhir::RecordOutcome> syncRecord(record::PatientRecord &record, const Options &options,
                                       double &ms, int &pages, int &resources)
{
    QEventLoop loop;
    QElapsedTimer clock;
    std::optional<fhir::RecordOutcome> outcome;
    QObject::connect(&record, &record::PatientRecord::loaded, &loop,
                     [&](const fhir::RecordOutcome &loaded) {
                         ms = msSince(clock);
                         outcome = loaded;
                         loop.quit();
                     });
    clock.start();
    record.load();
    if (execBounded(loop, options.timeoutMs) == 2 || !outcome)
        return Error{QStringLiteral("The incremental sync timed out."), {}};
    if (outcome->error)
        return *outcome->error;
    pages = record.progress().pages;
    resources = record.progress().resources;
    return *outcome;
}

// One HTTP exchange with the sandbox, outside the record's FHIR client.
Result<QByteArray> exchange(QNetworkAccessManager &network, const QNetworkRequest &request,
                            const QByteArray &putBody, int timeoutMs)
{
    const std::unique_ptr<QNetworkReply> reply(putBody.isNull() ? network.get(request)
                                                                : network.put(request, putBody));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished() && execBounded(loop, timeoutMs) == 2) {
        reply->abort();
        return Error{QStringLiteral("The sandbox did not answer in time."), request.url().path()};
    }
    const QByteArray body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        return Error{QStringLiteral("The sandbox refused %1.").arg(request.url().path()),
                     reply->errorString() + QLatin1Char(' ') + QString::fromUtf8(body.left(300))};
    return body;
}

// --reopen: amends kChangedObservations Observations of the record on the sandbox, as a lab
// correcting results does: each is read from the FHIR API and stored again, its value changed,
// through the sandbox's admin API (PUT /admin/Observation/<id>, a new meta.lastUpdated).
std::optional<Error> changeObservations(const smart::Session &session,
                                        const record::RecordStore &store, const QUrl &fhirBase,
                                        int timeoutMs)
{
    const int count = store.observationCount();
    if (count < kChangedObservations)
        return Error{QStringLiteral("The record has too few Observations to change."), {}};
    QNetworkAccessManager network;
    const QString fhir = fhirBase.adjusted(QUrl::StripTrailingSlash).toString();
    const QUrl admin = fhirBase.resolved(QUrl(QStringLiteral("/admin/")));
    for (int i = 0; i < kChangedObservations; ++i) {
        const QString id =
            store.observationAt(int(qint64(i) * count / kChangedObservations)).key.id;
        QNetworkRequest read(QUrl(fhir + QStringLiteral("/Observation/") + id));
        read.setRawHeader("Authorization", "Bearer " + session.currentToken());
        read.setRawHeader("Accept", "application/fhir+json");
        const Result<QByteArray> body = exchange(network, read, QByteArray(), timeoutMs);
        if (!body)
            return body.error();
        QJsonObject observation = QJsonDocument::fromJson(body.value()).object();
        QJsonObject quantity = observation.value(QLatin1String("valueQuantity")).toObject();
        if (!quantity.isEmpty()) {
            quantity.insert(QStringLiteral("value"),
                            quantity.value(QLatin1String("value")).toDouble() + 0.1);
            observation.insert(QStringLiteral("valueQuantity"), quantity);
        }
        QJsonArray notes = observation.value(QLatin1String("note")).toArray();
        notes.append(QJsonObject{
            {QStringLiteral("text"), QStringLiteral("Amended (kete-record-bench --reopen).")}});
        observation.insert(QStringLiteral("note"), notes);
        QNetworkRequest put(admin.resolved(QUrl(QStringLiteral("Observation/") + id)));
        put.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/fhir+json"));
        const Result<QByteArray> stored = exchange(
            network, put, QJsonDocument(observation).toJson(QJsonDocument::Compact), timeoutMs);
        if (!stored)
            return stored.error();
    }
    return std::nullopt;
}

// --reopen: from nothing in memory to the kept copy in a fresh PatientRecord's models, as the
// app starts (OfflineCopy::open; here on one thread, and restore()'s stall measured apart),
// then the incremental syncs. The record is built before the clock starts, as the app's is.
std::optional<Error> reopenRecord(const std::shared_ptr<smart::Session> &session,
                                  const Options &options, const KeptCopy &copy, Run &run)
{
    const std::unique_ptr<record::PatientRecord> reopened = recordFor(session);
    record::PatientRecord &record = *reopened;
    QElapsedTimer clock;
    clock.start();
    {
        Result<record::RecordSnapshot> decoded = [&]() -> Result<record::RecordSnapshot> {
            Result<std::unique_ptr<offline::OfflineStore>> store =
                offline::OfflineStore::open(copy.path, copy.providerId, copy.key);
            if (!store)
                return store.error();
            Result<QList<offline::StoredResource>> resources = store.value()->readAll();
            if (!resources)
                return resources.error();
            run.reopenReadMs = msSince(clock);
            Result<record::RecordSnapshot> snapshot = offline::decodeRecord(resources.value());
            run.reopenDecodeMs = msSince(clock) - run.reopenReadMs;
            return snapshot;
        }();
        if (!decoded)
            return decoded.error();
        // The part on the GUI thread: restore() and the models' updates, then whatever they
        // posted, until the event loop is idle again.
        QEventLoop loop;
        StallMeter stalls;
        stalls.start();
        QTimer::singleShot(0, &loop, [&] {
            record.store()->restore(std::move(decoded.value()));
            record.setKeptCopyAsOf(copy.firstLoadStartedAt.toLocalTime());
            QTimer::singleShot(0, &loop, [&loop] { loop.quit(); });
        });
        const int exit = execBounded(loop, options.timeoutMs);
        run.reopenStallMs = stalls.stopMs();
        if (exit == 2)
            return Error{QStringLiteral("Restoring the kept copy timed out."), {}};
    }
    run.reopenMs = msSince(clock);
    run.reopenRatio = run.fullRecordMs > 0 ? run.reopenMs / run.fullRecordMs : 0;
    if (record.labTests()->observationCount() != run.labResults ||
        record.conditions()->rowCount() != run.conditions)
        run.notices.append(QStringLiteral("the reopened record shows %1 lab results and %2 "
                                          "conditions, the loaded one %3 and %4")
                               .arg(record.labTests()->observationCount())
                               .arg(record.conditions()->rowCount())
                               .arg(run.labResults)
                               .arg(run.conditions));

    record.setUpdatedSince(copy.firstLoadStartedAt);
    Result<fhir::RecordOutcome> synced =
        syncRecord(record, options, run.syncMs, run.syncPages, run.syncResources);
    if (!synced)
        return synced.error();
    if (!synced->incremental)
        run.notices.append(QStringLiteral("the incremental sync was a full load: the server's "
                                          "CapabilityStatement declares no _lastUpdated search"));

    // _lastUpdated=gt has whole seconds, and a server takes gt 12:00:05 as after that second:
    // let the clock leave the second the last sync started in, so that the changes are after it.
    const QDateTime lastSync = record.loadStartedAt();
    QEventLoop pause;
    QTimer::singleShot(
        std::max<qint64>(0, 1010 - (QDateTime::currentMSecsSinceEpoch() -
                                    lastSync.toMSecsSinceEpoch() + lastSync.time().msec())),
        &pause, &QEventLoop::quit);
    pause.exec();
    if (const std::optional<Error> problem =
            changeObservations(*session, *record.store(), options.fhirBase, options.timeoutMs)) {
        run.notices.append(QStringLiteral("incremental sync, %1 changes not measured: %2 (%3)")
                               .arg(kChangedObservations)
                               .arg(problem->message, problem->detail));
    } else {
        record.setUpdatedSince(lastSync);
        Result<fhir::RecordOutcome> changed = syncRecord(
            record, options, run.changedSyncMs, run.changedSyncPages, run.changedSyncResources);
        if (!changed)
            return changed.error();
        run.changesMade = true;
    }
    run.reopenPeakRssMb = peakRssMb();
    return std::nullopt;
}

// --long-history: the patient with one test's long history, for the sandbox's --data.
constexpr QLatin1String kLongHistoryPatient{"long-history"};

// Writes `folder`/long-history.ndjson: a Patient and `count` glucose results an hour apart, in
// random date order (as a server without _sort may page them), some out of range.
std::optional<Error> writeLongHistory(const QString &folder, int count)
{
    QFile file(QDir(folder).filePath(QStringLiteral("long-history.ndjson")));
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("Could not write the long history."), file.errorString()};
    const QString patient = kLongHistoryPatient;
    const auto line = [&file](const QJsonObject &resource) {
        file.write(QJsonDocument(resource).toJson(QJsonDocument::Compact));
        file.write("\n");
    };
    line(QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Patient")},
        {QStringLiteral("id"), patient},
        {QStringLiteral("name"),
         QJsonArray{QJsonObject{{QStringLiteral("family"), QStringLiteral("History")},
                                {QStringLiteral("given"), QJsonArray{QStringLiteral("Long")}}}}},
        {QStringLiteral("gender"), QStringLiteral("female")},
        {QStringLiteral("birthDate"), QStringLiteral("1960-01-01")}});
    const auto quantity = [](double value) {
        return QJsonObject{{QStringLiteral("value"), value},
                           {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                           {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                           {QStringLiteral("code"), QStringLiteral("mmol/L")}};
    };
    const QJsonObject category{
        {QStringLiteral("coding"),
         QJsonArray{QJsonObject{
             {QStringLiteral("system"),
              QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category")},
             {QStringLiteral("code"), QStringLiteral("laboratory")}}}}};
    const QJsonObject code{
        {QStringLiteral("coding"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                {QStringLiteral("code"), QStringLiteral("2339-0")},
                                {QStringLiteral("display"), QStringLiteral("Glucose")}}}},
        {QStringLiteral("text"), QStringLiteral("Glucose")}};
    const QJsonArray range{QJsonObject{{QStringLiteral("low"), quantity(3.9)},
                                       {QStringLiteral("high"), quantity(5.5)}}};
    std::vector<int> order(static_cast<std::size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    QRandomGenerator random(20260101);
    std::shuffle(order.begin(), order.end(), random);
    const QDateTime first(QDate(2000, 1, 1), QTime(8, 0), Qt::UTC);
    for (const int i : order) {
        line(QJsonObject{
            {QStringLiteral("resourceType"), QStringLiteral("Observation")},
            {QStringLiteral("id"), QStringLiteral("lh-%1").arg(i)},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("category"), QJsonArray{category}},
            {QStringLiteral("code"), code},
            {QStringLiteral("subject"),
             QJsonObject{
                 {QStringLiteral("reference"), QString(QStringLiteral("Patient/") + patient)}}},
            {QStringLiteral("effectiveDateTime"), first.addSecs(3600LL * i).toString(Qt::ISODate)},
            {QStringLiteral("valueQuantity"), quantity(3.5 + (i * 37 % 30) / 10.0)},
            {QStringLiteral("referenceRange"), range}});
    }
    if (!file.flush() || file.error() != QFileDevice::NoError)
        return Error{QStringLiteral("Could not write the long history."), file.errorString()};
    return std::nullopt;
}

// Keeps the signed-in session open (its refresh timer running) for --stay seconds.
void stay(const std::shared_ptr<smart::Session> &session, const Options &options, Run &run)
{
    const int before = session->refreshRequestCount();
    const int grantsBefore = sandboxRefreshGrants;
    QEventLoop loop;
    QTimer::singleShot(options.staySeconds * 1000, &loop, &QEventLoop::quit);
    loop.exec();
    run.refreshes = session->refreshRequestCount() - before;
    run.refreshGrants = sandboxRefreshGrants - grantsBefore;
}

// --sandbox-process: kete-sandbox (from this build) as a child; its first line is the base URL.
std::optional<Error> startSandboxProcess(QProcess &process, Options &options)
{
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.setStandardErrorFile(QProcess::nullDevice());
    process.start(QStringLiteral(KETE_SANDBOX_EXECUTABLE),
                  {QStringLiteral("--auto-approve"), sandbox::PatientGenerator::largePatientId(),
                   QStringLiteral("--large-patient-observations"),
                   QString::number(options.observations)});
    if (!process.waitForStarted(options.timeoutMs))
        return Error{QStringLiteral("kete-sandbox did not start."), process.errorString()};
    while (!process.canReadLine()) {
        if (!process.waitForReadyRead(options.timeoutMs))
            return Error{QStringLiteral("kete-sandbox printed no base URL."),
                         process.errorString()};
    }
    options.fhirBase = QUrl(QString::fromUtf8(process.readLine().trimmed()));
    return std::nullopt;
}

std::optional<Error> startSandbox(sandbox::SandboxHost &host, Options &options)
{
    QEventLoop loop;
    std::optional<Error> problem;
    QObject::connect(&host, &sandbox::SandboxHost::started, &loop, [&](const QUrl &base) {
        options.fhirBase = base;
        loop.quit();
    });
    QObject::connect(&host, &sandbox::SandboxHost::failed, &loop, [&](const QString &message) {
        problem = Error{QStringLiteral("The sandbox did not start: ") + message, {}};
        loop.quit();
    });
    host.start();
    if (execBounded(loop, options.timeoutMs) == 2)
        return Error{QStringLiteral("The sandbox did not start in time."), {}};
    return problem;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void printRow(QTextStream &out, const QString &name, const std::vector<Run> &runs,
              double Run::*field, int decimals)
{
    std::vector<double> values;
    out << name.leftJustified(34);
    for (const Run &run : runs) {
        values.push_back(run.*field);
        out << QString::number(run.*field, 'f', decimals).rightJustified(10);
    }
    out << QString::number(median(values), 'f', decimals).rightJustified(10)
        << QString::number(*std::max_element(values.begin(), values.end()), 'f', decimals)
               .rightJustified(10)
        << '\n';
}

void printCount(QTextStream &out, const QString &name, const std::vector<Run> &runs,
                int Run::*field)
{
    std::vector<double> values;
    out << name.leftJustified(34);
    for (const Run &run : runs) {
        values.push_back(run.*field);
        out << QString::number(run.*field).rightJustified(10);
    }
    out << QString::number(median(values), 'f', 0).rightJustified(10)
        << QString::number(*std::max_element(values.begin(), values.end()), 'f', 0)
               .rightJustified(10)
        << '\n';
}

void printTable(QTextStream &out, const std::vector<Run> &runs, bool stayed, bool reopened,
                bool compared)
{
    out << QStringLiteral("").leftJustified(34);
    for (std::size_t i = 0; i < runs.size(); ++i)
        out << QStringLiteral("run %1").arg(i + 1).rightJustified(10);
    out << QStringLiteral("median").rightJustified(10) << QStringLiteral("max").rightJustified(10)
        << '\n';
    printRow(out, QStringLiteral("sign-in (discovery..token) ms"), runs, &Run::signInMs, 1);
    printRow(out, QStringLiteral("token -> first lab row ms"), runs, &Run::firstLabRowMs, 1);
    printRow(out, QStringLiteral("token -> full record ms"), runs, &Run::fullRecordMs, 1);
    if (compared) {
        printRow(out, QStringLiteral("fhirclient: token -> full ms"), runs, &Run::referenceMs, 1);
        printRow(out, QStringLiteral("Kete / fhirclient (<= 0.5)"), runs, &Run::referenceRatio, 3);
        printCount(out, QStringLiteral("fhirclient pages"), runs, &Run::referencePages);
        printCount(out, QStringLiteral("fhirclient resources"), runs, &Run::referenceResources);
    }
    if (reopened) {
        printRow(out, QStringLiteral("reopen -> full stored record ms"), runs, &Run::reopenMs, 1);
        printRow(out, QStringLiteral("reopen / network load (<= 0.2)"), runs, &Run::reopenRatio, 3);
    }
    printRow(out, QStringLiteral("longest event-loop stall ms"), runs, &Run::longestStallMs, 1);
    printCount(out, QStringLiteral("pages"), runs, &Run::pages);
    printCount(out, QStringLiteral("resources"), runs, &Run::resources);
    printCount(out, QStringLiteral("lab results in the model"), runs, &Run::labResults);
    printCount(out, QStringLiteral("lab test rows"), runs, &Run::labRows);
    printCount(out, QStringLiteral("conditions"), runs, &Run::conditions);
    printRow(out, QStringLiteral("peak RSS MB (process so far)"), runs, &Run::peakRssMb, 1);
    printRow(out, QStringLiteral("peak RSS growth loading MB"), runs, &Run::rssGrowthMb, 1);
    printRow(out, QStringLiteral("raw JSON of the load MB"), runs, &Run::loadRawJsonMb, 1);
    printRow(out, QStringLiteral("RSS growth / raw JSON (<= 2)"), runs, &Run::rssGrowthRatio, 2);
    if (reopened) {
        printRow(out, QStringLiteral("store write (replaceAll) ms"), runs, &Run::storeWriteMs, 1);
        printRow(out, QStringLiteral("reopen: open + readAll ms"), runs, &Run::reopenReadMs, 1);
        printRow(out, QStringLiteral("reopen: decode ms"), runs, &Run::reopenDecodeMs, 1);
        printRow(out, QStringLiteral("reopen longest stall ms"), runs, &Run::reopenStallMs, 1);
        printRow(out, QStringLiteral("incremental sync, no changes ms"), runs, &Run::syncMs, 1);
        printCount(out, QStringLiteral("incremental sync pages"), runs, &Run::syncPages);
        printCount(out, QStringLiteral("incremental sync resources"), runs, &Run::syncResources);
        if (std::all_of(runs.begin(), runs.end(), [](const Run &run) { return run.changesMade; })) {
            printRow(out,
                     QStringLiteral("incremental sync, %1 changes ms").arg(kChangedObservations),
                     runs, &Run::changedSyncMs, 1);
            printCount(out, QStringLiteral("incremental sync (changes) pages"), runs,
                       &Run::changedSyncPages);
            printCount(out, QStringLiteral("incremental sync (changes) res."), runs,
                       &Run::changedSyncResources);
        }
        printRow(out, QStringLiteral("store size MB"), runs, &Run::storeMb, 2);
        printRow(out, QStringLiteral("encoded values MB (unsealed)"), runs, &Run::encodedMb, 2);
        printRow(out, QStringLiteral("raw JSON MB"), runs, &Run::rawJsonMb, 2);
        printRow(out, QStringLiteral("store / raw JSON"), runs, &Run::storeRatio, 3);
        printRow(out, QStringLiteral("peak RSS MB after reopen + syncs"), runs,
                 &Run::reopenPeakRssMb, 1);
    }
    if (stayed) {
        printCount(out, QStringLiteral("refreshes sent while staying"), runs, &Run::refreshes);
        printCount(out, QStringLiteral("refresh grants the sandbox saw"), runs,
                   &Run::refreshGrants);
    }
    QStringList notices;
    for (const Run &run : runs)
        notices.append(run.notices);
    notices.removeDuplicates();
    for (const QString &notice : std::as_const(notices))
        out << "notice: " << notice << '\n';
}

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Signs in with SMART (auto-approving authorization server) and measures "
                       "loading one patient's record as Kete does: time to the first lab row and "
                       "to the whole record, the longest stall of the event-loop thread, pages, "
                       "resources and peak RSS; with --reopen, also reading the record back "
                       "from the encrypted copy kept on this computer and syncing it."));
    parser.addHelpOption();
    const QCommandLineOption fhir(QStringLiteral("fhir"), QStringLiteral("FHIR base URL."),
                                  QStringLiteral("URL"));
    const QCommandLineOption clientId(QStringLiteral("client-id"),
                                      QStringLiteral("OAuth client id (default kete-desktop)."),
                                      QStringLiteral("ID"), QStringLiteral("kete-desktop"));
    const QCommandLineOption redirect(
        QStringLiteral("redirect-uri"),
        QStringLiteral("Registered redirect URI (default http://127.0.0.1/kete/callback)."),
        QStringLiteral("URI"), QStringLiteral("http://127.0.0.1/kete/callback"));
    const QCommandLineOption sandbox(
        QStringLiteral("sandbox"),
        QStringLiteral("Start Kete's sandbox in-process, auto-approving %1.")
            .arg(sandbox::PatientGenerator::largePatientId()));
    const QCommandLineOption observations(
        QStringLiteral("observations"),
        QStringLiteral("With --sandbox: the large patient's Observations (default 20000)."),
        QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption runs(QStringLiteral("runs"),
                                  QStringLiteral("Sign-ins and loads to measure (default 3)."),
                                  QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("Give up on a sign-in or load after S seconds (default 300)."),
        QStringLiteral("S"), QStringLiteral("300"));
    const QCommandLineOption longHistory(
        QStringLiteral("long-history"),
        QStringLiteral("Start the sandbox in-process on a temporary --data folder with one patient "
                       "having N results of one test in random date order, and load that record."),
        QStringLiteral("N"));
    const QCommandLineOption stayOption(
        QStringLiteral("stay"),
        QStringLiteral("After loading, keep the session open for S seconds and count its token "
                       "refreshes (default 0)."),
        QStringLiteral("S"), QStringLiteral("0"));
    const QCommandLineOption fault(
        QStringLiteral("fault"),
        QStringLiteral("With --sandbox: a fault for the sandbox to simulate, e.g. "
                       "short-token-lifetime (repeatable; one of %1).")
            .arg(sandbox::FaultPlan::allNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    const QCommandLineOption reopen(
        QStringLiteral("reopen"),
        QStringLiteral(
            "With --sandbox: after each load, write the record to an encrypted OfflineStore file "
            "(temporary folder, random key in memory), drop it, and measure reading it back into "
            "a fresh record's models (reopen ms, its ratio to the network load, the longest "
            "stall of restore()), an incremental sync with no changes and one after %1 "
            "Observations were amended on the sandbox, store and raw JSON sizes, peak RSS.")
            .arg(kChangedObservations));
    const QCommandLineOption sandboxProcess(
        QStringLiteral("sandbox-process"),
        QStringLiteral("Like --sandbox, but kete-sandbox runs as a child process: this process "
                       "then holds only Kete (its RSS growth is Kete's alone)."));
    const QCommandLineOption compare(
        QStringLiteral("compare-fhirclient"),
        QStringLiteral("After each load, the SMART reference JavaScript client (npm fhirclient "
                       "on node; installed into the build tree when missing) signs in to the "
                       "same server and loads the same record; prints its time and the ratio."));
    parser.addOptions({fhir, clientId, redirect, sandbox, observations, runs, timeout, stayOption,
                       fault, sandboxProcess, compare});
    parser.addOption(longHistory);
    parser.addOption(reopen);
    parser.process(app);

    Options options;
    options.longHistory = parser.isSet(longHistory) ? parser.value(longHistory).toInt() : 0;
    if (parser.isSet(longHistory) && options.longHistory < 1) {
        QTextStream(stderr) << "--long-history takes a positive number of results\n";
        return std::nullopt;
    }
    options.sandboxProcess = parser.isSet(sandboxProcess);
    options.compareReference = parser.isSet(compare);
    options.sandbox = parser.isSet(sandbox) || options.longHistory > 0;
    if (options.sandboxProcess &&
        (options.sandbox || parser.isSet(fhir) || parser.isSet(reopen) || parser.isSet(fault))) {
        QTextStream(stderr) << "--sandbox-process goes without --sandbox, --fhir, --reopen and "
                               "--fault; see --help\n";
        return std::nullopt;
    }
    options.reopen = parser.isSet(reopen);
    if (options.reopen && !options.sandbox) {
        QTextStream(stderr) << "--reopen needs --sandbox (it changes records on the sandbox); "
                               "see --help\n";
        return std::nullopt;
    }
    options.fhirBase = QUrl(parser.value(fhir));
    options.observations = parser.value(observations).toInt();
    options.runs = parser.value(runs).toInt();
    options.timeoutMs = parser.value(timeout).toInt() * 1000;
    bool stayOk = false;
    options.staySeconds = parser.value(stayOption).toInt(&stayOk);
    if (!stayOk || options.staySeconds < 0) {
        QTextStream(stderr) << "--stay takes a number of seconds; see --help\n";
        return std::nullopt;
    }
    for (const QString &name : parser.values(fault)) {
        const std::optional<sandbox::Fault> known = sandbox::FaultPlan::fromName(name);
        if (!known || !options.sandbox) {
            QTextStream(stderr) << "--fault " << name
                                << (known ? " needs --sandbox" : " is not a sandbox fault")
                                << "; see --help\n";
            return std::nullopt;
        }
        options.faults.enable(*known);
    }
    options.client.clientId = parser.value(clientId);
    options.client.redirectUri = QUrl(parser.value(redirect));
    options.client.browserMode = smart::BrowserMode::Embedded;
    if ((options.sandbox || options.sandboxProcess) == parser.isSet(fhir) || options.runs < 1 ||
        options.timeoutMs <= 0 || options.observations < 1 ||
        (!options.sandbox && !options.sandboxProcess && !options.fhirBase.isValid())) {
        QTextStream(stderr) << "give either --sandbox or --fhir URL (and positive numbers); "
                               "see --help\n";
        return std::nullopt;
    }
    return options;
}

int fail(const QString &what, const Error &error)
{
    QTextStream(stderr) << what << ": " << error.message
                        << (error.detail.isEmpty() ? QString()
                                                   : QStringLiteral(" (%1)").arg(error.detail))
                        << '\n';
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (app.arguments().contains(QStringLiteral("--merge")))
        return bench::runMergeBench(app);
    std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;

    sandbox::SandboxOptions sandboxOptions;
    sandboxOptions.autoApproveUser = sandbox::PatientGenerator::largePatientId();
    sandboxOptions.largePatientObservations = options->observations;
    QTemporaryDir longHistoryFolder;
    if (options->longHistory > 0) {
        if (!longHistoryFolder.isValid())
            return fail(
                QStringLiteral("long history"),
                Error{QStringLiteral("No temporary folder."), longHistoryFolder.errorString()});
        if (const std::optional<Error> problem =
                writeLongHistory(longHistoryFolder.path(), options->longHistory))
            return fail(QStringLiteral("long history"), *problem);
        sandboxOptions.dataFolder = longHistoryFolder.path();
        sandboxOptions.autoApproveUser = QString(kLongHistoryPatient);
    }
    sandboxOptions.faults = options->faults;
    // --reopen amends Observations through the sandbox's admin API (loopback only).
    sandboxOptions.admin = options->reopen;
    QTemporaryDir keptCopies;
    if (options->reopen && !keptCopies.isValid())
        return fail(QStringLiteral("reopen"),
                    Error{QStringLiteral("No temporary folder."), keptCopies.errorString()});
    if (options->staySeconds > 0) {
        // The sandbox's line per issued token may be a debug line.
        QLoggingCategory::setFilterRules(QStringLiteral("kete.sandbox.debug=true"));
        previousHandler = qInstallMessageHandler(countTokenGrants);
    }
    QProcess sandboxProcess;
    if (options->sandboxProcess) {
        if (const std::optional<Error> problem = startSandboxProcess(sandboxProcess, *options))
            return fail(QStringLiteral("sandbox"), *problem);
    }
    const bench::ReferenceClient reference(QStringLiteral(KETE_NPM_PREFIX),
                                           QStringLiteral(KETE_REFERENCE_SCRIPT));
    if (options->compareReference) {
        if (const Result<bool> installed = reference.ensureInstalled(); !installed)
            return fail(QStringLiteral("fhirclient"), installed.error());
    }
    std::unique_ptr<sandbox::SandboxHost> host;
    if (options->sandbox) {
        host = std::make_unique<sandbox::SandboxHost>(sandboxOptions);
        if (const std::optional<Error> problem = startSandbox(*host, *options))
            return fail(QStringLiteral("sandbox"), *problem);
    }

    QTextStream out(stdout);
    out << "kete-record-bench: " << options->fhirBase.toString(QUrl::RemoveQuery)
        << (options->longHistory > 0
                ? QStringLiteral(" (in-process sandbox, one test with %1 results in random order)")
                      .arg(options->longHistory)
            : options->sandbox ? QStringLiteral(" (in-process sandbox, %1 observations)")
                                     .arg(options->observations)
            : options->sandboxProcess ? QStringLiteral(" (kete-sandbox process, %1 observations)")
                                            .arg(options->observations)
                                      : QString())
        << (options->reopen ? QStringLiteral(", reopening the kept copy") : QString()) << ", "
        << options->runs << " runs; RSS after start " << QString::number(peakRssMb(), 'f', 1)
        << " MB\n\n";
    out.flush();

    std::vector<Run> runs;
    // Side by side, neither client may meet a server colder than the other did: the sandbox
    // sorts and writes out the patient's search results on the first search. One untimed round
    // of both warms it; what it took is printed, not hidden.
    const int warmUps = options->compareReference ? 1 : 0;
    for (int i = -warmUps; i < options->runs; ++i) {
        Run run;
        QElapsedTimer clock;
        clock.start();
        Result<std::shared_ptr<smart::Session>> session = signIn(*options);
        if (!session)
            return fail(QStringLiteral("sign-in failed"), session.error());
        run.signInMs = msSince(clock);
        std::optional<KeptCopy> copy;
        AfterLoad keep;
        if (options->reopen)
            keep = [&](const record::PatientRecord &loaded) -> std::optional<Error> {
                Result<KeptCopy> kept = keepCopy(loaded, keptCopies.path(), run);
                if (!kept)
                    return kept.error();
                copy = kept.value();
                return std::nullopt;
            };
        if (const std::optional<Error> problem = loadRecord(session.value(), *options, run, keep))
            return fail(QStringLiteral("load failed"), *problem);
        if (options->compareReference) {
            const Result<bench::ReferenceLoad> loaded = reference.load(
                options->fhirBase, session.value()->tokens().patient, options->timeoutMs);
            if (!loaded)
                return fail(QStringLiteral("fhirclient"), loaded.error());
            run.referenceMs = loaded->ms;
            run.referencePages = loaded->pages;
            run.referenceResources = loaded->resources;
            run.referenceRatio = loaded->ms > 0 ? run.fullRecordMs / loaded->ms : 0;
        }
        // The loaded record has gone: the reopened one starts from nothing in memory.
        if (copy) {
            const std::optional<Error> problem =
                reopenRecord(session.value(), *options, *copy, run);
            QFile::remove(copy->path);
            if (problem)
                return fail(QStringLiteral("reopen failed"), *problem);
        }
        if (options->staySeconds > 0)
            stay(session.value(), *options, run);
        if (i < 0) {
            out << "warm-up round (cold server, not in the table): Kete "
                << QString::number(run.fullRecordMs, 'f', 1) << " ms, then fhirclient "
                << QString::number(run.referenceMs, 'f', 1) << " ms\n\n";
            out.flush();
            continue;
        }
        runs.push_back(run);
    }
    printTable(out, runs, options->staySeconds > 0, options->reopen, options->compareReference);
    return 0;
}
