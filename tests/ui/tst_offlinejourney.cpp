#include "journey.h"
#include "record/patientbanner.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "sandbox/server/sandboxhost.h"
#include "shell/mainwindow.h"
#include "shell/welcomepage.h"
#include "signin/signinbrowser.h"
#include "smart/signin.h"
#include "widgets/messagebar.h"

#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

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
        const auto shown = signInReadAndQuit(options, host->fhirBaseUrl());
        QVERIFY(shown);
        host.reset(); // the provider is down

        MainWindow window(options);
        window.resize(1024, 700);
        window.show();
        // Before anything opens, the welcome page says the record is kept here.
        QTRY_VERIFY([&] {
            const auto *kept =
                window.welcomePage()->findChild<QLabel *>(QStringLiteral("keptCopy"));
            return kept && kept->isVisible() &&
                   kept->text().contains(QStringLiteral("kept on this computer"));
        }());
        window.reopenLastProvider();
        QVERIFY(showsKeptCopy(window, *shown));
        QTRY_VERIFY_WITH_TIMEOUT(window.messageBar()->isVisible() &&
                                     window.messageBar()->text().startsWith(
                                         QStringLiteral("Offline — showing your record as of")),
                                 kLoadTimeout);
        QVERIFY(window.recordView()->banner()->findChildren<QLabel *>().size() > 0);
        saveScreenshot(window, QStringLiteral("offline-reopened.png"));
    }

    // The provider is up but no longer takes the saved sign-in (it expired, or was revoked):
    // the copy stays on screen and says the sign-in has ended, instead of the welcome page.
    void theSignInEndedKeepsTheCopyOnScreen()
    {
        auto host = startSandbox(300);
        QVERIFY(host);
        const quint16 port = quint16(host->fhirBaseUrl().port());
        QSettings settings(m_dir.filePath(QStringLiteral("kete-ended.ini")), QSettings::IniFormat);
        const MainWindowOptions options = windowOptions(
            &settings, QStringLiteral("org.kete.Kete.tests.offlinejourney.ended"), 300);
        const auto shown = signInReadAndQuit(options, host->fhirBaseUrl());
        QVERIFY(shown);
        host.reset();
        host = startSandbox(300, {sandbox::Fault::RefreshTokenExpired}, port);
        QVERIFY(host);

        MainWindow window(options);
        window.resize(1024, 700);
        window.show();
        window.reopenLastProvider();
        QVERIFY(showsKeptCopy(window, *shown));
        QTRY_VERIFY_WITH_TIMEOUT(window.messageBar()->isVisible() &&
                                     window.messageBar()->text().contains(
                                         QStringLiteral("has ended — showing your record as of")),
                                 kLoadTimeout);
        QVERIFY(showsKeptCopy(window, *shown)); // still there after the refusal
        const QStringList lines = [&] {
            QStringList texts;
            for (const QLabel *label : window.findChildren<QLabel *>())
                texts.append(label->text());
            return texts;
        }();
        QVERIFY2(lines.filter(QStringLiteral("Sign-in ended")).size() == 1,
                 qPrintable(lines.join(u'|')));
        saveScreenshot(window, QStringLiteral("offline-sign-in-ended.png"));
    }

private:
    struct Shown
    {
        int results = 0;
        int conditions = 0;
    };

    // Signs in as a patient, waits for the record and its copy on this computer, and quits.
    static std::optional<Shown> signInReadAndQuit(const MainWindowOptions &options,
                                                  const QUrl &fhirBase)
    {
        MainWindow window(options);
        window.resize(1024, 700);
        window.show();
        window.connectTo(fhirBase);
        if (!QTest::qWaitFor([&] { return window.signIn()->browser() != nullptr; }, kLoadTimeout) ||
            !signInAndApprove(window.signIn()->browser()->view(), QStringLiteral("hemi")) ||
            !QTest::qWaitFor(
                [&] { return window.patientRecord() && window.patientRecord()->outcome(); },
                kLoadTimeout))
            return std::nullopt;
        const record::PatientRecord *record = window.patientRecord();
        const Shown shown{record->labTests()->observationCount(), record->conditions()->rowCount()};
        if (shown.results == 0 || !waitUntilCopyKept(window))
            return std::nullopt;
        return shown;
    }

    static bool showsKeptCopy(const MainWindow &window, const Shown &shown)
    {
        if (!QTest::qWaitFor(
                [&] {
                    return window.patientRecord() && window.patientRecord()->isShowingKeptCopy();
                },
                kLoadTimeout))
            return false;
        const record::PatientRecord *record = window.patientRecord();
        return record->labTests()->observationCount() == shown.results &&
               record->conditions()->rowCount() == shown.conditions;
    }

    QTemporaryDir m_dir;
};

QTEST_MAIN(TestOfflineJourney)
#include "tst_offlinejourney.moc"
