#include "charts/trendchart.h"
#include "conditions/conditionsview.h"
#include "fhir/fhirrequest.h"
#include "inspector/connectiondetailsdialog.h"
#include "inspector/connectionlog.h"
#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "record/patientbanner.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "shell/busypage.h"
#include "shell/mainwindow.h"
#include "signin/connectdialog.h"
#include "support/darkpalette.h"
#include "support/fixedtoken.h"
#include "support/screenshot.h"

#include <QApplication>
#include <QChart>
#include <QSettings>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace kete;
using namespace kete::ui;

namespace {

// A dark system palette, every role set (Fusion draws its bevels and focus from them).
using kete::test::darkPalette;

fhir::RequestRecord request(const QString &type, const QString &url, int resources)
{
    fhir::RequestRecord record;
    record.method = QStringLiteral("GET");
    record.resourceType = type;
    record.url = url;
    record.status = 200;
    record.durationMs = 120;
    record.bytes = 2048 * (resources + 1);
    record.pages = 1;
    record.resources = resources;
    return record;
}

} // namespace

// Issue 15: every main screen, light and dark, at the smallest window Kete is made for and at a
// common laptop size, saved to $KETE_SCREENSHOTS for a person to look at: the welcome page,
// Connect, the sign-in busy page, the record's Summary, Lab results with a test's chart and
// history open (the focus on the tests), Conditions, and Connection details.
class TestLabsScreenshots : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QSettings m_settings{m_dir.filePath(QStringLiteral("kete.ini")), QSettings::IniFormat};

    static QString name(const QString &screen, const QSize &size, bool dark)
    {
        return QStringLiteral("screen-%1-%2%3.png")
            .arg(screen)
            .arg(size.width())
            .arg(dark ? QStringLiteral("-dark") : QString());
    }

    static void useMode(bool dark)
    {
        QApplication::setPalette(dark ? darkPalette() : QApplication::style()->standardPalette());
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void cleanup() { useMode(false); }

    void everyScreen_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("dark");
        for (const QSize size : {QSize(1024, 700), QSize(1440, 900)}) {
            for (const bool dark : {false, true})
                QTest::addRow("%dx%d%s", size.width(), size.height(), dark ? " dark" : "")
                    << size << dark;
        }
    }

    void everyScreen()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        useMode(dark);

        // The window before any provider: welcome, then what it shows while signing in.
        {
            MainWindowOptions options;
            options.settings = &m_settings;
            options.keychainService = QStringLiteral("org.kete.Kete.tests.labsscreenshots");
            MainWindow window(options);
            window.resize(size);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            kete::test::saveScreenshot(window, name(QStringLiteral("welcome"), size, dark));
            auto *pages = qobject_cast<QStackedWidget *>(window.busyPage()->parentWidget());
            QVERIFY(pages);
            window.busyPage()->setText(
                QStringLiteral("Waiting for you to sign in at Demo Health…"));
            pages->setCurrentWidget(window.busyPage());
            kete::test::saveScreenshot(window, name(QStringLiteral("signin-busy"), size, dark));
        }

        if (size.width() == 1024) { // dialogs: their own size
            ConnectDialog dialog;
            dialog.setFhirBaseUrl(QUrl(QStringLiteral("https://fhir.example-health.org/r4")));
            kete::test::saveScreenshot(dialog, name(QStringLiteral("connect"), size, dark));

            inspector::ConnectionLog log;
            log.reset(QUrl(QStringLiteral("https://fhir.example-health.org/r4")));
            log.recordRequest(
                request(QStringLiteral("Patient"), QStringLiteral("/r4/Patient/amy"), 1));
            log.recordRequest(request(QStringLiteral("Observation"),
                                      QStringLiteral("/r4/Observation?patient=amy&_count=200"),
                                      184));
            log.recordRequest(request(QStringLiteral("Condition"),
                                      QStringLiteral("/r4/Condition?patient=amy"), 5));
            ConnectionDetailsDialog details(&log);
            details.resize(900, 700);
            kete::test::saveScreenshot(details,
                                       name(QStringLiteral("connection-details"), size, dark));
        }

        // The record: never loaded, the fixtures go straight into its models.
        record::PatientRecord record(std::make_shared<test::FixedToken>(),
                                     QUrl(QStringLiteral("http://127.0.0.1:9/fhir")),
                                     QStringLiteral("amy"));
        const fhir::Patient patient = fixtures::patient();
        record.labTests()->setPatient(patient);
        record.labTests()->addObservations(fixtures::labs());
        record.labTests()->addObservations(fixtures::glanceLabs());
        record.labTests()->addReports(fixtures::reports());
        record.conditions()->setPatient(patient);
        record.conditions()->addConditions(fixtures::conditions());
        RecordView view(&record);
        view.banner()->setPatient(patient.displayName(),
                                  patientDetailsLine(patient, QDate(2026, 12, 7)));
        view.resize(size);
        view.show();
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        kete::test::saveScreenshot(view, name(QStringLiteral("summary"), size, dark));

        view.showSection(RecordView::LabsSection);
        LabsView *labs = view.labs();
        labs->selectTest(
            labs->proxy()->index(1, 0).data(models::LabTestsModel::TestKeyRole).toString());
        QVERIFY(labs->isDetailOpen());
        labs->testsView()->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(labs->chart()->chart()->plotArea().width() > 50);
        kete::test::saveScreenshot(view, name(QStringLiteral("labs"), size, dark));
        labs->chart()->setFocus(Qt::TabFocusReason);
        kete::test::saveScreenshot(view, name(QStringLiteral("labs-chartfocus"), size, dark));

        view.showSection(RecordView::ConditionsSection);
        kete::test::saveScreenshot(view, name(QStringLiteral("conditions"), size, dark));
    }
};

QTEST_MAIN(TestLabsScreenshots)
#include "tst_labsscreenshots.moc"
