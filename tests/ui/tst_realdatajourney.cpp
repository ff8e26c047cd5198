#include "journey.h"
#include "labs/labsview.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "record/summaryview.h"
#include "sandbox/data/resourcestore.h"
#include "shell/mainwindow.h"

#include <QDir>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::ui;
using namespace journey;

// A patient's first look at their record from real Synthea data (no reference ranges, LOINC long
// names, urn:uuid: references), served by the sandbox with --data: what Kete shows must be what
// the server holds, and it must not claim "normal" where the lab gave no range.
class TestRealDataJourney : public QObject
{
    Q_OBJECT

private:
    QString m_fixtures;

    static QString fixturesFolder()
    {
        const QString folder = qEnvironmentVariable("KETE_FIXTURES");
        if (folder.isEmpty() || !QDir(folder).exists() ||
            QDir(folder).entryList({QStringLiteral("*.json")}, QDir::Files).isEmpty())
            return {};
        return folder;
    }

    // The newest effective time of each test's results on the server.
    static QHash<QString, QDateTime> serverLatest(const sandbox::ResourceStore &store,
                                                  const QString &patientId,
                                                  const QSet<QString> &testKeys)
    {
        QHash<QString, QDateTime> latest;
        for (const QJsonObject &json : store.all(QStringLiteral("Observation"))) {
            if (sandbox::ResourceStore::patientOf(json) != patientId)
                continue;
            const auto observation = fhir::parseObservation(json);
            if (!observation)
                continue;
            const QString key = models::LabTestsModel::testKeyFor(*observation);
            if (!testKeys.contains(key))
                continue;
            const QDateTime when = observation->when().toDateTime();
            if (!latest.contains(key) || latest.value(key) < when)
                latest.insert(key, when);
        }
        return latest;
    }

    static int serverConditionCount(const sandbox::ResourceStore &store, const QString &patientId)
    {
        int count = 0;
        for (const QJsonObject &json : store.all(QStringLiteral("Condition")))
            count += sandbox::ResourceStore::patientOf(json) == patientId ? 1 : 0;
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fixtures = fixturesFolder();
        if (m_fixtures.isEmpty())
            QSKIP("The Synthea fixtures are absent: set KETE_FIXTURES to ../shared/fixtures/"
                  "synthea-r4 (the folder holds one Bundle per patient) to run this journey.");
    }

    void patientSeesTheirRealRecord_data()
    {
        QTest::addColumn<QString>("patientId");
        QTest::addColumn<bool>("proxyCollapsesDoubleSlash");
        const QString josue = QStringLiteral("bd6f9f37-7295-4cd6-b212-134afcef1253");
        QTest::newRow("Josue Sipes") << josue << false;
        QTest::newRow("Wendy Littel")
            << QStringLiteral("34b6332c-71a9-46ad-9d30-17443d77dbd9") << false;
        // A proxy in front of the FHIR store that collapses "//": blood pressure must still come.
        QTest::newRow("Josue Sipes behind a collapsing proxy") << josue << true;
    }

    void patientSeesTheirRealRecord()
    {
        QFETCH(QString, patientId);
        QFETCH(bool, proxyCollapsesDoubleSlash);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("kete.ini")), QSettings::IniFormat);
        MainWindowOptions options =
            windowOptions(&settings, QStringLiteral("org.kete.Kete.tests.realdata"));
        options.demo.dataFolder = m_fixtures;
        options.demo.autoApproveUser = patientId;
        if (proxyCollapsesDoubleSlash)
            options.demo.faults.enable(sandbox::Fault::CollapseDoubleSlash);

        MainWindow window(options);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *demoButton = window.findChild<QPushButton *>(QStringLiteral("demoButton"));
        QVERIFY(demoButton);
        QTest::mouseClick(demoButton, Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(window.patientRecord() && window.patientRecord()->outcome(),
                                 kLoadTimeout);
        record::PatientRecord *record = window.patientRecord();
        const fhir::RecordOutcome &outcome = *record->outcome();
        QVERIFY2(outcome.ok(), outcome.error ? qPrintable(outcome.error->detail) : "");
        QCOMPARE(record->patientId(), patientId);
        RecordView *view = window.recordView();
        QVERIFY(view);
        view->summary()->refresh();
        saveScreenshot(&window, QStringLiteral("realdata-summary-%1.png").arg(patientId.left(8)));

        // Counts equal the server's: every test it holds, every condition.
        const sandbox::ResourceStore &store = window.demoSandbox()->server()->store();
        const QSet<QString> expected = serverTestKeys(store, patientId);
        QVERIFY(expected.size() > 5);
        const models::LabTestsModel &labs = *record->labTests();
        QCOMPARE(modelTestKeys(labs), expected);
        QCOMPARE(record->conditions()->rowCount(), serverConditionCount(store, patientId));

        // Blood pressure arrives (a vital sign searched by code alongside the labs).
        const bool hasBloodPressure =
            std::any_of(expected.cbegin(), expected.cend(), [&](const QString &key) {
                const QList<fhir::Observation> results = labs.observations(key);
                return !results.isEmpty() && fhir::isBloodPressure(results.constLast());
            });
        QVERIFY2(hasBloodPressure, "the server holds blood pressure; Kete must show it");

        // Each test's latest value is the newest on the server.
        const QHash<QString, QDateTime> newest = serverLatest(store, patientId, expected);
        for (int row = 0; row < labs.rowCount(); ++row) {
            const QString key = labs.testKey(row);
            const QDateTime shown =
                labs.index(row, 0).data(models::LabTestsModel::LatestDateRole).toDateTime();
            QVERIFY2(shown == newest.value(key), qPrintable(key));
        }

        // Synthea results carry no range and no interpretation: no flag from the lab, and no
        // "normal" claim. Only blood pressure may be flagged, by Kete's own adult limits, and
        // then marked as computed.
        for (int row = 0; row < labs.rowCount(); ++row) {
            const QModelIndex flag = labs.index(row, models::LabTestsModel::FlagColumn);
            const QString key = labs.testKey(row);
            if (flag.data(models::LabTestsModel::OutOfRangeRole).toBool()) {
                QVERIFY2(flag.data(models::LabTestsModel::ComputedFlagRole).toBool(),
                         qPrintable(key));
                QVERIFY2(fhir::isBloodPressure(labs.observations(key).constLast()),
                         qPrintable(key));
            }
            QVERIFY2(
                !flag.data().toString().contains(QStringLiteral("normal"), Qt::CaseInsensitive),
                qPrintable(key));
        }
        const QString summary = view->summary()->abnormalEmptyText();
        QVERIFY2(!summary.contains(QStringLiteral("within the normal range")), qPrintable(summary));
    }
};

QTEST_MAIN(TestRealDataJourney)
#include "tst_realdatajourney.moc"
