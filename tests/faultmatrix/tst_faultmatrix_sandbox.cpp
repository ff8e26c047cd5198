// The fault matrix, sandbox half: for every fault `kete-sandbox --fault NAME` can simulate, the
// real window (MainWindow, the embedded browser, the real keychain) signs in to the sandbox,
// loads the record, then reloads it an hour later by the sandbox's clock (every access token
// has expired). What the user read, what stayed on screen, whether the sign-in survived and
// where the bearer token went are compared with the README's table.
#include "matrixrow.h"
#include "sandbox/faults.h"
#include "sandbox/server/sandboxhost.h"
#include "storage/providerstore.h"
#include "support/jumpingclock.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace kete;
using namespace kete::ui;
using test::JumpingClock;
using test::MatrixRow;

namespace {

constexpr int kTimeout = 120000;
const QString kKeychainService = QStringLiteral("org.kete.Kete.tests.faultmatrix");

QMutex logMutex;
QStringList fhirLog; // kete.fhir lines: one per request, with its URL (never its query)
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && QLatin1String(context.category) == QLatin1String("kete.fhir")) {
        QMutexLocker lock(&logMutex);
        fhirLog.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

// The sign-in settled: the record loaded, or the user is back on the welcome page, or the
// sign-in window shows the provider's refusal.
bool settled(const MainWindow &window)
{
    if (window.patientRecord() && window.patientRecord()->outcome())
        return true;
    if (window.welcomePage()->isVisible() && !window.signIn()->isRunning())
        return true;
    const SignInBrowser *browser = window.signIn()->browser();
    return browser && !browser->problem().isEmpty();
}

} // namespace

class TestFaultMatrixSandbox : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_runs = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QLoggingCategory::setFilterRules(QStringLiteral("kete.*.debug=true"));
        previousHandler = qInstallMessageHandler(captureMessage);
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void matrix_data()
    {
        QTest::addColumn<QString>("fault");
        for (const QString &name : sandbox::FaultPlan::allNames())
            QTest::newRow(qPrintable(name)) << name;
    }

    void matrix()
    {
        QFETCH(QString, fault);
        JumpingClock clock;
        sandbox::SandboxOptions options;
        options.largePatientObservations = 300;
        options.autoApproveUser = QStringLiteral("grace-huang");
        options.clock = clock.clock();
        options.faults.enable(*sandbox::FaultPlan::fromName(fault));
        sandbox::SandboxHost host(options);
        QSignalSpy started(&host, &sandbox::SandboxHost::started);
        host.start();
        QVERIFY(started.wait(kTimeout));
        {
            QMutexLocker lock(&logMutex);
            fhirLog.clear();
        }

        QSettings settings(m_dir.filePath(QStringLiteral("kete-%1.ini").arg(++m_runs)),
                           QSettings::IniFormat);
        MainWindowOptions windowOptions;
        windowOptions.settings = &settings;
        windowOptions.keychainService = kKeychainService;
        MainWindow window(windowOptions);
        window.show();
        window.connectTo(host.fhirBaseUrl());
        QVERIFY(QTest::qWaitFor([&] { return settled(window); }, kTimeout));
        QTest::qWait(200); // the message that follows the outcome
        const QString firstSeen = test::seenIn(window);

        QStringList seen{firstSeen};
        if (record::PatientRecord *record = window.patientRecord()) {
            // An hour later (every access token has expired), the user reloads.
            clock.jump(std::chrono::seconds(3660));
            QSignalSpy reloaded(record, &record::PatientRecord::loaded);
            window.reload();
            QVERIFY(reloaded.wait(kTimeout));
            QTest::qWait(200);
            const QString secondSeen = test::seenIn(window);
            if (secondSeen != firstSeen)
                seen.append(QStringLiteral("after the reload: ") + secondSeen);
        }
        MatrixRow row;
        row.fault = QLatin1Char('`') + fault + QLatin1Char('`');
        row.seen = seen.join(QStringLiteral(" / "));
        row.onScreen = test::onScreenIn(window);
        row.session = test::sessionIn(window);
        row.tokenHome = tokenStayedHome(host.fhirBaseUrl());

        if (window.signIn()->isRunning())
            window.signIn()->cancel();
        QVERIFY(test::forgetSavedProviders(window));
        qInfo().noquote() << "observed:" << row.markdown();
        const std::optional<MatrixRow> documented = test::readmeRow(row.fault);
        QVERIFY2(documented, qPrintable(QStringLiteral("README has no row: ") + row.markdown()));
        QCOMPARE(row.markdown(), documented->markdown());
    }

private:
    // Every FHIR request Kete made went to the sandbox's origin (the only one holding the token).
    static QString tokenStayedHome(const QUrl &fhirBase)
    {
        QMutexLocker lock(&logMutex);
        const QString home = fhirBase.adjusted(QUrl::RemovePath).toString();
        int requests = 0;
        // GET "http://127.0.0.1:port/fhir/Observation" -> 200 (...)
        static const QRegularExpression request(QStringLiteral("^GET \"?([^\" ]+)"));
        for (const QString &line : std::as_const(fhirLog)) {
            const QRegularExpressionMatch match = request.match(line);
            if (!match.hasMatch())
                continue;
            ++requests;
            if (!match.captured(1).startsWith(home + QLatin1Char('/')))
                return QStringLiteral("no: ") + test::stable(match.captured(1));
        }
        return requests > 0 ? QStringLiteral("yes") : QStringLiteral("yes (no FHIR request)");
    }
};

QTEST_MAIN(TestFaultMatrixSandbox)
#include "tst_faultmatrix_sandbox.moc"
