// kete-startup-bench: what a start of Kete makes the user wait for when the record is kept on
// this computer. In a temporary profile (XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME in a
// temporary folder, deleted at the end: the user's own settings and copies are never touched),
// it starts the sandbox in-process, signs in once to each patient with a kept copy (the large
// patient and the first demo patient, each on its own sandbox), then runs `kete --startup-bench`
// as a child process N times per patient, that patient's provider being the one used last, and
// prints the first (cold) run and the median of the others for both of its lines. At the end the
// providers are forgotten: their keychain entries and kept copies are deleted.
#include "connection/connection.h"
#include "connection/connectionmanager.h"
#include "offline/offlinecopy.h"
#include "record/patientrecord.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/server/sandboxhost.h"
#include "smart/session.h"
#include "smart/signin.h"
#include "storage/providerstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

using namespace kete;
using connection::Connection;
using connection::ConnectionManager;

namespace {

// What `kete` uses: its default QSettings file and keychain service.
const QString kKeychainService = QStringLiteral("org.kete.Kete");

struct Options
{
    int runs = 5;
    int observations = 20000;
    int timeoutMs = 300000;
};

struct Patient
{
    QString label;
    std::optional<QString> autoApproveUser; // empty: the first demo patient
    std::unique_ptr<sandbox::SandboxHost> host;
    QString providerId;
    int results = 0;
};

struct Figures
{
    std::vector<double> welcomeMs;
    std::vector<double> recordMs;
};

bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(5);
    if (!done())
        loop.exec();
    return done();
}

void fail(QTextStream &err, const QString &what)
{
    err << "kete-startup-bench: " << what << '\n';
    err.flush();
}

bool startSandbox(Patient &patient, const Options &options)
{
    sandbox::SandboxOptions sandboxOptions;
    sandboxOptions.autoApproveUser = patient.autoApproveUser;
    sandboxOptions.largePatientObservations = options.observations;
    patient.host = std::make_unique<sandbox::SandboxHost>(sandboxOptions);
    bool started = false;
    bool failed = false;
    QObject::connect(patient.host.get(), &sandbox::SandboxHost::started, [&] { started = true; });
    QObject::connect(patient.host.get(), &sandbox::SandboxHost::failed, [&] { failed = true; });
    patient.host->start();
    return spinUntil([&] { return started || failed; }, options.timeoutMs) && started;
}

// Signs in as the sandbox's patient, loads the record and waits until its copy is kept.
bool signInAndKeep(ConnectionManager &manager, Patient &patient, const Options &options)
{
    connection::ConnectionTarget target;
    target.displayName = patient.label;
    target.request.fhirBase = patient.host->fhirBaseUrl();
    target.request.client =
        smart::ClientRegistration{QStringLiteral("kete-desktop"),
                                  {},
                                  QUrl(QStringLiteral("http://127.0.0.1/kete/callback")),
                                  smart::BrowserMode::Embedded};
    Connection *opened = nullptr;
    bool failed = false;
    const QMetaObject::Connection onOpened =
        QObject::connect(&manager, &ConnectionManager::opened, [&](Connection *c) { opened = c; });
    const QMetaObject::Connection onFailed =
        QObject::connect(&manager, &ConnectionManager::signInFailed, [&] { failed = true; });
    manager.signIn(target);
    spinUntil([&] { return opened || failed; }, options.timeoutMs);
    QObject::disconnect(onOpened);
    QObject::disconnect(onFailed);
    if (!opened)
        return false;
    record::PatientRecord *record = opened->openRecord(opened->session()->tokens().patient);
    offline::OfflineCopy *copy = opened->keptCopy(record);
    if (!copy)
        return false;
    bool saved = false;
    QObject::connect(copy, &offline::OfflineCopy::saved, [&] { saved = true; });
    opened->loadRecord(record);
    if (!spinUntil([&] { return saved; }, options.timeoutMs))
        return false;
    patient.providerId = opened->providerId();
    patient.results = record->labTests()->observationCount();
    manager.close(opened);
    return true;
}

// One `kete --startup-bench`: its two figures, or nothing when it failed.
std::optional<std::pair<double, double>> runKete(const Options &options, QTextStream &err)
{
    QProcess kete;
    kete.setProcessChannelMode(QProcess::SeparateChannels);
    kete.start(QStringLiteral(KETE_EXECUTABLE), {QStringLiteral("--startup-bench")});
    bool finished = false;
    QObject::connect(&kete, &QProcess::finished, [&] { finished = true; });
    if (!spinUntil([&] { return finished; }, options.timeoutMs)) {
        kete.kill();
        kete.waitForFinished();
    }
    const QString out = QString::fromLocal8Bit(kete.readAllStandardOutput());
    if (kete.exitStatus() != QProcess::NormalExit || kete.exitCode() != 0) {
        fail(err, QStringLiteral("kete --startup-bench failed: ") +
                      QString::fromLocal8Bit(kete.readAllStandardError()).trimmed());
        return std::nullopt;
    }
    const auto figure = [&](const QString &line) -> std::optional<double> {
        for (const QString &printed : out.split(u'\n')) {
            if (printed.startsWith(line))
                return printed.mid(line.size()).section(u' ', 0, 0).toDouble();
        }
        return std::nullopt;
    };
    const auto welcome = figure(QStringLiteral("process start -> welcome window shown ms "));
    const auto record = figure(QStringLiteral("process start -> reopened record shown ms "));
    if (!welcome || !record) {
        fail(err, QStringLiteral("kete --startup-bench printed no reopened record: ") + out);
        return std::nullopt;
    }
    return std::pair{*welcome, *record};
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void printFigures(QTextStream &out, const QString &line, const std::vector<double> &runs,
                  const QString &goal)
{
    out << "  " << line.leftJustified(44) << " first " << QString::number(runs.front(), 'f', 1);
    if (runs.size() > 1)
        out << "  median of the other " << runs.size() - 1 << ' '
            << QString::number(median({runs.begin() + 1, runs.end()}), 'f', 1);
    out << "  (goal <= " << goal << ")\n";
}

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs `kete --startup-bench` in a temporary profile whose provider keeps a copy of the "
        "record (the large patient, then the first demo patient, each signed in once on an "
        "in-process sandbox): process start -> welcome window shown and -> reopened record "
        "shown, first run and the median of the others. Needs a keychain (e.g. inside "
        "dbus-run-session with gnome-keyring-daemon unlocked)."));
    parser.addHelpOption();
    const QCommandLineOption runs(QStringLiteral("runs"),
                                  QStringLiteral("Starts of kete per patient (default 5)."),
                                  QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption observations(
        QStringLiteral("observations"),
        QStringLiteral("The large patient's Observations (default 20000)."), QStringLiteral("N"),
        QStringLiteral("20000"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("Give up on a sign-in, a load or a start after S seconds (default 300)."),
        QStringLiteral("S"), QStringLiteral("300"));
    parser.addOptions({runs, observations, timeout});
    parser.process(app);
    Options options;
    options.runs = parser.value(runs).toInt();
    options.observations = parser.value(observations).toInt();
    options.timeoutMs = parser.value(timeout).toInt() * 1000;
    if (options.runs < 1 || options.observations < 1 || options.timeoutMs <= 0) {
        QTextStream(stderr) << "--runs, --observations and --timeout take positive numbers\n";
        return std::nullopt;
    }
    return options;
}

int runBench(const Options &options, const QString &profile)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    // Where `kete` reads its settings from in this profile (QSettings' default on Linux).
    QSettings settings(QDir(profile).filePath(QStringLiteral("config/Kete/Kete.conf")),
                       QSettings::IniFormat);
    QNetworkAccessManager network;
    std::vector<Patient> patients;
    patients.push_back(
        {QStringLiteral("large patient (%1)").arg(sandbox::PatientGenerator::largePatientId()),
         sandbox::PatientGenerator::largePatientId(),
         nullptr,
         {},
         0});
    patients.push_back({QStringLiteral("first demo patient"), QString(), nullptr, {}, 0});

    int status = 0;
    {
        smart::AutoApprovePages pages(&network);
        ConnectionManager manager(&settings, kKeychainService, &pages);
        pages.attach(manager.signIn());
        for (Patient &patient : patients) {
            if (!startSandbox(patient, options)) {
                fail(err, QStringLiteral("the sandbox did not start"));
                status = 1;
                break;
            }
            if (!signInAndKeep(manager, patient, options)) {
                fail(err, QStringLiteral("signing in to keep a copy failed: ") + patient.label);
                status = 1;
                break;
            }
        }
        if (status == 0) {
            out << "kete-startup-bench: " << options.runs
                << " starts of kete --startup-bench per patient, its provider the one used last "
                   "and keeping a copy; the first start, then the median of the others\n";
            out.flush();
        }
        for (const Patient &patient : patients) {
            if (status != 0)
                break;
            manager.providers()->setLastUsedProvider(patient.providerId);
            settings.sync();
            Figures figures;
            for (int i = 0; i < options.runs; ++i) {
                const auto shown = runKete(options, err);
                if (!shown) {
                    status = 1;
                    break;
                }
                figures.welcomeMs.push_back(shown->first);
                figures.recordMs.push_back(shown->second);
            }
            if (status != 0)
                break;
            out << patient.label << ", " << patient.results << " lab results kept:\n";
            printFigures(out, QStringLiteral("process start -> welcome window shown ms"),
                         figures.welcomeMs, QStringLiteral("400"));
            printFigures(out, QStringLiteral("process start -> reopened record shown ms"),
                         figures.recordMs, QStringLiteral("1000"));
            out.flush();
        }
        // The keychain entries (refresh tokens, the copies' keys) and the copies go.
        for (const Patient &patient : patients) {
            if (patient.providerId.isEmpty())
                continue;
            bool forgotten = false;
            manager.forget(patient.providerId, [&](Result<void>) { forgotten = true; });
            if (!spinUntil([&] { return forgotten; }, options.timeoutMs))
                fail(err, QStringLiteral("forgetting a provider took too long"));
        }
    }
    return status;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything reads them: this process and every `kete` it starts use the temporary
    // profile.
    QTemporaryDir profile;
    if (!profile.isValid()) {
        QTextStream(stderr) << "kete-startup-bench: no temporary folder\n";
        return 1;
    }
    for (const auto &[variable, folder] :
         {std::pair{"XDG_CONFIG_HOME", "config"}, std::pair{"XDG_DATA_HOME", "data"},
          std::pair{"XDG_CACHE_HOME", "cache"}})
        qputenv(variable, QDir(profile.path()).filePath(QLatin1String(folder)).toLocal8Bit());

    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("kete.*.info=false"));
    // The kept copies' folder is AppDataLocation: the same as kete's.
    QCoreApplication::setOrganizationName(QStringLiteral("Kete"));
    QCoreApplication::setApplicationName(QStringLiteral("Kete"));
    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;
    return runBench(*options, profile.path());
}
