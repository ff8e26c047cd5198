#include "charts/trendchart.h"
#include "support/screenshot.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTest>
#include <QValueAxis>

using namespace kete::fhir;
using namespace kete::models;
using namespace kete::ui;

class TestTrendChart : public QObject
{
    Q_OBJECT

private:
    static ChartPoint point(const QDateTime &time, double value, bool outOfRange = false,
                            const QString &label = {}, Comparator comparator = Comparator::None)
    {
        ChartPoint p;
        p.time = time;
        p.value = value;
        p.comparator = comparator;
        p.censored = comparator != Comparator::None;
        p.outOfRange = outOfRange;
        p.label = label;
        return p;
    }

    static LabChartData ldlHistory()
    {
        LabChartData data;
        data.title = QStringLiteral("LDL cholesterol");
        data.unit = QStringLiteral("mg/dL");
        data.normalLow = 0;
        data.normalHigh = 129;
        ChartSeries series{QStringLiteral("LDL cholesterol"), QStringLiteral("mg/dL"), {}};
        const QDateTime start(QDate(2021, 1, 10), QTime(9, 0), Qt::UTC);
        const double values[] = {110, 124, 162, 141, 98};
        for (int i = 0; i < 5; ++i)
            series.points.append(point(start.addMonths(6 * i), values[i], values[i] > 129,
                                       QStringLiteral("%1 mg/dL").arg(values[i])));
        series.points.append(
            point(start.addMonths(33), 20, false, QStringLiteral("< 20 mg/dL"), Comparator::Less));
        data.series.append(series);
        return data;
    }

    template<typename T> static QList<T *> seriesOf(QChart *chart)
    {
        QList<T *> found;
        for (QAbstractSeries *series : chart->series())
            if (auto *typed = qobject_cast<T *>(series))
                found.append(typed);
        return found;
    }

private Q_SLOTS:
    void drawsBandOutOfRangeAndCensoredPoints()
    {
        TrendChart chart;
        chart.resize(800, 400);
        chart.setData(ldlHistory());
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));

        const auto areas = seriesOf<QAreaSeries>(chart.chart());
        QCOMPARE(areas.size(), 1);
        QCOMPARE(areas.first()->upperSeries()->at(0).y(), 129.0);

        QScatterSeries *outOfRange = nullptr, *censored = nullptr, *normal = nullptr;
        for (QScatterSeries *series : seriesOf<QScatterSeries>(chart.chart())) {
            if (series->objectName() == QLatin1String("outOfRange"))
                outOfRange = series;
            else if (series->objectName() == QLatin1String("censored"))
                censored = series;
            else if (series->objectName().isEmpty()) // not the keyboard cursor
                normal = series;
        }
        QVERIFY(outOfRange && censored && normal);
        QCOMPARE(outOfRange->count(), 2);
        QCOMPARE(censored->count(), 1);
        QCOMPARE(normal->count(), 3);
        QCOMPARE(censored->brush().style(), Qt::NoBrush);

        auto *valueAxis = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).first());
        QVERIFY(valueAxis);
        QCOMPARE(valueAxis->titleText(), QStringLiteral("mg/dL"));
        QVERIFY(valueAxis->max() >= 162);
        QVERIFY(qobject_cast<QDateTimeAxis *>(chart.chart()->axes(Qt::Horizontal).first()));

        kete::test::saveScreenshot(chart, QStringLiteral("trendchart.png"));
    }

    void bloodPressureHasTwoSeries()
    {
        LabChartData data;
        data.unit = QStringLiteral("mm[Hg]");
        const QDateTime when(QDate(2024, 3, 1), QTime(8, 0), Qt::UTC);
        data.series = {{QStringLiteral("Systolic"), data.unit, {point(when, 128)}},
                       {QStringLiteral("Diastolic"), data.unit, {point(when, 84)}}};
        TrendChart chart;
        chart.setData(data);
        QCOMPARE(seriesOf<QLineSeries>(chart.chart()).size(), 2);
        QCOMPARE(seriesOf<QAreaSeries>(chart.chart()).size(), 0);
    }

    void emptyDataShowsNoChart()
    {
        TrendChart chart;
        chart.setData(ldlHistory());
        chart.setData({});
        QVERIFY(chart.chart()->series().isEmpty());
        QVERIFY(chart.chart()->axes().isEmpty());
    }
};

QTEST_MAIN(TestTrendChart)
#include "tst_trendchart.moc"
