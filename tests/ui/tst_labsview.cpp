#include "charts/trendchart.h"
#include "fhir/bundle.h"
#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/labhistorymodel.h"
#include "models/labtestsmodel.h"
#include "support/screenshot.h"

#include <QAbstractItemModelTester>
#include <QAreaSeries>
#include <QChart>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QScatterSeries>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::models;
using namespace kete::ui;

namespace {

QStringList column(const QAbstractItemModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << model.index(row, column).data().toString();
    return values;
}

QString keyOf(const LabTestsModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, LabTestsModel::NameColumn).data().toString() == name)
            return model.testKey(row);
    return QString();
}

template<typename T> QList<T *> seriesOf(const QChart *chart)
{
    QList<T *> result;
    for (QAbstractSeries *series : chart->series())
        if (auto *typed = qobject_cast<T *>(series);
            typed && typed->metaObject() == &T::staticMetaObject)
            result << typed;
    return result;
}

QAbstractSeries *seriesNamed(const QChart *chart, const QString &objectName)
{
    for (QAbstractSeries *series : chart->series())
        if (series->objectName() == objectName)
            return series;
    return nullptr;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestLabsView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void init()
    {
        m_model = std::make_unique<LabTestsModel>();
        m_modelTester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_view = std::make_unique<LabsView>(m_model.get());
        m_proxyTester = std::make_unique<QAbstractItemModelTester>(
            m_view->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_historyTester = std::make_unique<QAbstractItemModelTester>(
            m_view->historyModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_view->resize(1100, 820);
    }

    void cleanup()
    {
        m_historyTester.reset();
        m_proxyTester.reset();
        m_view.reset();
        m_modelTester.reset();
        m_model.reset();
    }

    void emptyUntilResultsArrive()
    {
        QCOMPARE(m_view->emptyStateText(), QStringLiteral("No lab results yet"));
        QCOMPARE(m_view->selectedTestKey(), QString());
        load();
        QCOMPARE(m_view->emptyStateText(), QString());
        QVERIFY(m_view->testsView()->isVisibleTo(m_view.get()));
    }

    void tableRowsGroupedByPanel()
    {
        load();
        const QAbstractItemModel &proxy = *m_view->proxy();
        QCOMPARE(proxy.rowCount(), 6);
        // Panels alphabetically, each sorted by name; tests without a panel last.
        QCOMPARE(column(proxy, LabTestsModel::NameColumn),
                 (QStringList{QStringLiteral("Blood sugar (glucose)"), QStringLiteral("Potassium"),
                              QStringLiteral("Haemoglobin"), QStringLiteral("Blood pressure"),
                              QStringLiteral("Haemoglobin A1c"),
                              QStringLiteral("Inflammation marker (CRP)")}));
        QCOMPARE(column(proxy, LabTestsModel::FlagColumn),
                 (QStringList{QStringLiteral("High"), QString(), QStringLiteral("Low"),
                              QStringLiteral("High"), QStringLiteral("High"), QString()}));
        QCOMPARE(proxy.index(0, LabTestsModel::ValueColumn).data().toString(),
                 QStringLiteral("7.8 mmol/L"));
        QCOMPARE(proxy.index(3, LabTestsModel::ValueColumn).data().toString(),
                 QStringLiteral("142/91 mmHg"));
        QCOMPARE(proxy.index(4, 0).data(LabTestsModel::StatusBadgeRole).toString(),
                 QStringLiteral("Preliminary"));
        // The flag is a colour and words, never the colour alone.
        QVERIFY(proxy.index(0, LabTestsModel::FlagColumn)
                    .data(Qt::DecorationRole)
                    .value<QColor>()
                    .isValid());

        auto *table = qobject_cast<QTableView *>(m_view->testsView());
        QVERIFY(table);
        QCOMPARE(table->objectName(), QStringLiteral("labTable"));
        QVERIFY(table->isSortingEnabled());
        QVERIFY(!table->verticalHeader()->isVisibleTo(table));
        QCOMPARE(table->selectionBehavior(), QAbstractItemView::SelectRows);
        QVERIFY(!table->isColumnHidden(LabTestsModel::PanelColumn));
        QCOMPARE(table->horizontalHeader()->visualIndex(LabTestsModel::PanelColumn), 0);

        auto *group = m_view->findChild<QCheckBox *>(QStringLiteral("labGroupByPanel"));
        QVERIFY(group && group->isChecked());
        group->click();
        QVERIFY(!m_view->proxy()->groupByPanel());
        QVERIFY(table->isColumnHidden(LabTestsModel::PanelColumn));
        QCOMPARE(proxy.index(0, LabTestsModel::NameColumn).data().toString(),
                 QStringLiteral("Blood pressure"));
    }

    void saysWhenTheLabSentNoRange()
    {
        load();
        // As Synthea sends it: no referenceRange, no interpretation.
        m_model->addObservations({fixtures::lab(
            {QStringLiteral("cr"), QStringLiteral("38483-4"), QStringLiteral("Creatinine"), 2.79,
             QStringLiteral("mg/dL"), QStringLiteral("2025-01-01")})});
        const QString creatinine = keyOf(*m_model, QStringLiteral("Creatinine (kidney function)"));
        const QModelIndex row = m_model->index(m_model->rowForTestKey(creatinine), 0);
        QCOMPARE(row.siblingAtColumn(LabTestsModel::RangeColumn).data().toString(),
                 QStringLiteral("no range from the lab"));
        QCOMPARE(row.siblingAtColumn(LabTestsModel::FlagColumn).data().toString(), QString());
        QVERIFY(!row.data(LabTestsModel::HasRangeRole).toBool());
        const QString glucose = keyOf(*m_model, QStringLiteral("Blood sugar (glucose)"));
        QVERIFY(m_model->index(m_model->rowForTestKey(glucose), 0)
                    .data(LabTestsModel::HasRangeRole)
                    .toBool());
        m_view->selectTest(creatinine);
        auto *summary = m_view->findChild<QLabel *>(QStringLiteral("labDetailSummary"));
        QVERIFY(summary);
        QVERIFY2(summary->text().contains(QStringLiteral("no range from the lab")),
                 qPrintable(summary->text()));
        QVERIFY(!summary->text().contains(QStringLiteral("normal range no range")));
    }

    // A blood pressure without a range (as Synthea sends it) is flagged by Kete's adult limits:
    // the range cell says which limits, so the "computed" flag beside it has its reason.
    void bloodPressureWithoutRangeNamesTheLimitsUsed()
    {
        load();                                   // earlier readings that came with ranges
        m_model->setPatient(fixtures::patient()); // an adult: the usual adult limits apply
        fhir::Observation reading = fixtures::bloodPressure(QStringLiteral("bp-synthea"),
                                                            QStringLiteral("2025-03-01"), 151, 88);
        for (fhir::ObservationComponent &part : reading.components)
            part.referenceRanges.clear();
        m_model->addObservations({reading});
        const QModelIndex row = m_model->index(
            m_model->rowForTestKey(keyOf(*m_model, QStringLiteral("Blood pressure"))), 0);
        QVERIFY(row.isValid());
        QCOMPARE(row.siblingAtColumn(LabTestsModel::FlagColumn).data().toString(),
                 QStringLiteral("High (systolic)"));
        QCOMPARE(row.siblingAtColumn(LabTestsModel::RangeColumn).data().toString(),
                 QStringLiteral("no range from the lab; adult limits 90/60–140/90 mmHg used"));
    }

    void searchFiltersAndSaysWhenNothingMatches()
    {
        load();
        auto *search = m_view->findChild<QLineEdit *>(QStringLiteral("labSearch"));
        QVERIFY(search);
        QCOMPARE(search->placeholderText(), QStringLiteral("Search tests…"));
        QVERIFY(!search->accessibleName().isEmpty());

        QTest::keyClicks(search, QStringLiteral("hemo"));
        QCOMPARE(column(*m_view->proxy(), LabTestsModel::NameColumn),
                 (QStringList{QStringLiteral("Haemoglobin"), QStringLiteral("Haemoglobin A1c")}));
        search->clear();
        QTest::keyClicks(search, QStringLiteral("metabolic")); // panel names are searched too
        QCOMPARE(m_view->proxy()->rowCount(), 2);
        search->clear();
        QTest::keyClicks(search, QStringLiteral("zinc"));
        QCOMPARE(m_view->proxy()->rowCount(), 0);
        QCOMPARE(m_view->emptyStateText(), QStringLiteral("No test matches “zinc”"));
        QVERIFY(!m_view->testsView()->isVisibleTo(m_view.get()));
        search->clear();
        QCOMPARE(m_view->proxy()->rowCount(), 6);
        QCOMPARE(m_view->emptyStateText(), QString());

        auto *outOfRange = m_view->findChild<QCheckBox *>(QStringLiteral("labOutOfRangeOnly"));
        QVERIFY(outOfRange && !outOfRange->isChecked());
        outOfRange->click();
        QCOMPARE(
            column(*m_view->proxy(), LabTestsModel::NameColumn),
            (QStringList{QStringLiteral("Blood sugar (glucose)"), QStringLiteral("Haemoglobin"),
                         QStringLiteral("Blood pressure"), QStringLiteral("Haemoglobin A1c")}));
        QTest::keyClicks(search, QStringLiteral("potassium"));
        QCOMPARE(m_view->emptyStateText(), QStringLiteral("No test matches “potassium”"));
    }

    void selectingATestFillsChartAndHistory()
    {
        load();
        QSignalSpy selected(m_view.get(), &LabsView::selectedTestChanged);
        const QString glucose = keyOf(*m_model, QStringLiteral("Blood sugar (glucose)"));
        m_view->selectTest(glucose);
        QCOMPARE(m_view->selectedTestKey(), glucose);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(m_view->testsView()->currentIndex().row(), 0);
        QVERIFY(m_view->testsView()->selectionModel()->isRowSelected(0, {}));

        const LabHistoryModel *history = m_view->historyModel();
        QCOMPARE(history->rowCount(), 3);
        QCOMPARE(column(*history, LabHistoryModel::ValueColumn),
                 (QStringList{QStringLiteral("7.8 mmol/L"), QStringLiteral("6 mmol/L"),
                              QStringLiteral("5.2 mmol/L")}));
        QCOMPARE(history->index(0, LabHistoryModel::PerformerColumn).data().toString(),
                 QStringLiteral("Demo Health Lab"));
        QCOMPARE(m_view->historyView()->model(), history);

        const QChart *chart = m_view->chart()->chart();
        QCOMPARE(m_view->chart()->objectName(), QStringLiteral("labChart"));
        QCOMPARE(m_view->chart()->subject(), QStringLiteral("Blood sugar (glucose)"));
        QCOMPARE(seriesOf<QLineSeries>(chart).size(), 1);
        QCOMPARE(seriesOf<QLineSeries>(chart).constFirst()->count(), 3);
        auto *band = qobject_cast<QAreaSeries *>(seriesNamed(chart, QStringLiteral("normalRange")));
        QVERIFY(band);
        QCOMPARE(band->upperSeries()->at(0).y(), 5.5);
        QCOMPARE(band->lowerSeries()->at(0).y(), 3.9);
        auto *high =
            qobject_cast<QScatterSeries *>(seriesNamed(chart, QStringLiteral("outOfRange")));
        QVERIFY(high);
        QCOMPARE(high->count(), 2); // 6.0 and 7.8
        QVERIFY(!seriesNamed(chart, QStringLiteral("censored")));

        const QString crp = keyOf(*m_model, QStringLiteral("Inflammation marker (CRP)"));
        m_view->selectTest(crp);
        QCOMPARE(m_view->historyModel()->rowCount(), 2);
        QVERIFY(m_view->historyModel()->index(1, 0).data(LabHistoryModel::CensoredRole).toBool());
        auto *censored = qobject_cast<QScatterSeries *>(
            seriesNamed(m_view->chart()->chart(), QStringLiteral("censored")));
        QVERIFY(censored);
        QCOMPARE(censored->count(), 1);
        QCOMPARE(censored->at(0).y(), 0.5);

        m_view->selectTest(QStringLiteral("blood-pressure"));
        const QChart *bp = m_view->chart()->chart();
        QList<QLineSeries *> lines = seriesOf<QLineSeries>(bp);
        // The ranges sent with the parts (up to 130, up to 85) are dashed lines (labschart).
        const qsizetype limits = lines.removeIf(
            [](QLineSeries *line) { return line->objectName() == QLatin1String("normalLimit"); });
        QCOMPARE(limits, qsizetype(2));
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0)->name(), QStringLiteral("Systolic"));
        QCOMPARE(lines.at(1)->name(), QStringLiteral("Diastolic"));
        QCOMPARE(lines.at(0)->at(1).y(), 142.0);

        const QString a1c = keyOf(*m_model, QStringLiteral("Haemoglobin A1c"));
        m_view->selectTest(a1c);
        QCOMPARE(m_view->historyModel()->index(0, LabHistoryModel::StatusColumn).data().toString(),
                 QStringLiteral("Preliminary"));
        QCOMPARE(selected.count(), 4);
    }

    void mouseAndKeyboardMoveTheSelection()
    {
        load();
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        auto *table = m_view->testsView();
        const QRect second = table->visualRect(table->model()->index(1, LabTestsModel::NameColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, second.center());
        QCOMPARE(m_view->selectedTestKey(), keyOf(*m_model, QStringLiteral("Potassium")));
        QCOMPARE(m_view->historyModel()->rowCount(), 2);

        table->setFocus();
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(m_view->selectedTestKey(), keyOf(*m_model, QStringLiteral("Haemoglobin")));
        QCOMPARE(m_view->historyModel()->rowCount(), 1);
        QCOMPARE(m_view->chart()->subject(), QStringLiteral("Haemoglobin"));
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(m_view->selectedTestKey(), QStringLiteral("blood-pressure"));
        QTest::keyClick(table, Qt::Key_Up);
        QCOMPARE(m_view->selectedTestKey(), keyOf(*m_model, QStringLiteral("Haemoglobin")));

        QTest::keyClick(table, Qt::Key_Return); // Enter opens the chart
        QVERIFY(m_view->chart()->hasFocus());
        QCOMPARE(m_view->selectedTestKey(), keyOf(*m_model, QStringLiteral("Haemoglobin")));
    }

    void focusSearchThenDownReturnsToTheTable()
    {
        load();
        m_view->show();
        QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
        m_view->testsView()->setFocus();
        QVERIFY(m_view->testsView()->hasFocus());
        m_view->focusSearch(); // Ctrl+F, from anywhere in the record (RecordView)
        auto *search = m_view->findChild<QLineEdit *>(QStringLiteral("labSearch"));
        QVERIFY(search->hasFocus());
        QTest::keyClick(search, Qt::Key_Down);
        QVERIFY(m_view->testsView()->hasFocus());
        QCOMPARE(m_view->selectedTestKey(),
                 keyOf(*m_model, QStringLiteral("Blood sugar (glucose)")));
    }

    void selectionSurvivesPagesArriving()
    {
        load();
        const QString potassium = keyOf(*m_model, QStringLiteral("Potassium"));
        m_view->selectTest(potassium);
        QCOMPARE(m_view->testsView()->currentIndex().row(), 1);
        QSignalSpy selected(m_view.get(), &LabsView::selectedTestChanged);

        // A later page: a test that sorts before it, and a newer potassium result.
        m_model->addObservations(
            {fixtures::lab({QStringLiteral("al1"), QStringLiteral("1751-7"),
                            QStringLiteral("Albumin"), 41, QStringLiteral("g/L"),
                            QStringLiteral("2025-02-03")}),
             fixtures::lab({QStringLiteral("k3"), QStringLiteral("2823-3"),
                            QStringLiteral("Potassium"), 5.9, QStringLiteral("mmol/L"),
                            QStringLiteral("2025-03-01"), 3.5, 5.1})});
        m_model->addReports({fixtures::report(QStringLiteral("r3"), QStringLiteral("24326-1"),
                                              QStringLiteral("Basic metabolic panel"),
                                              {QStringLiteral("al1"), QStringLiteral("k3")})});
        QCOMPARE(m_view->proxy()->rowCount(), 7);
        QCOMPARE(m_view->selectedTestKey(), potassium);
        const QModelIndex current = m_view->testsView()->currentIndex();
        QCOMPARE(current.data(LabTestsModel::TestKeyRole).toString(), potassium);
        QCOMPARE(current.row(), 2); // Albumin (blood protein) now comes first in the panel
        QVERIFY(m_view->testsView()->selectionModel()->isRowSelected(2, {}));
        QCOMPARE(m_view->testsView()->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(selected.count(), 0);
        // The detail shows the new result.
        QCOMPARE(m_view->historyModel()->rowCount(), 3);
        QCOMPARE(m_view->historyModel()->index(0, LabHistoryModel::ValueColumn).data().toString(),
                 QStringLiteral("5.9 mmol/L"));
        QCOMPARE(seriesOf<QLineSeries>(m_view->chart()->chart()).constFirst()->count(), 3);

        // Filtered out, the detail follows the filter to the test left (labsfilterdetail).
        auto *search = m_view->findChild<QLineEdit *>(QStringLiteral("labSearch"));
        search->setText(QStringLiteral("glucose"));
        const QString glucose = keyOf(*m_model, QStringLiteral("Blood sugar (glucose)"));
        QCOMPARE(m_view->selectedTestKey(), glucose);
        search->clear();
        QCOMPARE(m_view->testsView()->currentIndex().data(LabTestsModel::TestKeyRole).toString(),
                 glucose);

        m_model->clear();
        QCOMPARE(m_view->selectedTestKey(), QString());
        QCOMPARE(m_view->historyModel()->rowCount(), 0);
        QCOMPARE(m_view->emptyStateText(), QStringLiteral("No lab results yet"));
    }

    void csvExports()
    {
        load();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString tablePath = dir.filePath(QStringLiteral("labs.csv"));
        m_view->findChild<QLineEdit *>(QStringLiteral("labSearch"))
            ->setText(QStringLiteral("gluc"));
        QVERIFY(m_view->exportTestsCsv(tablePath).ok());
        const QByteArray bytes = readAll(tablePath);
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const QString table = QString::fromUtf8(bytes.mid(3));
        const QStringList lines = table.split(QStringLiteral("\r\n"));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), QStringLiteral("Test,LOINC code,Panel,Date/time (ISO 8601),Value,"
                                             "Unit (UCUM),Flag,Reference range"));
        QCOMPARE(lines.at(1), QStringLiteral("Blood sugar (glucose),2345-7,Basic metabolic panel,"
                                             "2025-02-03,7.8,mmol/L,High,3.9–5.5 mmol/L"));

        QVERIFY(!m_view->exportHistoryCsv(dir.filePath(QStringLiteral("none.csv"))).ok());
        m_view->selectTest(keyOf(*m_model, QStringLiteral("Potassium")));
        const QString historyPath = dir.filePath(QStringLiteral("potassium.csv"));
        QVERIFY(m_view->exportHistoryCsv(historyPath).ok());
        const QString history = QString::fromUtf8(readAll(historyPath).mid(3));
        QCOMPARE(history, QStringLiteral(
                              "Patient,Birth date,MRN,Test,LOINC code,Date/time (ISO 8601),Value,"
                              "Unit (UCUM),Flag,Reference range,Status,Performed by,Note\r\n"
                              ",,,Potassium,2823-3,2025-02-03,4.4,mmol/L,,3.5–5.1 mmol/L,,"
                              "Demo Health Lab,\"'=1+2, haemolysed sample\"\r\n"
                              ",,,Potassium,2823-3,2024-01-12,4.1,mmol/L,,3.5–5.1 mmol/L,,,\r\n"));

        const auto failed =
            m_view->exportTestsCsv(dir.filePath(QStringLiteral("missing/labs.csv")));
        QVERIFY(!failed.ok());
        QVERIFY(!failed.error().message.isEmpty());
    }

    void summaryHtmlAndPdf()
    {
        m_model->setPatient(fixtures::patient());
        load();
        m_model->addObservations({fixtures::lab(
            {QStringLiteral("x1"), QStringLiteral("99999-9"), QStringLiteral("<b>Odd</b> & test"),
             1, QStringLiteral("U/L"), QStringLiteral("2025-01-01")})});
        const QString html = m_view->summaryHtml();
        QVERIFY(html.contains(QStringLiteral("Lab results for Amy Shaw")));
        QVERIFY(html.contains(QStringLiteral("&lt;b&gt;Odd&lt;/b&gt; &amp; test")));
        QVERIFY(!html.contains(QStringLiteral("<b>Odd")));
        const qsizetype bmp = html.indexOf(QStringLiteral("<h2>Basic metabolic panel</h2>"));
        const qsizetype cbc = html.indexOf(QStringLiteral("<h2>Complete blood count</h2>"));
        const qsizetype other = html.indexOf(QStringLiteral("<h2>Other tests</h2>"));
        QVERIFY(bmp >= 0 && cbc > bmp && other > cbc);
        QVERIFY(html.indexOf(QStringLiteral(
                    "<td>Blood sugar (glucose)</td><td class=\"nowrap\">7.8 mmol/L</td>"
                    "<td>3.9–5.5 mmol/L</td><td class=\"flag\">High (computed)</td>"
                    "<td class=\"nowrap\">03/02/2025</td>")) > bmp);
        QVERIFY(html.indexOf(QStringLiteral(
                    "<td>Haemoglobin A1c</td><td class=\"nowrap\">6.9 %</td>")) > other);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("labs.pdf"));
        const auto written = m_view->exportSummaryPdf(path);
        QVERIFY(written.ok());
        const QByteArray pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pdf.size() > 2000);
        QVERIFY(!m_view->exportSummaryPdf(dir.filePath(QStringLiteral("no/such/dir/x.pdf"))).ok());
    }

    // A long text range (and a long name) in the detail must not widen the window or squeeze
    // what sits beside the view: the text wraps or is cut, the window keeps its size.
    void longTextRangeKeepsTheWindowWidth()
    {
        load();
        const QString rangeText = QStringLiteral(
            "Non-diabetic: below 5.7 %; prediabetes: 5.7 to 6.4 %; diabetes: 6.5 % or more. "
            "Reference intervals per IFCC/NGSP harmonisation, see "
            "https://example.org/laboratory/reference-intervals/haemoglobin-a1c-ifcc-ngsp-2024");
        const QString name = QStringLiteral("Hemoglobin A1c/Hemoglobin.total in Blood by HPLC, "
                                            "IFCC and NGSP harmonised method");
        QJsonObject o{
            {QStringLiteral("resourceType"), QStringLiteral("Observation")},
            {QStringLiteral("id"), QStringLiteral("long")},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("code"), fixtures::concept_(QStringLiteral("http://loinc.org"),
                                                        QStringLiteral("17856-6"), name)},
            {QStringLiteral("effectiveDateTime"), QStringLiteral("2025-03-01")},
            {QStringLiteral("valueQuantity"), fixtures::quantity(8.3, QStringLiteral("%"))},
            {QStringLiteral("referenceRange"),
             QJsonArray{QJsonObject{{QStringLiteral("text"), rangeText}}}}};
        m_model->addObservations({fhir::parseObservation(o).value()});

        QWidget window;
        auto *layout = new QHBoxLayout(&window);
        auto *sidebar = new QListWidget(&window);
        sidebar->addItems({QStringLiteral("Summary"), QStringLiteral("Lab results")});
        sidebar->setMaximumWidth(180);
        layout->addWidget(sidebar);
        m_view->setParent(&window);
        const auto giveBack = qScopeGuard([this] { m_view->setParent(nullptr); });
        layout->addWidget(m_view.get(), 1);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const int windowWidth = window.width();
        const int sidebarWidth = sidebar->width();
        // Shown by its plain name; the long name stays in the detail (labDetailCode).
        m_view->selectTest(m_model->testKey(m_model->rowCount() - 1));
        QCOMPARE(m_view->selectedTestKey(), m_model->testKey(m_model->rowCount() - 1));
        QTest::qWait(50);
        QCOMPARE(window.width(), windowWidth);
        QCOMPARE(sidebar->width(), sidebarWidth);
        QVERIFY2(window.minimumSizeHint().width() <= windowWidth,
                 qPrintable(QString::number(window.minimumSizeHint().width())));
        kete::test::saveScreenshot(window, QStringLiteral("labsview-longrange.png"));
    }

    void accessibleNamesAndScreenshot()
    {
        m_model->setPatient(fixtures::patient());
        load();
        m_view->selectTest(keyOf(*m_model, QStringLiteral("Blood sugar (glucose)")));
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        for (QWidget *widget : m_view->findChildren<QWidget *>()) {
            if (widget->objectName().startsWith(QLatin1String("lab")) &&
                (qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget) ||
                 qobject_cast<QAbstractItemView *>(widget) || qobject_cast<TrendChart *>(widget)))
                QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
        }
        for (const char *name : {"labSearch", "labTable", "labChart", "labHistory"})
            QVERIFY2(m_view->findChild<QWidget *>(QLatin1String(name)), name);
        kete::test::saveScreenshot(*m_view, QStringLiteral("labsview.png"));
        m_view->selectTest(QStringLiteral("blood-pressure"));
        kete::test::saveScreenshot(*m_view, QStringLiteral("labsview-bloodpressure.png"));
    }

    void syntheaRecordScreenshot()
    {
        const QDir dir(qEnvironmentVariable("KETE_FIXTURES"));
        const QStringList files = dir.entryList({QStringLiteral("Josue_Sipes_*.json")});
        if (qEnvironmentVariableIsEmpty("KETE_FIXTURES") || files.isEmpty())
            QSKIP("KETE_FIXTURES not set or missing");
        const auto page = fhir::parseBundlePage(readAll(dir.filePath(files.constFirst())));
        QVERIFY(page.ok());
        QList<fhir::Observation> labs;
        for (const fhir::Observation &o : page->observations)
            if (o.hasCategory(QStringLiteral("laboratory")))
                labs.append(o);
        m_model->setPatient(page->patients.constFirst());
        for (qsizetype i = 0; i < labs.size(); i += 50)
            m_model->addObservations(labs.mid(i, 50));
        m_model->addReports(page->reports);
        QCOMPARE(m_view->proxy()->rowCount(), 50);
        m_view->selectTest(
            m_view->proxy()->index(0, 0).data(LabTestsModel::TestKeyRole).toString());
        QVERIFY(m_view->historyModel()->rowCount() > 0);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        kete::test::saveScreenshot(*m_view, QStringLiteral("labsview-synthea.png"));
    }

private:
    void load()
    {
        m_model->addObservations(fixtures::labs());
        m_model->addReports(fixtures::reports());
    }

    std::unique_ptr<LabTestsModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<LabsView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    std::unique_ptr<QAbstractItemModelTester> m_historyTester;
};

QTEST_MAIN(TestLabsView)
#include "tst_labsview.moc"
