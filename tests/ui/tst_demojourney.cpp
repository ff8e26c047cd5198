#include "charts/trendchart.h"
#include "conditions/conditionsview.h"
#include "dialogs/dialogs.h"
#include "journey.h"
#include "labs/labsview.h"
#include "models/conditionsmodel.h"
#include "models/labhistorymodel.h"
#include "models/labtestsmodel.h"
#include "record/patientbanner.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "record/summaryview.h"
#include "sandbox/server/sandboxhost.h"
#include "shell/busypage.h"
#include "shell/mainwindow.h"
#include "shell/welcomepage.h"
#include "signin/signinbrowser.h"
#include "smart/session.h"
#include "storage/providerstore.h"
#include "support/problemof.h"
#include "widgets/messagebar.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QAreaSeries>
#include <QChart>
#include <QDir>
#include <QDirIterator>
#include <QLoggingCategory>
#include <QMutex>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineView>

using namespace kete;
using namespace kete::ui;

using namespace journey;

// A new user's walk through Kete on real parts: the demo sandbox on its own thread, the SMART
// sign-in in the embedded browser (typed into as a person would, with runJavaScript), the record
// over real HTTP into the views, the real keychain; then sign out and start again.
class TestDemoJourney : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    MainWindowOptions options()
    {
        return windowOptions(m_settings.get(), QStringLiteral("org.kete.Kete.tests.journey"), 3000);
    }

    // Sign-in page, then consent, as the demo patient `login`.
    static void signInThroughBrowser(MainWindow &window, const QString &login)
    {
        QTRY_VERIFY_WITH_TIMEOUT(window.signIn()->browser(), kLoadTimeout);
        SignInBrowser *browser = window.signIn()->browser();
        QWebEngineView *view = browser->view();
        QVERIFY(waitForElement(view, QStringLiteral("#username")));
        saveScreenshot(browser, QStringLiteral("journey-sign-in.png"));
        runJavaScript(view, QStringLiteral("document.querySelector('#username').value = '%1';"
                                           "document.querySelector('#password').value = 'demo';"
                                           "document.querySelector('#sign-in').click();")
                                .arg(login));
        QVERIFY(waitForElement(view, QStringLiteral("#approve")));
        saveScreenshot(browser, QStringLiteral("journey-consent.png"));
        runJavaScript(view, QStringLiteral("document.querySelector('#approve').click();"));
    }

    static void waitForRecord(MainWindow &window)
    {
        QTRY_VERIFY_WITH_TIMEOUT(window.patientRecord() && window.patientRecord()->outcome(),
                                 kLoadTimeout);
        const fhir::RecordOutcome &outcome = *window.patientRecord()->outcome();
        QVERIFY2(outcome.ok(), outcome.error ? qPrintable(outcome.error->detail) : "");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("kete.ini")),
                                                 QSettings::IniFormat);
        previousHandler = qInstallMessageHandler(captureMessage);
        QLoggingCategory::setFilterRules(QStringLiteral("kete.*.debug=true"));
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void demoFromWelcomeToSignOutAndBack()
    {
        MainWindow window(options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *demoButton = window.findChild<QPushButton *>(QStringLiteral("demoButton"));
        QVERIFY(demoButton);
        QTest::mouseClick(demoButton, Qt::LeftButton);
        QVERIFY(window.busyPage()->isVisible());
        saveScreenshot(&window, QStringLiteral("journey-starting.png"));

        signInThroughBrowser(window, QStringLiteral("amy"));
        QTRY_VERIFY_WITH_TIMEOUT(window.recordView(), kLoadTimeout);
        waitForRecord(window);
        record::PatientRecord *record = window.patientRecord();
        RecordView *view = window.recordView();

        // Whose record: the banner says so, and the window title does not.
        QCOMPARE(record->patientId(), QStringLiteral("amy-shaw"));
        QCOMPARE(view->banner()->patientName(), record->patient().displayName());
        QVERIFY(view->banner()->patientName().contains(QStringLiteral("Amy")));
        QCOMPARE(window.windowTitle(), QStringLiteral("Kete"));
        QVERIFY(window.statusText().startsWith(QStringLiteral("Loaded ")));
        saveScreenshot(&window, QStringLiteral("journey-summary.png"));

        // The lab table holds exactly the tests the server holds for Amy.
        const sandbox::ResourceStore &store = window.demoSandbox()->server()->store();
        const QSet<QString> expected = serverTestKeys(store, record->patientId());
        QVERIFY(expected.size() > 10);
        QCOMPARE(modelTestKeys(*record->labTests()), expected);

        // Ctrl+F from the summary finds a lab test, as a person would look for one.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        view->summary()->setFocus();
        QTest::keyClick(view->summary(), Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(view->currentSection(), RecordView::LabsSection);
        QVERIFY(QApplication::focusWidget() &&
                QApplication::focusWidget()->objectName() == QLatin1String("labSearch"));
        LabsView *labs = view->labs();
        const int ldlRow = [&] {
            for (int row = 0; row < record->labTests()->rowCount(); ++row) {
                const QString name = record->labTests()
                                         ->index(row, models::LabTestsModel::NameColumn)
                                         .data()
                                         .toString();
                if (name.contains(QStringLiteral("LDL"), Qt::CaseInsensitive))
                    return row;
            }
            return -1;
        }();
        QVERIFY(ldlRow >= 0);
        labs->selectTest(record->labTests()->testKey(ldlRow));
        QChart *chart = labs->chart()->chart();
        QTRY_VERIFY(!chart->series().isEmpty());
        const bool hasBand = std::any_of(
            chart->series().cbegin(), chart->series().cend(), [](QAbstractSeries *series) {
                return series->type() == QAbstractSeries::SeriesTypeArea;
            });
        QVERIFY(hasBand);
        QVERIFY(labs->historyModel()->rowCount() > 1);
        saveScreenshot(&window, QStringLiteral("journey-labs.png"));

        // Conditions: the filter changes what is listed.
        view->showSection(RecordView::ConditionsSection);
        ConditionsView *conditions = view->conditions();
        conditions->setStatusFilter(models::ConditionsProxyModel::StatusFilter::All);
        const int all = conditions->proxy()->rowCount();
        conditions->setStatusFilter(models::ConditionsProxyModel::StatusFilter::Active);
        const int active = conditions->proxy()->rowCount();
        QCOMPARE(all, record->conditions()->rowCount());
        QVERIFY(active > 0);
        QVERIFY(active < all);
        saveScreenshot(&window, QStringLiteral("journey-conditions.png"));

        // The demo is not remembered: nothing saved, no keychain entry.
        QVERIFY(window.providers()->providers().isEmpty());
        const QByteArray accessToken = window.session()->tokens().accessToken;
        const QByteArray refreshToken = window.session()->tokens().refreshToken;
        QVERIFY(!accessToken.isEmpty());
        QVERIFY(!refreshToken.isEmpty());

        window.signOut();
        QTRY_VERIFY_WITH_TIMEOUT(window.welcomePage()->isVisible(), 20000);
        QVERIFY(!window.patientRecord());
        QVERIFY(!window.session());
        QVERIFY(window.messageBar()->isVisible());
        QVERIFY(window.messageBar()->text().startsWith(QStringLiteral("You are signed out.")));
        saveScreenshot(&window, QStringLiteral("journey-signed-out.png"));

        // Start again: the sandbox is still up, a new sign-in opens the record again.
        QTest::mouseClick(demoButton, Qt::LeftButton);
        signInThroughBrowser(window, QStringLiteral("sam"));
        waitForRecord(window);
        QCOMPARE(window.patientRecord()->patientId(), QStringLiteral("sam-taylor"));

        m_settings->sync();
        QFile settingsFile(m_settings->fileName());
        QByteArray settingsBytes;
        if (settingsFile.open(QIODevice::ReadOnly))
            settingsBytes = settingsFile.readAll();
        QVERIFY(!settingsBytes.contains(accessToken));
        QVERIFY(!settingsBytes.contains(refreshToken));
        QMutexLocker lock(&logMutex);
        const QString log = capturedLog.join(QLatin1Char('\n'));
        QVERIFY(!log.contains(QString::fromLatin1(accessToken)));
        QVERIFY(!log.contains(QString::fromLatin1(refreshToken)));
    }

    void cancelWhileTheDemoStartsStaysCancelled()
    {
        MainWindow window(options());
        window.show();
        window.startDemo();
        QVERIFY(window.busyPage()->isVisible());
        auto *cancel = window.busyPage()->findChild<QPushButton *>(QStringLiteral("busyCancel"));
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(window.welcomePage()->isVisible());
        // The sandbox finishes starting behind the scenes; no sign-in window appears by itself.
        QTRY_VERIFY_WITH_TIMEOUT(window.demoSandbox() && window.demoSandbox()->isRunning(),
                                 kLoadTimeout);
        QTest::qWait(200);
        QVERIFY(!window.signIn()->isRunning());
        QVERIFY(!window.signIn()->browser());
        QVERIFY(window.welcomePage()->isVisible());
        // Asked again, the running sandbox is used at once.
        window.startDemo();
        QTRY_VERIFY_WITH_TIMEOUT(window.signIn()->browser(), kLoadTimeout);
    }

    void savedProviderReopensWithoutSignIn()
    {
        const auto server = startSandbox(1000);
        QVERIFY(server);
        sandbox::SandboxHost &host = *server;
        const QUrl base = host.fhirBaseUrl();

        QByteArray refreshToken;
        QString providerId;
        {
            MainWindow window(options());
            window.show();
            window.connectTo(base);
            signInThroughBrowser(window, QStringLiteral("hemi"));
            waitForRecord(window);
            QCOMPARE(window.patientRecord()->patientId(), QStringLiteral("hemi-walker"));
            QCOMPARE(window.providers()->providers().size(), 1);
            providerId = window.providers()->providers().constFirst().id;
            refreshToken = window.session()->tokens().refreshToken;
            QVERIFY(!refreshToken.isEmpty());

            // The refresh token reaches the keychain (written asynchronously after sign-in).
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return keychainRefreshToken(*window.providers(), providerId) == refreshToken;
                },
                20000));
        }

        // The next start (what main() does): the last provider reopens with no browser at all.
        MainWindow window(options());
        window.show();
        auto *open = window.findChild<QPushButton *>(QStringLiteral("openProvider"));
        QVERIFY(open && open->isVisible());
        saveScreenshot(&window, QStringLiteral("journey-saved-provider.png"));
        window.reopenLastProvider();
        bool browserSeen = false;
        QTRY_VERIFY_WITH_TIMEOUT((browserSeen |= window.signIn()->browser() != nullptr,
                                  window.patientRecord() && window.patientRecord()->outcome()),
                                 kLoadTimeout);
        QVERIFY(!browserSeen);
        QVERIFY(window.patientRecord()->outcome()->ok());
        QCOMPARE(window.patientRecord()->patientId(), QStringLiteral("hemi-walker"));
        // Restored with one refresh grant, which rotated the refresh token.
        QVERIFY(window.session()->tokens().refreshToken != refreshToken);

        // Sign out deletes the keychain entry (and, asked, the copy kept on this computer);
        // forgetting removes the provider.
        dialogs::setNextAnswer(QMessageBox::Discard);
        window.signOut();
        QTRY_VERIFY_WITH_TIMEOUT(window.welcomePage()->isVisible(), 20000);
        QVERIFY(QTest::qWaitFor(
            [&] { return keychainRefreshToken(*window.providers(), providerId).isEmpty(); },
            20000));
        bool forgotten = false;
        window.providers()->forget(providerId, [&](const Result<void> &done) {
            const std::optional<Error> problem = test::problemOf(done);
            QVERIFY(!problem);
            forgotten = true;
        });
        QTRY_VERIFY(forgotten);
        QVERIFY(window.providers()->providers().isEmpty());
    }

    void signedOutProviderIsNotReopenedAtStart()
    {
        const auto server = startSandbox(500);
        QVERIFY(server);
        sandbox::SandboxHost &host = *server;
        {
            MainWindow window(options());
            window.show();
            window.connectTo(host.fhirBaseUrl());
            signInThroughBrowser(window, QStringLiteral("lily"));
            waitForRecord(window);
            QVERIFY(!window.providers()->lastUsedProviderId().isEmpty());
            // Even with its copy kept, a signed-out provider waits to be chosen.
            dialogs::setNextAnswer(QMessageBox::Yes);
            window.signOut();
            QTRY_VERIFY_WITH_TIMEOUT(window.welcomePage()->isVisible(), 20000);
            QVERIFY(window.providers()->lastUsedProviderId().isEmpty());
        }
        MainWindow window(options());
        window.show();
        window.reopenLastProvider();
        QVERIFY(window.welcomePage()->isVisible());
        QVERIFY(!window.signIn()->isRunning());
        // Still listed: the user may open it, and then signs in again.
        QCOMPARE(window.providers()->providers().size(), 1);
    }
};

QTEST_MAIN(TestDemoJourney)
#include "tst_demojourney.moc"
