#include "models/flowsheetcsv.h"
#include "models/flowsheetmodel.h"
#include "models/labtestsmodel.h"
#include "ui/labfixtures.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace kete;
using models::FlowsheetModel;
using models::LabTestsModel;

// Issue 16: the flowsheet, tests × draws, over the record's lab results.
class TestFlowsheetModel : public QObject
{
    Q_OBJECT

private:
    static const QString kBmp;

    static void fill(LabTestsModel &tests)
    {
        tests.setPatient(fixtures::patient());
        tests.addObservations(fixtures::labs());
        tests.addReports(fixtures::reports());
    }

    static int rowOf(const FlowsheetModel &model, const QString &loinc)
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.loincCode(row) == loinc)
                return row;
        }
        return -1;
    }

    static QString keyOf(const QString &id)
    {
        for (const fhir::Observation &o : fixtures::labs()) {
            if (o.id == id)
                return LabTestsModel::testKeyFor(o);
        }
        return {};
    }

    static fhir::Observation potassium(const QString &id, double value, const QString &date,
                                       const QString &interpretation = {})
    {
        return fixtures::lab({id,
                              QStringLiteral("2823-3"),
                              QStringLiteral("Potassium"),
                              value,
                              QStringLiteral("mmol/L"),
                              date,
                              3.5,
                              5.1,
                              QStringLiteral("final"),
                              {},
                              interpretation});
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void panelIsItsTestsByDrawsNewestFirst()
    {
        LabTestsModel tests;
        fill(tests);
        FlowsheetModel model(&tests);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.showPanel(kBmp);

        // Glucose and potassium: the BMP's tests; not haemoglobin (a CBC) nor HbA1c.
        QCOMPARE(model.rowCount(), 2);
        const int glucose = rowOf(model, QStringLiteral("2345-7"));
        const int potassium = rowOf(model, QStringLiteral("2823-3"));
        QVERIFY(glucose >= 0 && potassium >= 0);
        // The three draws, newest first.
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.allDrawCount(), 3);
        QVERIFY(!model.hasEarlierDraws());
        QCOMPARE(model.drawTime(0).date(), QDate(2025, 2, 3));
        QCOMPARE(model.drawTime(2).date(), QDate(2023, 1, 10));
        QCOMPARE(model.headerData(0, Qt::Horizontal, FlowsheetModel::DrawTimeRole).toDateTime(),
                 model.drawTime(0).toDateTime());

        // Values without units, the flag in letters and in colour; the unit and range on the row.
        const QModelIndex high = model.index(glucose, 0);
        QCOMPARE(high.data().toString(), QStringLiteral("7.8 H"));
        QCOMPARE(high.data(FlowsheetModel::FlagRole).toInt(), int(fhir::Flag::High));
        QVERIFY(high.data(FlowsheetModel::OutOfRangeRole).toBool());
        QVERIFY(high.data(Qt::DecorationRole).value<QColor>().isValid());
        QCOMPARE(high.data(FlowsheetModel::ObservationIdRole).toString(), QStringLiteral("g3"));
        QVERIFY(high.data(Qt::ToolTipRole).toString().contains(QStringLiteral("High")));
        QVERIFY(
            high.data(Qt::AccessibleTextRole).toString().contains(QStringLiteral("normal range")));
        const QModelIndex normal = model.index(potassium, 0);
        QCOMPARE(normal.data().toString(), QStringLiteral("4.4"));
        QVERIFY(!normal.data(Qt::DecorationRole).isValid());
        // No potassium in the oldest draw: an empty cell that says so.
        const QModelIndex none = model.index(potassium, 2);
        QVERIFY(none.data().toString().isEmpty());
        QVERIFY(none.data(FlowsheetModel::ObservationIdRole).toString().isEmpty());
        QVERIFY(!none.data(Qt::ToolTipRole).toString().isEmpty());
        const QString header = model.headerData(potassium, Qt::Vertical).toString();
        QVERIFY2(header.contains(QStringLiteral("5.1")), qPrintable(header));
        QVERIFY2(header.contains(QStringLiteral("mmol/L")), qPrintable(header));
    }

    void criticalResultsAreEmphasisedInWordsToo()
    {
        LabTestsModel tests;
        fill(tests);
        tests.addObservations({potassium(QStringLiteral("k3"), 6.8, QStringLiteral("2025-03-01"),
                                         QStringLiteral("HH"))});
        tests.addReports({fixtures::report(QStringLiteral("r3"), QStringLiteral("51990-0"), kBmp,
                                           {QStringLiteral("k3")})});
        FlowsheetModel model(&tests);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.showPanel(kBmp);
        const QModelIndex critical = model.index(rowOf(model, QStringLiteral("2823-3")), 0);
        QCOMPARE(critical.data(FlowsheetModel::ObservationIdRole).toString(), QStringLiteral("k3"));
        QCOMPARE(critical.data().toString(), QStringLiteral("6.8 HH ‼"));
        QVERIFY(critical.data(FlowsheetModel::CriticalRole).toBool());
        QVERIFY(critical.data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(critical.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Critical")));
        // An ordinary high is not bold.
        const QModelIndex high = model.index(rowOf(model, QStringLiteral("2345-7")), 1);
        QVERIFY(!high.data(Qt::FontRole).value<QFont>().bold());
    }

    void earlierDrawsAreReachedBackInTime()
    {
        LabTestsModel tests;
        tests.setPatient(fixtures::patient());
        QList<fhir::Observation> results;
        QStringList ids;
        for (int i = 0; i < 25; ++i) {
            const QString id = QStringLiteral("k%1").arg(i);
            results << potassium(id, 4.0 + i / 100.0,
                                 QDate(2020, 1, 1).addDays(i * 30).toString(Qt::ISODate));
            ids << id;
        }
        tests.addObservations(results);
        tests.addReports(
            {fixtures::report(QStringLiteral("r"), QStringLiteral("51990-0"), kBmp, ids)});
        FlowsheetModel model(&tests);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.showPanel(kBmp);
        QCOMPARE(model.allDrawCount(), 25);
        QCOMPARE(model.columnCount(), FlowsheetModel::kDrawStep);
        QVERIFY(model.hasEarlierDraws());
        QCOMPARE(model.index(0, 0).data(FlowsheetModel::ObservationIdRole).toString(),
                 QStringLiteral("k24"));

        QSignalSpy inserted(&model, &QAbstractItemModel::columnsInserted);
        model.showEarlierDraws();
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.columnCount(), 2 * FlowsheetModel::kDrawStep);
        model.showEarlierDraws();
        QCOMPARE(model.columnCount(), 25);
        QVERIFY(!model.hasEarlierDraws());
        QCOMPARE(model.index(0, 24).data(FlowsheetModel::ObservationIdRole).toString(),
                 QStringLiteral("k0"));
        model.setDrawLimit(5);
        QCOMPARE(model.columnCount(), 5);
    }

    void chosenTestsShowAllTheirResults()
    {
        LabTestsModel tests;
        fill(tests);
        FlowsheetModel model(&tests);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString crp = keyOf(QStringLiteral("c1"));
        const QString hb = keyOf(QStringLiteral("h1"));
        model.showTests({crp, hb});
        QVERIFY(model.panel().isEmpty());
        QCOMPARE(model.testKeys(), (QStringList{crp, hb}));
        QCOMPARE(model.columnCount(), 2); // 2025-02-03 (both), 2024-06-01 (CRP)
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("< 0.5"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("11.2 L"));
        QVERIFY(model.index(1, 1).data().toString().isEmpty());
    }

    void laterPagesAreTakenIn()
    {
        LabTestsModel tests;
        fill(tests);
        FlowsheetModel model(&tests);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.showPanel(kBmp);
        QCOMPARE(model.columnCount(), 3);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        // A result, and then the report that names it a BMP's.
        tests.addObservations({potassium(QStringLiteral("k9"), 3.1, QStringLiteral("2025-05-01"))});
        tests.addReports({fixtures::report(QStringLiteral("r9"), QStringLiteral("51990-0"), kBmp,
                                           {QStringLiteral("k9")})});
        QTRY_COMPARE(model.columnCount(), 4);
        QCOMPARE(reset.count(), 1); // once per turn of the event loop, not per change
        QCOMPARE(model.index(rowOf(model, QStringLiteral("2823-3")), 0).data().toString(),
                 QStringLiteral("3.1 L"));
        tests.clear();
        QTRY_COMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 0);
    }

    void csvIsTheGridAsShown()
    {
        LabTestsModel tests;
        fill(tests);
        FlowsheetModel model(&tests);
        model.showPanel(kBmp);
        const QStringList lines =
            models::flowsheetCsv(model).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), QStringLiteral("Test,LOINC,Unit,Normal range,2025-02-03,2024-01-12,"
                                             "2023-01-10"));
        const int glucose = rowOf(model, QStringLiteral("2345-7"));
        const QString row = lines.at(1 + glucose);
        QVERIFY2(row.contains(QStringLiteral(",2345-7,mmol/L,")), qPrintable(row));
        QVERIFY2(row.endsWith(QStringLiteral(",7.8 H,6 H,5.2")), qPrintable(row));
        const QString potassiumRow = lines.at(1 + rowOf(model, QStringLiteral("2823-3")));
        QVERIFY2(potassiumRow.endsWith(QStringLiteral(",4.4,4.1,")), qPrintable(potassiumRow));
    }
};

const QString TestFlowsheetModel::kBmp = QStringLiteral("Basic metabolic panel");

QTEST_GUILESS_MAIN(TestFlowsheetModel)
#include "tst_flowsheetmodel.moc"
