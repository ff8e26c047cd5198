#include "journey.h"
#include "record/patientbanner.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "sandbox/server/sandboxhost.h"
#include "shell/mainwindow.h"
#include "signin/signinbrowser.h"
#include "smart/signin.h"
#include "widgets/messagebar.h"

#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::ui;
using namespace journey;

// As a patient would: sign in and read the record; quit; the provider goes down; start Kete
// again: the record is there at once, from the copy on this computer, and says it is offline.
class TestOfflineJourney : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the kept copies' folder
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QVERIFY(m_dir.isValid());
    }

    void theRecordOpensOfflineFromItsCopy()
    {
        auto host = startSandbox(300);
        QVERIFY(host);
        QSettings settings(m_dir.filePath(QStringLiteral("kete.ini")), QSettings::IniFormat);
        const MainWindowOptions options =
            windowOptions(&settings, QStringLiteral("org.kete.Kete.tests.offlinejourney"), 300);
        int results = 0;
        int conditions = 0;
        {
            MainWindow window(options);
            window.resize(1024, 700);
            window.show();
            window.connectTo(host->fhirBaseUrl());
            QTRY_VERIFY_WITH_TIMEOUT(window.signIn()->browser(), kLoadTimeout);
            QVERIFY(signInAndApprove(window.signIn()->browser()->view(), QStringLiteral("hemi")));
            QTRY_VERIFY_WITH_TIMEOUT(window.patientRecord() && window.patientRecord()->outcome(),
                                     kLoadTimeout);
            record::PatientRecord *record = window.patientRecord();
            results = record->labTests()->observationCount();
            conditions = record->conditions()->rowCount();
            QVERIFY(results > 0);
            const QDir kept(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                            QStringLiteral("/offline"));
            QTRY_VERIFY_WITH_TIMEOUT(!kept.entryList(QDir::Files).isEmpty(), kLoadTimeout);
            QTest::qWait(500); // the write commits
        }
        host.reset(); // the provider is down

        MainWindow window(options);
        window.resize(1024, 700);
        window.show();
        window.reopenLastProvider();
        QTRY_VERIFY_WITH_TIMEOUT(
            window.patientRecord() && window.patientRecord()->isShowingKeptCopy(), kLoadTimeout);
        record::PatientRecord *record = window.patientRecord();
        QCOMPARE(record->labTests()->observationCount(), results);
        QCOMPARE(record->conditions()->rowCount(), conditions);
        QTRY_VERIFY_WITH_TIMEOUT(window.messageBar()->isVisible() &&
                                     window.messageBar()->text().startsWith(
                                         QStringLiteral("Offline — showing your record as of")),
                                 kLoadTimeout);
        QVERIFY(window.recordView()->banner()->findChildren<QLabel *>().size() > 0);
        saveScreenshot(window, QStringLiteral("offline-reopened.png"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestOfflineJourney)
#include "tst_offlinejourney.moc"
