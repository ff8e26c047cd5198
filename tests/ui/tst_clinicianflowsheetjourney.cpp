#include "clinician/clinicianworkspace.h"
#include "clinician/patientsearchview.h"
#include "journey.h"
#include "labs/flowsheetview.h"
#include "labs/labsview.h"
#include "models/flowsheetmodel.h"
#include "models/labtestsmodel.h"
#include "models/patientlistmodel.h"
#include "record/patientbanner.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "sandbox/server/sandboxhost.h"
#include "shell/mainwindow.h"
#include "signin/signinbrowser.h"
#include "support/darkpalette.h"

#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QWebEngineView>

using namespace kete;
using namespace kete::ui;
using namespace journey;

// Issue 16: a clinician's desk driven by the keyboard alone (no mouse event anywhere in Kete's
// own window), from the demo's sign-in to two open patients and a panel's flowsheet, checked
// against what the sandbox holds. The provider's sign-in pages are filled in as the other
// journeys do (they are the provider's web pages, not Kete's).
class TestClinicianFlowsheetJourney : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    static constexpr auto kBmpLoinc = "51990-0";

    static void key(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget *target = QApplication::focusWidget();
        QVERIFY2(target, "nothing has the keyboard focus");
        QTest::keyClick(target, Qt::Key(key), modifiers);
    }

    static void type(const QString &text)
    {
        QWidget *target = QApplication::focusWidget();
        QVERIFY(target);
        QTest::keyClicks(target, text);
    }

    static void signInAsClinician(MainWindow &window, const QString &patientId)
    {
        QTRY_VERIFY_WITH_TIMEOUT(window.signIn()->browser(), kLoadTimeout);
        QWebEngineView *view = window.signIn()->browser()->view();
        QVERIFY(waitForElement(view, QStringLiteral("#username")));
        runJavaScript(view, QStringLiteral("document.querySelector('#username').value = "
                                           "'dr.parata';"
                                           "document.querySelector('#password').value = 'demo';"
                                           "document.querySelector('#sign-in').click();"));
        QVERIFY(waitForElement(view, QStringLiteral("#continue")));
        runJavaScript(view,
                      QStringLiteral("document.querySelector('input[name=patient][value=\"%1\"]')"
                                     ".checked = true;"
                                     "document.querySelector('#continue').click();")
                          .arg(patientId));
        QVERIFY(waitForElement(view, QStringLiteral("#approve")));
        runJavaScript(view, QStringLiteral("document.querySelector('#approve').click();"));
        QTRY_VERIFY_WITH_TIMEOUT(window.clinicianWorkspace(), kLoadTimeout);
    }

    static void waitForLoaded(record::PatientRecord *record)
    {
        QVERIFY(record);
        QTRY_VERIFY_WITH_TIMEOUT(record->outcome().has_value(), kLoadTimeout);
        QVERIFY(record->outcome()->ok());
    }

    // The patient's BMP results as the server holds them: the results its BMP reports list.
    static QHash<QString, fhir::Observation> serverPanelResults(const sandbox::ResourceStore &store,
                                                                const QString &patientId)
    {
        QHash<QString, fhir::Observation> results;
        for (const QJsonObject &report : store.all(QStringLiteral("DiagnosticReport"))) {
            if (sandbox::ResourceStore::patientOf(report) != patientId)
                continue;
            const auto parsed = fhir::parseDiagnosticReport(report);
            if (!parsed.ok() || !parsed.value().code.codings.size() ||
                parsed.value().code.codings.constFirst().code != QLatin1String(kBmpLoinc))
                continue;
            for (const QString &id : parsed.value().resultIds) {
                const auto json = store.read(QStringLiteral("Observation"), id);
                if (!json)
                    continue;
                const auto observation = fhir::parseObservation(*json);
                if (observation.ok() && !observation.value().isHidden())
                    results.insert(id, observation.value());
            }
        }
        return results;
    }

    static void screenshots(MainWindow &window, const QString &name)
    {
        saveScreenshot(&window, name + QStringLiteral(".png"));
        const QPalette light = QApplication::palette();
        QApplication::setPalette(test::darkPalette());
        saveScreenshot(&window, name + QStringLiteral("-dark.png"));
        QApplication::setPalette(light);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("kete.ini")),
                                                 QSettings::IniFormat);
    }

    void keyboardOnlyToTwoPatientsAndAFlowsheet()
    {
        MainWindow window(windowOptions(m_settings.get(),
                                        QStringLiteral("org.kete.Kete.tests.clinicianflowsheet")));
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *demo = window.findChild<QPushButton *>(QStringLiteral("clinicianDemoButton"));
        QVERIFY(demo && demo->isVisible());
        demo->setFocus(Qt::TabFocusReason);
        key(Qt::Key_Space);
        signInAsClinician(window, QStringLiteral("amy-shaw"));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        ClinicianWorkspace *desk = window.clinicianWorkspace();
        QTabWidget *tabs = desk->tabs();
        waitForLoaded(desk->currentRecord());
        QCOMPARE(desk->currentRecord()->patientId(), QStringLiteral("amy-shaw"));

        // Density: the desk is compact; with the detail closed, 20 and more tests in sight.
        RecordView *amy = desk->currentRecordView();
        amy->showSection(RecordView::LabsSection);
        QTableView *labTable = qobject_cast<QTableView *>(amy->labs()->testsView());
        QVERIFY(labTable);
        QTRY_VERIFY(labTable->model()->rowCount() > 0);
        QVERIFY(!amy->labs()->isDetailOpen());
        const int visibleRows =
            labTable->viewport()->height() / labTable->verticalHeader()->defaultSectionSize();
        QVERIFY2(visibleRows >= 20, qPrintable(QString::number(visibleRows)));
        screenshots(window, QStringLiteral("clinician-desk-labs"));
        amy->showSection(RecordView::SummarySection);

        // Ctrl+Shift+Tab: to "Find a patient"; the name field has the keyboard.
        tabs->currentWidget()->setFocus();
        key(Qt::Key_Tab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->currentIndex(), 0);
        PatientSearchView *finder = desk->searchView();
        QTRY_COMPARE(QApplication::focusWidget(),
                     finder->findChild<QWidget *>(QStringLiteral("searchName")));
        QVERIFY(!finder->openButton()->isEnabled());
        type(QStringLiteral("walker"));
        key(Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!finder->statusText().startsWith(QStringLiteral("Searching")),
                                 20000);
        QCOMPARE(finder->results()->rowCount(), 1);
        // The single match is chosen at once: Open can open her.
        QTRY_VERIFY(finder->openButton()->isEnabled());
        screenshots(window, QStringLiteral("clinician-desk-search"));
        key(Qt::Key_Down);
        QCOMPARE(QApplication::focusWidget(), finder->resultsTable());
        key(Qt::Key_Return);
        QCOMPARE(desk->openPatientCount(), 2);
        waitForLoaded(desk->currentRecord());
        QCOMPARE(desk->currentRecord()->patientId(), QStringLiteral("hemi-walker"));

        // Whose record: every tab names its patient, born and MRN; the title only the one in front.
        for (int tab = 1; tab < tabs->count(); ++tab) {
            const fhir::Patient &patient = desk->patientRecord(tab)->patient();
            QTRY_COMPARE(tabs->tabText(tab), ClinicianWorkspace::tabLabel(patient));
            QVERIFY(tabs->tabText(tab).startsWith(patient.displayName()));
            QVERIFY(tabs->tabText(tab).contains(patient.medicalRecordNumber()));
        }
        QVERIFY(tabs->tabText(1).contains(QStringLiteral("Amy Shaw")));
        QVERIFY(tabs->tabText(2).contains(QStringLiteral("Hemi Walker")));
        QVERIFY(window.windowTitle().contains(QStringLiteral("Hemi Walker")));
        QVERIFY(!window.windowTitle().contains(QStringLiteral("Amy")));
        QVERIFY(desk->recordView(1)->banner()->accent() != desk->recordView(2)->banner()->accent());
        // Ctrl+Tab goes round: Hemi -> Find a patient -> Amy, and back.
        key(Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 0);
        key(Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 1);
        QTRY_VERIFY(window.windowTitle().contains(QStringLiteral("Amy Shaw")));
        key(Qt::Key_Tab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->currentIndex(), 0);
        key(Qt::Key_Tab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->currentIndex(), 2);
        screenshots(window, QStringLiteral("clinician-desk-two-patients"));

        // Ctrl+4: the flowsheet; the chooser has the keyboard; arrows pick the BMP.
        key(Qt::Key_4, Qt::ControlModifier);
        RecordView *hemi = desk->currentRecordView();
        QCOMPARE(hemi->currentSection(), RecordView::FlowsheetSection);
        FlowsheetView *flowsheet = hemi->flowsheet();
        key(Qt::Key_Tab); // from the sections into the flowsheet's chooser
        QComboBox *chooser = flowsheet->chooser();
        QTRY_COMPARE(QApplication::focusWidget(), chooser);
        key(Qt::Key_Home);
        for (int i = 0;
             i < chooser->count() &&
             !chooser->currentText().contains(QStringLiteral("metabolic"), Qt::CaseInsensitive);
             ++i)
            key(Qt::Key_Down);
        QVERIFY2(chooser->currentText().contains(QStringLiteral("metabolic"), Qt::CaseInsensitive),
                 qPrintable(chooser->currentText()));
        models::FlowsheetModel *grid = flowsheet->model();
        QCOMPARE(grid->panel(), chooser->currentText());
        QVERIFY(grid->rowCount() > 0);

        // Back in time with the keyboard: "Show earlier" until every draw is shown.
        auto *earlier = flowsheet->findChild<QPushButton *>(QStringLiteral("flowsheetEarlier"));
        QVERIFY(earlier);
        earlier->setFocus(Qt::TabFocusReason);
        for (int i = 0; i < 100 && grid->hasEarlierDraws(); ++i)
            key(Qt::Key_Space);
        QVERIFY(!grid->hasEarlierDraws());

        // The grid holds the server's BMP results for Hemi: the same results, the same values.
        const sandbox::ResourceStore &store = window.demoSandbox()->server()->store();
        const QHash<QString, fhir::Observation> expected =
            serverPanelResults(store, QStringLiteral("hemi-walker"));
        QVERIFY(expected.size() > 8);
        QSet<qint64> expectedDraws;
        for (const fhir::Observation &o : expected)
            expectedDraws.insert(o.when().toDateTime().toMSecsSinceEpoch());
        QCOMPARE(grid->columnCount(), int(expectedDraws.size()));
        int cells = 0;
        const QLocale locale;
        for (int row = 0; row < grid->rowCount(); ++row) {
            for (int column = 0; column < grid->columnCount(); ++column) {
                const fhir::Observation *shown = grid->result(row, column);
                if (!shown)
                    continue;
                ++cells;
                QVERIFY2(expected.contains(shown->id), qPrintable(shown->id));
                const fhir::Observation &server = expected.value(shown->id);
                QCOMPARE(shown->valueDisplayString(locale), server.valueDisplayString(locale));
                QVERIFY(grid->index(row, column)
                            .data()
                            .toString()
                            .startsWith(models::FlowsheetModel::valueText(server, locale)));
                QCOMPARE(grid->drawTime(column).toDateTime(), server.when().toDateTime());
            }
        }
        QCOMPARE(cells, int(expected.size()));
        grid->setDrawLimit(models::FlowsheetModel::kDrawStep);
        flowsheet->grid()->setFocus(Qt::TabFocusReason);
        screenshots(window, QStringLiteral("clinician-desk-flowsheet"));

        // Ctrl+W closes the patient in front; Amy's tab stays.
        key(Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(desk->openPatientCount(), 1);
        QCOMPARE(desk->patientRecord(1)->patientId(), QStringLiteral("amy-shaw"));
    }
};

QTEST_MAIN(TestClinicianFlowsheetJourney)
#include "tst_clinicianflowsheetjourney.moc"
