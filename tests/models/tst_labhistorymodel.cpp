#include "models/labhistorymodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace kete;
using namespace kete::fhir;
using namespace kete::models;

namespace {

QJsonObject quantity(double value, const QString &unit, const QString &comparator = {})
{
    QJsonObject q{{QStringLiteral("value"), value},
                  {QStringLiteral("unit"), unit},
                  {QStringLiteral("code"), unit}};
    if (!comparator.isEmpty())
        q.insert(QStringLiteral("comparator"), comparator);
    return q;
}

QJsonObject coded(const QString &code)
{
    return QJsonObject{
        {QStringLiteral("coding"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                {QStringLiteral("code"), code}}}}};
}

Observation observation(const QString &id, const QString &date, const QJsonObject &value,
                        const QJsonObject &extra = {})
{
    QJsonObject o{{QStringLiteral("resourceType"), QStringLiteral("Observation")},
                  {QStringLiteral("id"), id},
                  {QStringLiteral("status"), QStringLiteral("final")},
                  {QStringLiteral("code"), coded(QStringLiteral("1988-5"))},
                  {QStringLiteral("effectiveDateTime"), date},
                  {QStringLiteral("valueQuantity"), value}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    auto parsed = parseObservation(o);
    if (!parsed.ok())
        qFatal("fixture did not parse");
    return parsed.value();
}

const QJsonArray kRange{QJsonObject{
    {QStringLiteral("high"), QJsonObject{{QStringLiteral("value"), 5.0},
                                         {QStringLiteral("code"), QStringLiteral("mg/L")}}}}};

Observation bloodPressure(const QString &id, const QString &date, double systolic, double diastolic,
                          const QString &legacyCode = QStringLiteral("85354-9"))
{
    QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("code"), coded(legacyCode)},
        {QStringLiteral("effectiveDateTime"), date},
        {QStringLiteral("component"),
         QJsonArray{
             QJsonObject{
                 {QStringLiteral("code"), coded(QStringLiteral("8480-6"))},
                 {QStringLiteral("valueQuantity"), quantity(systolic, QStringLiteral("mm[Hg]"))},
                 {QStringLiteral("referenceRange"),
                  QJsonArray{QJsonObject{
                      {QStringLiteral("high"), QJsonObject{{QStringLiteral("value"), 130}}}}}}},
             QJsonObject{{QStringLiteral("code"), coded(QStringLiteral("8462-4"))},
                         {QStringLiteral("valueQuantity"),
                          quantity(diastolic, QStringLiteral("mm[Hg]"))}}}}};
    return parseObservation(o).value();
}

} // namespace

class TestLabHistoryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void newestFirstWithFlagsStatusPerformerNote()
    {
        LabHistoryModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const QJsonObject details{
            {QStringLiteral("status"), QStringLiteral("amended")},
            {QStringLiteral("referenceRange"), kRange},
            {QStringLiteral("performer"),
             QJsonArray{QJsonObject{{QStringLiteral("display"), QStringLiteral("Acme Lab")}}}},
            {QStringLiteral("note"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("text"), QStringLiteral("Repeat in 3 months")}}}}};
        model.setResults({observation(QStringLiteral("old"), QStringLiteral("2019-01-01"),
                                      quantity(2, QStringLiteral("mg/L")),
                                      QJsonObject{{QStringLiteral("referenceRange"), kRange}}),
                          observation(QStringLiteral("new"), QStringLiteral("2021-01-01"),
                                      quantity(12, QStringLiteral("mg/L")), details),
                          observation(QStringLiteral("err"), QStringLiteral("2022-01-01"),
                                      quantity(99, QStringLiteral("mg/L")),
                                      QJsonObject{{QStringLiteral("status"),
                                                   QStringLiteral("entered-in-error")}})},
                         Patient{});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(
            cell(0, LabHistoryModel::DateColumn, LabHistoryModel::SortRole).toDateTime().date(),
            QDate(2021, 1, 1));
        QCOMPARE(cell(0, LabHistoryModel::ValueColumn).toString(), QStringLiteral("12 mg/L"));
        QCOMPARE(cell(0, LabHistoryModel::FlagColumn).toString(), QStringLiteral("High"));
        QVERIFY(cell(0, LabHistoryModel::FlagColumn, Qt::DecorationRole).value<QColor>().isValid());
        QCOMPARE(cell(0, LabHistoryModel::StatusColumn).toString(), QStringLiteral("Amended"));
        QCOMPARE(cell(0, LabHistoryModel::PerformerColumn).toString(), QStringLiteral("Acme Lab"));
        QCOMPARE(cell(0, LabHistoryModel::NoteColumn).toString(),
                 QStringLiteral("Repeat in 3 months"));
        QCOMPARE(cell(0, 0, Qt::AccessibleTextRole).toString(),
                 cell(0, LabHistoryModel::DateColumn).toString() +
                     QStringLiteral(", 12 mg/L, High, Amended"));
        QCOMPARE(cell(1, LabHistoryModel::FlagColumn).toString(), QString());
        QCOMPARE(cell(1, 0, LabHistoryModel::ObservationIdRole).toString(), QStringLiteral("old"));

        model.clear();
        QCOMPARE(reset.count(), 2);
        QCOMPARE(model.rowCount(), 0);
    }

    void chartSeriesKeepUnitsApartAndMarkCensoredPoints()
    {
        const QList<Observation> results{
            observation(QStringLiteral("a"), QStringLiteral("2019-01-01"),
                        quantity(3, QStringLiteral("mg/L")),
                        QJsonObject{{QStringLiteral("referenceRange"), kRange}}),
            observation(QStringLiteral("b"), QStringLiteral("2020-01-01"),
                        quantity(0.3, QStringLiteral("mg/L"), QStringLiteral("<")),
                        QJsonObject{{QStringLiteral("referenceRange"), kRange}}),
            observation(QStringLiteral("c"), QStringLiteral("2021-01-01"),
                        quantity(8, QStringLiteral("mg/L")),
                        QJsonObject{{QStringLiteral("referenceRange"), kRange}}),
            observation(QStringLiteral("d"), QStringLiteral("2020-06-01"),
                        quantity(30, QStringLiteral("mg/dL"))), // other unit
        };
        const LabChartData chart = chartData(results, Patient{});
        QCOMPARE(chart.series.size(), 1);
        const ChartSeries &series = chart.series.constFirst();
        QCOMPARE(series.unit, QStringLiteral("mg/L"));
        QCOMPARE(series.points.size(), 3);
        QCOMPARE(series.points.at(0).time.date(), QDate(2019, 1, 1));
        QVERIFY(!series.points.at(0).censored);
        QVERIFY(series.points.at(1).censored);
        QCOMPARE(series.points.at(1).comparator, Comparator::Less);
        QCOMPARE(series.points.at(1).label, QStringLiteral("< 0.3 mg/L"));
        QVERIFY(series.points.at(2).outOfRange);
        QVERIFY(!series.points.at(0).outOfRange);
        QVERIFY(!chart.normalLow);
        QCOMPARE(chart.normalHigh, std::optional<double>(5.0));
    }

    void bloodPressureGivesTwoSeries()
    {
        const LabChartData chart =
            chartData({bloodPressure(QStringLiteral("1"), QStringLiteral("2020-01-01"), 120, 80),
                       bloodPressure(QStringLiteral("2"), QStringLiteral("2021-01-01"), 150, 95,
                                     QStringLiteral("55284-4"))},
                      Patient{});
        QCOMPARE(chart.series.size(), 2);
        QCOMPARE(chart.series.at(0).name, QStringLiteral("Systolic"));
        QCOMPARE(chart.series.at(0).points.size(), 2);
        QCOMPARE(chart.series.at(1).points.at(1).value, 95.0);
        QVERIFY(chart.series.at(0).points.at(1).outOfRange);
        QVERIFY(!chart.series.at(0).points.at(0).outOfRange);
        QCOMPARE(chart.unit, QStringLiteral("mmHg"));
    }

    void nothingToChart()
    {
        QVERIFY(chartData({}, Patient{}).isEmpty());
        QJsonObject text{{QStringLiteral("resourceType"), QStringLiteral("Observation")},
                         {QStringLiteral("code"), coded(QStringLiteral("5767-9"))},
                         {QStringLiteral("effectiveDateTime"), QStringLiteral("2020-01-01")},
                         {QStringLiteral("valueString"), QStringLiteral("Clear")}};
        QVERIFY(chartData({parseObservation(text).value()}, Patient{}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLabHistoryModel)
#include "tst_labhistorymodel.moc"
