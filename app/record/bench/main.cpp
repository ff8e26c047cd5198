// kete-record-bench: signs in through the real SMART flow (discovery, authorization code + PKCE,
// id_token check) against a FHIR server whose authorization server auto-approves, then loads
// the record exactly as the app does (PatientRecord) and measures what the user waits for, and
// how long the thread running the event loop (the app's GUI thread) is kept from ticking.
#include "record/patientrecord.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/faults.h"
#include "sandbox/server/sandboxhost.h"
#include "smart/session.h"
#include "smart/signin.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <atomic>
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
    QStringList notices;
};

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

// Loads the record as MainWindow::openRecord does and measures it into `run`.
std::optional<Error> loadRecord(const std::shared_ptr<smart::Session> &session,
                                const Options &options, Run &run)
{
    record::PatientRecord record(
        session, session->configuration().fhirBase, session->tokens().patient,
        [s = session.get()](QStringView type) { return s->tokens().grantedScope.covers(type); });
    QEventLoop loop;
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

void printTable(QTextStream &out, const std::vector<Run> &runs, bool stayed)
{
    out << QStringLiteral("").leftJustified(34);
    for (std::size_t i = 0; i < runs.size(); ++i)
        out << QStringLiteral("run %1").arg(i + 1).rightJustified(10);
    out << QStringLiteral("median").rightJustified(10) << QStringLiteral("max").rightJustified(10)
        << '\n';
    printRow(out, QStringLiteral("sign-in (discovery..token) ms"), runs, &Run::signInMs, 1);
    printRow(out, QStringLiteral("token -> first lab row ms"), runs, &Run::firstLabRowMs, 1);
    printRow(out, QStringLiteral("token -> full record ms"), runs, &Run::fullRecordMs, 1);
    printRow(out, QStringLiteral("longest event-loop stall ms"), runs, &Run::longestStallMs, 1);
    printCount(out, QStringLiteral("pages"), runs, &Run::pages);
    printCount(out, QStringLiteral("resources"), runs, &Run::resources);
    printCount(out, QStringLiteral("lab results in the model"), runs, &Run::labResults);
    printCount(out, QStringLiteral("lab test rows"), runs, &Run::labRows);
    printCount(out, QStringLiteral("conditions"), runs, &Run::conditions);
    printRow(out, QStringLiteral("peak RSS MB (process so far)"), runs, &Run::peakRssMb, 1);
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
                       "resources and peak RSS."));
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
    parser.addOptions(
        {fhir, clientId, redirect, sandbox, observations, runs, timeout, stayOption, fault});
    parser.addOption(longHistory);
    parser.process(app);

    Options options;
    options.longHistory = parser.isSet(longHistory) ? parser.value(longHistory).toInt() : 0;
    if (parser.isSet(longHistory) && options.longHistory < 1) {
        QTextStream(stderr) << "--long-history takes a positive number of results\n";
        return std::nullopt;
    }
    options.sandbox = parser.isSet(sandbox) || options.longHistory > 0;
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
    if (options.sandbox == parser.isSet(fhir) || options.runs < 1 || options.timeoutMs <= 0 ||
        options.observations < 1 || (!options.sandbox && !options.fhirBase.isValid())) {
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
    if (options->staySeconds > 0) {
        // The sandbox's line per issued token may be a debug line.
        QLoggingCategory::setFilterRules(QStringLiteral("kete.sandbox.debug=true"));
        previousHandler = qInstallMessageHandler(countTokenGrants);
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
                               : QString())
        << ", " << options->runs << " runs; RSS after start "
        << QString::number(peakRssMb(), 'f', 1) << " MB\n\n";
    out.flush();

    std::vector<Run> runs;
    for (int i = 0; i < options->runs; ++i) {
        Run run;
        QElapsedTimer clock;
        clock.start();
        Result<std::shared_ptr<smart::Session>> session = signIn(*options);
        if (!session)
            return fail(QStringLiteral("sign-in failed"), session.error());
        run.signInMs = msSince(clock);
        if (const std::optional<Error> problem = loadRecord(session.value(), *options, run))
            return fail(QStringLiteral("load failed"), *problem);
        if (options->staySeconds > 0)
            stay(session.value(), *options, run);
        runs.push_back(run);
    }
    printTable(out, runs, options->staySeconds > 0);
    return 0;
}
