// The trend chart's arithmetic, without a widget: periods (bucketing), the value axis with an
// outlier left above it, the time range, the hover words, and what chartData() gives a chart.
#include "models/chartbuckets.h"
#include "models/chartscale.h"
#include "models/charttext.h"
#include "models/chartwindow.h"
#include "models/labhistorymodel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace kete;
using namespace kete::fhir;
using namespace kete::models;

namespace {

ChartPoint point(const QDateTime &time, double value, Flag flag = Flag::Normal,
                 const QString &unit = QStringLiteral("mg/dL"))
{
    ChartPoint p;
    p.time = time;
    p.value = value;
    p.flag = flag;
    p.outOfRange = flag != Flag::Normal && flag != Flag::None;
    p.flagText = flag == Flag::High  ? QStringLiteral("High")
                 : flag == Flag::Low ? QStringLiteral("Low")
                                     : QString();
    p.label = QStringLiteral("%1 %2").arg(value).arg(unit);
    return p;
}

QDateTime at(int year, int month, int day, int hour = 12)
{
    return QDateTime(QDate(year, month, day), QTime(hour, 0));
}

QJsonObject coded(const QString &code)
{
    return QJsonObject{
        {QStringLiteral("coding"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                {QStringLiteral("code"), code}}}}};
}

QJsonObject mmHg(double value)
{
    return QJsonObject{{QStringLiteral("value"), value},
                       {QStringLiteral("unit"), QStringLiteral("mmHg")},
                       {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                       {QStringLiteral("code"), QStringLiteral("mm[Hg]")}};
}

Observation bloodPressure(const QString &id, const QString &date, double systolic, double diastolic)
{
    const QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("code"), coded(QStringLiteral("85354-9"))},
        {QStringLiteral("effectiveDateTime"), date},
        {QStringLiteral("component"),
         QJsonArray{QJsonObject{{QStringLiteral("code"), coded(QStringLiteral("8480-6"))},
                                {QStringLiteral("valueQuantity"), mmHg(systolic)}},
                    QJsonObject{{QStringLiteral("code"), coded(QStringLiteral("8462-4"))},
                                {QStringLiteral("valueQuantity"), mmHg(diastolic)}}}}};
    return parseObservation(o).value();
}

Patient adult()
{
    return parsePatient(QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Patient")},
                                    {QStringLiteral("id"), QStringLiteral("p")},
                                    {QStringLiteral("birthDate"), QStringLiteral("1960-04-02")}})
        .value();
}

} // namespace

class TestLabsChartData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dailyBucketsKeepLowestHighestCountAndFlags()
    {
        const QList<ChartPoint> points{
            point(at(2025, 3, 3, 7), 90),
            point(at(2025, 3, 3, 12), 182, Flag::High),
            point(at(2025, 3, 3, 19), 61, Flag::Low),
            point(at(2025, 3, 5, 8), 95),
        };
        const QList<ChartBucket> days = bucketPoints(points, BucketSize::Day);
        QCOMPARE(days.size(), 2); // 4 March had no result: no bucket
        const ChartBucket &first = days.at(0);
        QCOMPARE(first.first, QDate(2025, 3, 3));
        QCOMPARE(first.last, QDate(2025, 3, 3));
        QCOMPARE(first.count, 3);
        QCOMPARE(first.min, 61.0);
        QCOMPARE(first.max, 182.0);
        QCOMPARE(first.mean, 111.0);
        QCOMPARE(first.high, 1);
        QCOMPARE(first.low, 1);
        QCOMPARE(first.outOfRange(), 2);
        QCOMPARE(first.highest.label, QStringLiteral("182 mg/dL"));
        QCOMPARE(first.lowest.label, QStringLiteral("61 mg/dL"));
        QCOMPARE(first.latest.value, 61.0);
        QCOMPARE(first.time, QDateTime(QDate(2025, 3, 3), QTime(12, 0)));
        QCOMPARE(days.at(1).count, 1);
        QCOMPARE(days.at(1).outOfRange(), 0);
    }

    void weeksStartOnMondayAndMonthsOnTheFirst()
    {
        // Sunday 2 March, Monday 3 March, Sunday 9 March, Monday 10 March 2025.
        const QList<ChartPoint> points{point(at(2025, 3, 2), 100, Flag::High),
                                       point(at(2025, 3, 3), 80), point(at(2025, 3, 9), 70),
                                       point(at(2025, 3, 10), 75)};
        const QList<ChartBucket> weeks = bucketPoints(points, BucketSize::Week);
        QCOMPARE(weeks.size(), 3);
        QCOMPARE(weeks.at(0).first, QDate(2025, 2, 24));
        QCOMPARE(weeks.at(1).first, QDate(2025, 3, 3));
        QCOMPARE(weeks.at(1).last, QDate(2025, 3, 9));
        QCOMPARE(weeks.at(1).count, 2);
        QCOMPARE(weeks.at(1).min, 70.0);
        QCOMPARE(weeks.at(0).high, 1);
        const QList<ChartBucket> months = bucketPoints(points, BucketSize::Month);
        QCOMPARE(months.size(), 1);
        QCOMPARE(months.at(0).first, QDate(2025, 3, 1));
        QCOMPARE(months.at(0).last, QDate(2025, 3, 31));
        QCOMPARE(months.at(0).count, 4);
        // Every result on its own without bucketing.
        QCOMPARE(bucketPoints(points, BucketSize::None).size(), 4);
    }

    void abnormalAndCensoredResultsAreCounted()
    {
        ChartPoint abnormal = point(at(2025, 1, 6), 3, Flag::Abnormal);
        ChartPoint censored = point(at(2025, 1, 7), 0.01);
        censored.censored = true;
        const QList<ChartBucket> weeks = bucketPoints({abnormal, censored}, BucketSize::Week);
        QCOMPARE(weeks.size(), 1);
        QCOMPARE(weeks.at(0).abnormal, 1);
        QCOMPARE(weeks.at(0).censored, 1);
        QCOMPARE(weeks.at(0).outOfRange(), 1);
    }

    void bucketSizeFollowsTheRoom_data()
    {
        QTest::addColumn<int>("points");
        QTest::addColumn<int>("days");
        QTest::addColumn<int>("width");
        QTest::addColumn<BucketSize>("expected");
        QTest::newRow("few results: each drawn") << 40 << 2190 << 600 << BucketSize::None;
        QTest::newRow("as many as fit") << 150 << 2190 << 600 << BucketSize::None;
        QTest::newRow("3 months of home readings: daily") << 400 << 91 << 600 << BucketSize::Day;
        QTest::newRow("a year: weekly") << 1600 << 365 << 600 << BucketSize::Week;
        QTest::newRow("six years, narrow: monthly") << 9600 << 2190 << 600 << BucketSize::Month;
        QTest::newRow("a year, wide: daily") << 1600 << 365 << 2400 << BucketSize::Day;
    }

    void bucketSizeFollowsTheRoom()
    {
        QFETCH(int, points);
        QFETCH(int, days);
        QFETCH(int, width);
        QFETCH(BucketSize, expected);
        const QDateTime first = at(2019, 7, 1);
        QCOMPARE(chooseBucketSize(points, first, first.addDays(days - 1), width), expected);
    }

    void oneSpikeIsLeftAboveTheAxis()
    {
        // Troponin near zero, and one spike: drawn to scale, the rest would be a flat line.
        const QList<double> troponin{0.01, 0.02, 0.01, 45.2, 0.02, 0.03, 0.01};
        const ValueScale scale = chooseValueScale(troponin, std::nullopt, 0.04);
        QVERIFY(scale.isClipped());
        QCOMPARE(scale.clippedAbove, 1);
        QCOMPARE(scale.highestClipped, 45.2);
        QVERIFY2(scale.max < 0.1, qPrintable(QString::number(scale.max)));
        QVERIFY(scale.max >= 0.04); // the normal range stays in view
        QCOMPARE(scale.min, 0.0);

        // Without clipping, the spike is in view.
        const ValueScale whole = chooseValueScale(troponin, std::nullopt, 0.04, false);
        QVERIFY(!whole.isClipped());
        QVERIFY(whole.max >= 45.2);
    }

    void spreadValuesAreNotClipped()
    {
        const QList<double> glucose{82, 95, 140, 210, 160, 99, 180, 75, 120, 250};
        const ValueScale scale = chooseValueScale(glucose, 70, 99);
        QVERIFY(!scale.isClipped());
        QVERIFY(scale.max >= 250);
        QVERIFY(scale.min <= 70);
        // Too few results to call one an outlier.
        QVERIFY(!chooseValueScale({0.01, 0.02, 45.2}, std::nullopt, 0.04).isClipped());
        // Never more than 5% of the results above the axis.
        QList<double> many(40, 1.0);
        many << 500 << 600 << 700;
        const ValueScale capped = chooseValueScale(many, std::nullopt, std::nullopt);
        QVERIFY(!capped.isClipped() || capped.clippedAbove <= 2);
    }

    void axisBoundsAreRoundAndHoldTheRange()
    {
        const ValueScale scale = chooseValueScale({4.1, 5.3, 6.8}, 3.9, 5.5);
        QVERIFY(scale.min <= 3.9);
        QVERIFY(scale.max >= 6.8);
        const double step = (scale.max - scale.min) / (scale.tickCount - 1);
        for (const double bound : {scale.min, scale.max})
            QCOMPARE(std::remainder(bound, step) + 1.0, 1.0); // multiples of the step
        QVERIFY(scale.tickCount >= 3 && scale.tickCount <= 12);
        // Nothing but a range, or a single value, still gives an axis.
        const ValueScale single = chooseValueScale({7}, std::nullopt, std::nullopt);
        QVERIFY(single.min < 7 && single.max > 7);
    }

    void timeRangeEndsAtTheLatestResult()
    {
        LabChartData data;
        ChartSeries series{QStringLiteral("Glucose"), QStringLiteral("mg/dL"), {}};
        // Monthly results from January 2018 to June 2024 (78 results).
        for (int i = 0; i < 78; ++i)
            series.points.append(point(at(2018, 1, 15).addMonths(i), 100));
        data.series = {series};
        data.normalHigh = 99;
        QCOMPARE(latestTime(data), at(2024, 6, 15));
        QCOMPARE(timeRangeStart(TimeRange::ThreeMonths, latestTime(data)), at(2024, 3, 15));
        const auto count = [&](TimeRange range) {
            return withinTimeRange(data, range).series.constFirst().points.size();
        };
        QCOMPARE(count(TimeRange::ThreeMonths), 4); // March to June
        QCOMPARE(count(TimeRange::OneYear), 13);
        QCOMPARE(count(TimeRange::FiveYears), 61);
        QCOMPARE(count(TimeRange::All), 78);
        QCOMPARE(withinTimeRange(data, TimeRange::OneYear).normalHigh, std::optional<double>(99));
    }

    void hoverTextHasValueUnitFlagAndDate()
    {
        const QLocale locale(QLocale::English, QLocale::UnitedKingdom);
        ChartPoint high = point(at(2024, 3, 5, 8), 7.8, Flag::High, QStringLiteral("mmol/L"));
        high.when = FhirDateTime::parse(QStringLiteral("2024-03-05T08:00:00Z"));
        const QString text = pointHoverText(high, {}, locale);
        QVERIFY2(text.startsWith(QStringLiteral("7.8 mmol/L · High · ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("05/03/2024")), qPrintable(text));

        ChartPoint dateOnly = point(at(2024, 3, 5, 0), 5.1, Flag::Normal, QStringLiteral("mmol/L"));
        dateOnly.when = FhirDateTime::parse(QStringLiteral("2024-03-05"));
        QCOMPARE(pointHoverText(dateOnly, {}, locale),
                 QStringLiteral("5.1 mmol/L · Within normal range · 05/03/2024"));
        // Without a range there is no flag, and the text says so rather than "normal".
        ChartPoint unflagged = dateOnly;
        unflagged.flag = Flag::None;
        QCOMPARE(pointHoverText(unflagged, QStringLiteral("Systolic"), locale),
                 QStringLiteral("Systolic 5.1 mmol/L · No flag · 05/03/2024"));
    }

    void periodHoverTextSummarisesThePeriod()
    {
        const QLocale locale(QLocale::English, QLocale::UnitedKingdom);
        const QList<ChartPoint> points{point(at(2025, 3, 3), 82),
                                       point(at(2025, 3, 4), 190, Flag::High),
                                       point(at(2025, 3, 6), 106, Flag::High)};
        const ChartBucket week = bucketPoints(points, BucketSize::Week).constFirst();
        QCOMPARE(bucketHoverText(week, BucketSize::Week, QStringLiteral("mg/dL"), {}, locale),
                 QStringLiteral("Week of 03/03/2025 · 3 results · lowest 82 mg/dL, highest 190 "
                                "mg/dL, average 126.0 mg/dL · 2 high"));
        const ChartBucket month = bucketPoints(points, BucketSize::Month).constFirst();
        QVERIFY(bucketHoverText(month, BucketSize::Month, QStringLiteral("mg/dL"), {}, locale)
                    .startsWith(QStringLiteral("March 2025 · 3 results")));
        QCOMPARE(clippedText(1, QStringLiteral("45.2 ng/mL")),
                 QStringLiteral("↑ 1 result above the chart: 45.2 ng/mL"));
        QCOMPARE(clippedText(3, QStringLiteral("45.2 ng/mL")),
                 QStringLiteral("↑ 3 results above the chart, up to 45.2 ng/mL"));
    }

    void bloodPressureSeriesCarryTheLimitsTheFlagsUse()
    {
        const LabChartData chart =
            chartData({bloodPressure(QStringLiteral("1"), QStringLiteral("2024-01-10"), 128, 84),
                       bloodPressure(QStringLiteral("2"), QStringLiteral("2024-06-10"), 146, 92)},
                      adult());
        QCOMPARE(chart.series.size(), 2);
        QCOMPARE(chart.series.at(0).normalLow, std::optional<double>(90));
        QCOMPARE(chart.series.at(0).normalHigh, std::optional<double>(140));
        QCOMPARE(chart.series.at(1).normalLow, std::optional<double>(60));
        QCOMPARE(chart.series.at(1).normalHigh, std::optional<double>(90));
        const ChartPoint &latest = chart.series.at(0).points.constLast();
        QCOMPARE(latest.flag, Flag::High);
        QCOMPARE(latest.flagText, QStringLiteral("High"));
        QVERIFY(latest.when.isValid());
        // Age unknown (or a child): no adult limits, and no lines the flags do not use.
        const LabChartData child = chartData(
            {bloodPressure(QStringLiteral("1"), QStringLiteral("2024-01-10"), 100, 60)}, Patient{});
        QVERIFY(!child.series.at(0).normalHigh);
    }

    void textOnlyResultsAreCountedButNotPlotted()
    {
        const QJsonObject text{{QStringLiteral("resourceType"), QStringLiteral("Observation")},
                               {QStringLiteral("id"), QStringLiteral("u")},
                               {QStringLiteral("status"), QStringLiteral("final")},
                               {QStringLiteral("code"), coded(QStringLiteral("5767-9"))},
                               {QStringLiteral("effectiveDateTime"), QStringLiteral("2020-01-01")},
                               {QStringLiteral("valueString"), QStringLiteral("Clear")}};
        const LabChartData chart = chartData({parseObservation(text).value()}, Patient{});
        QVERIFY(!chart.hasPoints());
        QCOMPARE(chart.resultCount, 1);
    }
};

QTEST_GUILESS_MAIN(TestLabsChartData)
#include "tst_labschartdata.moc"
