#include "connection/connection.h"
#include "connection/connectionmanager.h"
#include "offline/offlinecopy.h"
#include "record/patientrecord.h"
#include "sandbox/server/sandboxhost.h"
#include "smart/session.h"
#include "storage/providerstore.h"
#include "storage/secretstore.h"
#include "support/apprun.h"
#include "support/connectionopened.h"
#include "support/sandboxtarget.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::connection;

namespace {

constexpr int kTimeout = 60000;
// What `kete` uses: its default settings file (under XDG_CONFIG_HOME) and keychain service.
const QString kKeychainService = QStringLiteral("org.kete.Kete");

} // namespace

// `kete --startup-bench` in a profile of its own (XDG folders in a temporary folder): with no
// provider it prints the welcome window's line only; once the provider used last keeps a copy of
// the record, also the reopened record's line, and it exits 0 either way. No timings are judged.
class TestStartupBench : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_profile;
    QNetworkAccessManager m_network;

    QString settingsFile() const
    {
        return QDir(m_profile.path()).filePath(QStringLiteral("config/Kete/Kete.conf"));
    }

    static QString runStartupBench(int *exitCode)
    {
        QProcess kete;
        kete.setProcessChannelMode(QProcess::SeparateChannels);
        kete.start(QStringLiteral(KETE_EXECUTABLE), {QStringLiteral("--startup-bench")});
        // The sandbox answers from its own thread; this one only waits.
        if (!QTest::qWaitFor([&] { return kete.state() == QProcess::NotRunning; }, kTimeout)) {
            kete.kill();
            kete.waitForFinished();
        }
        *exitCode = kete.exitStatus() == QProcess::NormalExit ? kete.exitCode() : -1;
        return QString::fromLocal8Bit(kete.readAllStandardOutput());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_profile.isValid());
        // This process and the `kete` it starts share the profile (settings, kept copies).
        for (const auto &[variable, folder] :
             {std::pair{"XDG_CONFIG_HOME", "config"}, std::pair{"XDG_DATA_HOME", "data"},
              std::pair{"XDG_CACHE_HOME", "cache"}})
            qputenv(variable, QDir(m_profile.path()).filePath(QLatin1String(folder)).toLocal8Bit());
        QCoreApplication::setOrganizationName(QStringLiteral("Kete"));
        QCoreApplication::setApplicationName(QStringLiteral("Kete"));
    }

    void printsTheReopenedRecordWhenACopyIsKept()
    {
        const QRegularExpression welcome(QStringLiteral(
            "^process start -> welcome window shown ms \\d+\\.\\d \\(goal <= 400\\)$"));
        const QRegularExpression reopened(QStringLiteral(
            "^process start -> reopened record shown ms \\d+\\.\\d \\(goal <= 1000\\)$"));
        int exitCode = -1;
        QStringList lines = runStartupBench(&exitCode).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(exitCode, 0);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(welcome.match(lines.at(0)).hasMatch(), qPrintable(lines.at(0)));

        sandbox::SandboxOptions options;
        options.largePatientObservations = 300;
        options.autoApproveUser = QStringLiteral("amy-shaw");
        sandbox::SandboxHost host(options);
        QSignalSpy started(&host, &sandbox::SandboxHost::started);
        host.start();
        QVERIFY(started.wait(kTimeout));
        QString providerId;
        {
            test::AppRun first(settingsFile(), &m_network, kKeychainService);
            first.manager.signIn(test::sandboxTarget(host.fhirBaseUrl()));
            Connection *connection = test::waitForOpened(first.manager, kTimeout);
            QVERIFY(connection);
            record::PatientRecord *record =
                connection->openRecord(connection->session()->tokens().patient);
            offline::OfflineCopy *copy = connection->keptCopy(record);
            QVERIFY(copy);
            QSignalSpy saved(copy, &offline::OfflineCopy::saved);
            connection->loadRecord(record);
            QVERIFY(saved.wait(kTimeout));
            providerId = connection->providerId();
            QVERIFY(SecretStore::finishChanges(std::chrono::milliseconds(kTimeout)));
        }

        lines = runStartupBench(&exitCode).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(exitCode, 0);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(welcome.match(lines.at(0)).hasMatch(), qPrintable(lines.at(0)));
        QVERIFY2(reopened.match(lines.at(1)).hasMatch(), qPrintable(lines.at(1)));

        // The keychain entries and the copy go with the provider.
        test::AppRun last(settingsFile(), &m_network, kKeychainService);
        bool forgotten = false;
        last.manager.forget(providerId, [&](Result<void>) { forgotten = true; });
        QVERIFY(QTest::qWaitFor([&] { return forgotten; }, kTimeout));
    }
};

QTEST_GUILESS_MAIN(TestStartupBench)
#include "tst_startupbench.moc"
