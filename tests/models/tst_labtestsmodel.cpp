#include "fhir/bundle.h"
#include "models/labtestsmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>

using namespace kete;
using namespace kete::fhir;
using namespace kete::models;

namespace {

struct Lab
{
    QString id;
    QString loinc;
    QString name;
    double value = 0;
    QString unit;
    QString date;
    QString status = QStringLiteral("final");
    QJsonArray referenceRange = {};
    QString interpretation = {};
};

Observation make(const Lab &lab)
{
    QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), lab.id},
        {QStringLiteral("status"), lab.status},
        {QStringLiteral("category"),
         QJsonArray{QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{{QStringLiteral("code"), QStringLiteral("laboratory")}}}}}}},
        {QStringLiteral("code"),
         QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                     {QStringLiteral("code"), lab.loinc}}}},
             {QStringLiteral("text"), lab.name}}},
        {QStringLiteral("effectiveDateTime"), lab.date},
        {QStringLiteral("valueQuantity"), QJsonObject{{QStringLiteral("value"), lab.value},
                                                      {QStringLiteral("unit"), lab.unit},
                                                      {QStringLiteral("code"), lab.unit}}},
    };
    if (!lab.referenceRange.isEmpty())
        o.insert(QStringLiteral("referenceRange"), lab.referenceRange);
    if (!lab.interpretation.isEmpty())
        o.insert(QStringLiteral("interpretation"),
                 QJsonArray{QJsonObject{
                     {QStringLiteral("coding"),
                      QJsonArray{QJsonObject{{QStringLiteral("code"), lab.interpretation}}}}}});
    auto parsed = parseObservation(o);
    if (!parsed.ok())
        qFatal("fixture did not parse");
    return parsed.value();
}

QJsonArray range(double low, double high, const QString &unit)
{
    return QJsonArray{
        QJsonObject{{QStringLiteral("low"),
                     QJsonObject{{QStringLiteral("value"), low}, {QStringLiteral("code"), unit}}},
                    {QStringLiteral("high"), QJsonObject{{QStringLiteral("value"), high},
                                                         {QStringLiteral("code"), unit}}}}};
}

QString text(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

} // namespace

class TestLabTestsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void rowsAreAppendedWhilePagesArrive()
    {
        LabTestsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.addObservations(
            {make({QStringLiteral("g1"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 5.0,
                   QStringLiteral("mmol/L"), QStringLiteral("2020-01-01")}),
             make({QStringLiteral("k1"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 4.1,
                   QStringLiteral("mmol/L"), QStringLiteral("2020-01-01")})});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 1);
        QCOMPARE(model.rowCount(), 2);

        // Page two: a newer glucose (row changes, no insert), a new test (one insert), a
        // duplicate id and an entered-in-error result (ignored).
        model.addObservations(
            {make({QStringLiteral("g2"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 7.5,
                   QStringLiteral("mmol/L"), QStringLiteral("2021-06-01")}),
             make({QStringLiteral("g1"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 5.0,
                   QStringLiteral("mmol/L"), QStringLiteral("2020-01-01")}),
             make({QStringLiteral("s1"), QStringLiteral("2951-2"), QStringLiteral("Sodium"), 140,
                   QStringLiteral("mmol/L"), QStringLiteral("2021-06-01")}),
             make({QStringLiteral("bad"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 99,
                   QStringLiteral("mmol/L"), QStringLiteral("2022-01-01"),
                   QStringLiteral("entered-in-error")})});
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 2);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(changed.count() >= 1);
        QCOMPARE(changed.constLast().at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(reset.count(), 0);

        QCOMPARE(text(model, 0, LabTestsModel::NameColumn), QStringLiteral("Glucose"));
        QCOMPARE(text(model, 0, LabTestsModel::ValueColumn), QStringLiteral("7.5 mmol/L"));
        QCOMPARE(text(model, 0, LabTestsModel::CountColumn), QStringLiteral("2"));
        QCOMPARE(
            model.index(0, LabTestsModel::DateColumn).data(LabTestsModel::SortRole).toDateTime(),
            QDateTime(QDate(2021, 6, 1), QTime(0, 0)));
        QCOMPARE(model.observations(model.testKey(0)).size(), 2);
        QCOMPARE(model.observations(model.testKey(0)).constLast().id, QStringLiteral("g2"));
        QCOMPARE(model.observationCount(), 4);

        model.clear();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
    }

    // One test with a long history, in pages in random date order (a server without _sort):
    // the results end up oldest first (equal times in the order they arrived). How long a page
    // keeps the GUI thread busy is measured by kete-record-bench, not timed here.
    void longHistoryInRandomOrderStaysOrdered()
    {
        constexpr int kResults = 40000;
        constexpr int kPage = 100; // RecordLoader::kPageSize
        const Observation templ =
            make({QStringLiteral("t"), QStringLiteral("2339-0"), QStringLiteral("Glucose"), 5.0,
                  QStringLiteral("mmol/L"), QStringLiteral("2000-01-01T00:00:00Z"),
                  QStringLiteral("final"), range(3.9, 5.5, QStringLiteral("mmol/L"))});
        const QDateTime start(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
        QList<Observation> all;
        all.reserve(kResults);
        for (int i = 0; i < kResults; ++i) {
            Observation o = templ;
            o.id = QString::number(i);
            // Two results share each minute: ties must keep their arrival order.
            o.effective = FhirDateTime::parse(start.addSecs(60 * (i / 2)).toString(Qt::ISODate));
            o.value.quantity.value = 4.0 + (i % 30) / 10.0;
            all.append(o);
        }
        QRandomGenerator random(11);
        std::shuffle(all.begin(), all.end(), random);
        QHash<QString, int> arrival;
        for (int i = 0; i < kResults; ++i)
            arrival.insert(all.at(i).id, i);

        LabTestsModel model;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < kResults; i += kPage)
            model.addObservations(all.mid(i, kPage));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(inserted.count(), 1);

        const QList<Observation> results = model.observations(model.testKey(0));
        QCOMPARE(results.size(), kResults);
        for (int i = 1; i < kResults; ++i) {
            const QDateTime a = results.at(i - 1).when().toDateTime();
            const QDateTime b = results.at(i).when().toDateTime();
            QVERIFY2(a < b || (a == b && arrival.value(results.at(i - 1).id) <
                                             arrival.value(results.at(i).id)),
                     qPrintable(QString::number(i)));
        }
        QCOMPARE(results.constLast().when().toDateTime(), start.addSecs(60 * (kResults / 2 - 1)));
        QCOMPARE(
            model.index(0, LabTestsModel::DateColumn).data(LabTestsModel::SortRole).toDateTime(),
            start.addSecs(60 * (kResults / 2 - 1)));
        QCOMPARE(model.observationCount(), kResults);
    }

    // Pages that interleave: older, newer and equal times against what is already there.
    void pagesMergeInDateOrder()
    {
        LabTestsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto glucose = [](const char *id, const char *date) {
            return make({QLatin1String(id), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 5,
                         QStringLiteral("mmol/L"), QLatin1String(date)});
        };
        model.addObservations({glucose("c", "2020-03-01"), glucose("a", "2020-01-01")});
        model.addObservations({glucose("e", "2020-05-01"), glucose("b", "2020-02-01"),
                               glucose("c2", "2020-03-01"), glucose("0", "2019-01-01")});
        model.addObservations({glucose("d", "2020-04-01")});
        QStringList ids;
        for (const Observation &o : model.observations(model.testKey(0)))
            ids << o.id;
        QCOMPARE(ids, (QStringList{QStringLiteral("0"), QStringLiteral("a"), QStringLiteral("b"),
                                   QStringLiteral("c"), QStringLiteral("c2"), QStringLiteral("d"),
                                   QStringLiteral("e")}));
        QCOMPARE(
            model.index(0, LabTestsModel::DateColumn).data(LabTestsModel::SortRole).toDateTime(),
            QDateTime(QDate(2020, 5, 1), QTime(0, 0)));
    }

    void sameCodeDifferentUnitIsAnotherTest()
    {
        LabTestsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addObservations(
            {make({QStringLiteral("a"), QStringLiteral("33914-3"), QStringLiteral("eGFR"), 80,
                   QStringLiteral("mL/min"), QStringLiteral("2020-01-01")}),
             make({QStringLiteral("b"), QStringLiteral("33914-3"), QStringLiteral("eGFR"), 82,
                   QStringLiteral("mL/min/{1.73_m2}"), QStringLiteral("2021-01-01")})});
        QCOMPARE(model.rowCount(), 2);
    }

    void flagsRangesAndPanels()
    {
        LabTestsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        Patient woman;
        woman.sex = Sex::Female;
        woman.birthDate = FhirDateTime::parse(u"1980-01-01");
        model.setPatient(woman);
        model.addObservations(
            {make({QStringLiteral("h"), QStringLiteral("718-7"), QStringLiteral("Hemoglobin"), 11.0,
                   QStringLiteral("g/dL"), QStringLiteral("2021-01-01"), QStringLiteral("final"),
                   range(12, 15.5, QStringLiteral("g/dL"))}),
             make({QStringLiteral("k"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 6.9,
                   QStringLiteral("mmol/L"), QStringLiteral("2021-01-01"),
                   QStringLiteral("corrected"), range(3.5, 5.1, QStringLiteral("mmol/L")),
                   QStringLiteral("HH")}),
             make({QStringLiteral("n"), QStringLiteral("2951-2"), QStringLiteral("Sodium"), 140,
                   QStringLiteral("mmol/L"), QStringLiteral("2021-01-01"), QStringLiteral("final"),
                   range(135, 145, QStringLiteral("mmol/L"))})});
        QCOMPARE(text(model, 0, LabTestsModel::FlagColumn), QStringLiteral("Low"));
        QVERIFY(model.index(0, 0).data(LabTestsModel::ComputedFlagRole).toBool());
        QVERIFY(model.index(0, LabTestsModel::FlagColumn)
                    .data(Qt::DecorationRole)
                    .value<QColor>()
                    .isValid());
        QVERIFY(!text(model, 0, LabTestsModel::FlagColumn, Qt::ToolTipRole).isEmpty());
        // The server's own name is shown; the tooltip adds the code behind it.
        QCOMPARE(text(model, 0, LabTestsModel::NameColumn), QStringLiteral("Hemoglobin"));
        QCOMPARE(text(model, 0, LabTestsModel::NameColumn, Qt::ToolTipRole),
                 QStringLiteral("LOINC 718-7"));
        QCOMPARE(text(model, 0, LabTestsModel::RangeColumn), QStringLiteral("12–15.5 g/dL"));
        QCOMPARE(text(model, 1, LabTestsModel::FlagColumn), QStringLiteral("Critical high"));
        QVERIFY(!model.index(1, 0).data(LabTestsModel::ComputedFlagRole).toBool());
        QCOMPARE(text(model, 1, 0, LabTestsModel::StatusBadgeRole), QStringLiteral("Corrected"));
        QCOMPARE(text(model, 2, LabTestsModel::FlagColumn), QString());
        QVERIFY(!model.index(2, 0).data(LabTestsModel::OutOfRangeRole).toBool());
        QVERIFY(!model.index(2, LabTestsModel::FlagColumn).data(Qt::DecorationRole).isValid());
        QCOMPARE(text(model, 0, 0, Qt::AccessibleTextRole),
                 QStringLiteral("Hemoglobin, 11 g/dL, Low (computed by Kete), normal range 12 to "
                                "15.5 g/dL, ") +
                     text(model, 0, LabTestsModel::DateColumn));

        // A man's range is different: flags follow the patient.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setPatient(Patient{});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(text(model, 0, LabTestsModel::FlagColumn), QStringLiteral("Low")); // generic range

        DiagnosticReport panel;
        panel.code.text = QStringLiteral("Electrolytes");
        panel.resultIds = {QStringLiteral("k"), QStringLiteral("n")};
        model.addReports({panel});
        QCOMPARE(text(model, 1, LabTestsModel::PanelColumn), QStringLiteral("Electrolytes"));
        QCOMPARE(text(model, 0, LabTestsModel::PanelColumn), QString());
    }

    void panelObservationsNameTheirMembers()
    {
        LabTestsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addObservations(
            {make({QStringLiteral("w"), QStringLiteral("6690-2"), QStringLiteral("WBC"), 6.1,
                   QStringLiteral("10*3/uL"), QStringLiteral("2021-01-01")})});
        QJsonObject panel{
            {QStringLiteral("resourceType"), QStringLiteral("Observation")},
            {QStringLiteral("id"), QStringLiteral("cbc")},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("code"), QJsonObject{{QStringLiteral("text"), QStringLiteral("CBC")}}},
            {QStringLiteral("effectiveDateTime"), QStringLiteral("2021-01-01")},
            {QStringLiteral("hasMember"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("reference"), QStringLiteral("Observation/w")}}}}};
        const Observation grouper = parseObservation(panel).value();
        QVERIFY(grouper.isPanel());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.addObservations({grouper});
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(text(model, 0, LabTestsModel::PanelColumn), QStringLiteral("CBC"));
    }

    void proxyFiltersSortsAndGroups()
    {
        LabTestsModel model;
        LabTestsProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addObservations(
            {make({QStringLiteral("1"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 9,
                   QStringLiteral("mmol/L"), QStringLiteral("2021-03-01"), QStringLiteral("final"),
                   range(3.9, 7.8, QStringLiteral("mmol/L"))}),
             make({QStringLiteral("2"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 4,
                   QStringLiteral("mmol/L"), QStringLiteral("2021-01-01")}),
             make({QStringLiteral("3"), QStringLiteral("718-7"), QStringLiteral("Hemoglobin"), 14,
                   QStringLiteral("g/dL"), QStringLiteral("2021-02-01")})});
        DiagnosticReport bmp;
        bmp.code.text = QStringLiteral("Basic Metabolic Panel");
        bmp.resultIds = {QStringLiteral("1"), QStringLiteral("2")};
        model.addReports({bmp});

        proxy.sort(LabTestsModel::DateColumn, Qt::DescendingOrder);
        QCOMPARE(text(proxy, 0, 0), QStringLiteral("Glucose"));
        QCOMPARE(text(proxy, 2, 0), QStringLiteral("Potassium"));

        proxy.sort(LabTestsModel::NameColumn, Qt::AscendingOrder);
        QCOMPARE(text(proxy, 0, 0), QStringLiteral("Glucose"));
        QCOMPARE(text(proxy, 1, 0), QStringLiteral("Hemoglobin"));

        proxy.setGroupByPanel(true);
        QCOMPARE(text(proxy, 0, 0), QStringLiteral("Glucose"));
        QCOMPARE(text(proxy, 1, 0), QStringLiteral("Potassium"));
        QCOMPARE(text(proxy, 2, 0), QStringLiteral("Hemoglobin")); // no panel: last

        proxy.setSearchText(QStringLiteral("metabolic"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setSearchText(QStringLiteral("718-7"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setSearchText(QStringLiteral("gluc panel"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setSearchText(QString());
        proxy.setOutOfRangeOnly(true);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(text(proxy, 0, 0), QStringLiteral("Glucose"));

        // Rows arriving later go through the live filter and sort.
        proxy.setOutOfRangeOnly(false);
        QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
        model.addObservations(
            {make({QStringLiteral("4"), QStringLiteral("2160-0"), QStringLiteral("Creatinine"), 80,
                   QStringLiteral("umol/L"), QStringLiteral("2021-04-01")})});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(proxy.rowCount(), 4);
    }

    void syntheaLabsMakeOneRowPerCodeAndUnit()
    {
        const QDir dir(qEnvironmentVariable("KETE_FIXTURES"));
        const QStringList files = dir.entryList({QStringLiteral("Josue_Sipes_*.json")});
        if (qEnvironmentVariableIsEmpty("KETE_FIXTURES") || files.isEmpty())
            QSKIP("KETE_FIXTURES not set or missing");
        QFile file(dir.filePath(files.constFirst()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto page = parseBundlePage(file.readAll());
        QVERIFY(page.ok());
        QList<Observation> labs;
        for (const Observation &o : page->observations) {
            if (o.hasCategory(QStringLiteral("laboratory")))
                labs.append(o);
        }
        LabTestsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPatient(page->patients.constFirst());
        // In pages of 50, as a server would send them.
        for (qsizetype i = 0; i < labs.size(); i += 50)
            model.addObservations(labs.mid(i, 50));
        model.addReports(page->reports);
        QCOMPARE(model.observationCount(), 484);
        QCOMPARE(model.rowCount(), 50); // 49 LOINC codes; eGFR comes in two units
        int withPanel = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            withPanel += !text(model, row, LabTestsModel::PanelColumn).isEmpty();
        QVERIFY(withPanel > 0);
    }
};

QTEST_GUILESS_MAIN(TestLabTestsModel)
#include "tst_labtestsmodel.moc"
