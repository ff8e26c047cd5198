// The trend chart as a patient uses it: hover for the exact result, the time range, a long
// history drawn per period (the large demo record's 9,600 glucose readings), a spike that does
// not flatten the rest, blood pressure against its limits, a text-only test, dark mode.
#include "charts/chartlegend.h"
#include "charts/trendchart.h"
#include "fhir/observation.h"
#include "fhir/patient.h"
#include "models/labhistorymodel.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/data/resourcestore.h"
#include "support/darkpalette.h"
#include "support/screenshot.h"

#include <QAbstractButton>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QScatterSeries>
#include <QStyleFactory>
#include <QTest>
#include <QTimeZone>
#include <QValueAxis>

using namespace kete;
using namespace kete::fhir;
using namespace kete::models;
using namespace kete::ui;
using kete::test::saveScreenshot;

namespace {

ChartPoint point(const QDateTime &time, double value, Flag flag, const QString &unit)
{
    ChartPoint p;
    p.time = time;
    p.value = value;
    p.flag = flag;
    p.outOfRange = flag == Flag::High || flag == Flag::Low;
    p.flagText = flag == Flag::High  ? QStringLiteral("High")
                 : flag == Flag::Low ? QStringLiteral("Low")
                                     : QString();
    p.label = QStringLiteral("%1 %2").arg(QLocale().toString(value), unit);
    p.when = FhirDateTime::fromParts(time, FhirDateTime::Precision::Time);
    return p;
}

// Troponin I: near zero for years, and one spike during a heart attack.
LabChartData troponin()
{
    LabChartData data;
    data.title = QStringLiteral("Troponin I");
    data.unit = QStringLiteral("ng/mL");
    data.normalHigh = 0.04;
    data.resultCount = 12;
    ChartSeries series{data.title, data.unit, {}};
    const QDateTime start(QDate(2022, 1, 10), QTime(9, 0), QTimeZone::utc());
    const double values[] = {0.01, 0.02, 0.01, 0.03, 0.02, 45.2,
                             0.05, 0.02, 0.01, 0.02, 0.01, 0.02};
    for (int i = 0; i < 12; ++i)
        series.points.append(point(start.addMonths(3 * i), values[i],
                                   values[i] > 0.04 ? Flag::High : Flag::Normal, data.unit));
    data.series.append(series);
    return data;
}

LabChartData bloodPressure()
{
    LabChartData data;
    data.title = QStringLiteral("Blood pressure");
    data.unit = QStringLiteral("mmHg");
    data.resultCount = 20;
    ChartSeries systolic{QStringLiteral("Systolic"), data.unit, {}, 90, 140};
    ChartSeries diastolic{QStringLiteral("Diastolic"), data.unit, {}, 60, 90};
    const QDateTime start(QDate(2023, 2, 1), QTime(8, 30), QTimeZone::utc());
    for (int i = 0; i < 20; ++i) {
        const double s = 124 + (i % 5) * 6 - (i % 3) * 4;
        const double d = 78 + (i % 4) * 4;
        systolic.points.append(
            point(start.addDays(21 * i), s, s >= 140 ? Flag::High : Flag::Normal, data.unit));
        diastolic.points.append(
            point(start.addDays(21 * i), d, d >= 90 ? Flag::High : Flag::Normal, data.unit));
    }
    data.series = {systolic, diastolic};
    return data;
}

// The large demo record's glucose readings, from the sandbox's own generator and read with the
// real parser, as the app charts them.
LabChartData graceGlucose()
{
    sandbox::ResourceStore store;
    sandbox::PatientGenerator().generate(store);
    const QString grace = sandbox::PatientGenerator::largePatientId();
    const Patient patient = parsePatient(*store.read(QStringLiteral("Patient"), grace)).value();
    QList<Observation> glucose;
    for (const QJsonObject &resource : store.all(QStringLiteral("Observation"))) {
        if (sandbox::ResourceStore::patientOf(resource) != grace)
            continue;
        auto parsed = parseObservation(resource);
        if (parsed.ok() && parsed.value().code.hasCode(QStringLiteral("2339-0")))
            glucose.append(parsed.value());
    }
    return chartData(glucose, patient);
}

template<typename T> QList<T *> seriesOf(const QChart *chart)
{
    QList<T *> found;
    for (QAbstractSeries *series : chart->series())
        if (auto *typed = qobject_cast<T *>(series))
            found.append(typed);
    return found;
}

QList<QAbstractSeries *> seriesNamed(const QChart *chart, const QString &objectName)
{
    QList<QAbstractSeries *> found;
    for (QAbstractSeries *series : chart->series())
        if (series->objectName() == objectName)
            found.append(series);
    return found;
}

using kete::test::darkPalette;

} // namespace

class TestLabsChart : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TrendChart> shown(const LabChartData &data, QSize size = {760, 420})
    {
        auto chart = std::make_unique<TrendChart>();
        chart->resize(size);
        chart->setData(data);
        chart->show();
        if (!QTest::qWaitForWindowExposed(chart.get()))
            qFatal("chart not exposed");
        // Qt Charts lays its scene out from the event loop.
        if (!QTest::qWaitFor([&] { return chart->chart()->plotArea().width() > 50; }))
            qFatal("chart not laid out");
        return chart;
    }

    // Light and dark, after the chart has laid out and painted.
    void screenshots(TrendChart &chart, const QString &name)
    {
        saveScreenshot(chart, name + QStringLiteral(".png"));
        const QPalette light = chart.palette();
        chart.setPalette(darkPalette());
        saveScreenshot(chart, name + QStringLiteral("-dark.png"));
        chart.setPalette(light);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    }

    void hoverShowsValueUnitDateAndFlag()
    {
        const LabChartData data = troponin();
        auto chart = shown(data);
        const ChartPoint &latest = data.series.constFirst().points.constLast();
        const QPoint on = chart->viewportPosition(latest.time, latest.value);
        QWidget *viewport = chart->chartView()->viewport();
        QVERIFY(viewport->rect().contains(on));
        QTest::mouseMove(viewport, on);
        QTRY_COMPARE(chart->readout(), QStringLiteral("0.02 ng/mL · Within normal range · %1")
                                           .arg(latest.when.toDisplayString(QLocale())));
        QCOMPARE(chart->hoverTextAt(on), chart->readout());

        const ChartPoint &high = data.series.constFirst().points.at(6); // 0.05, High
        const QString text =
            chart->hoverTextAt(chart->viewportPosition(high.time, high.value) + QPoint(3, -2));
        QVERIFY2(text.startsWith(QStringLiteral("0.05 ng/mL · High · ")), qPrintable(text));
        QVERIFY(text.contains(high.when.toDisplayString(QLocale())));
        // Far from any result: nothing.
        QVERIFY(chart->hoverTextAt(QPoint(2, 2)).isEmpty());
    }

    void arrowKeysReadEachResult()
    {
        const LabChartData data = troponin();
        auto chart = shown(data);
        chart->setFocus();
        QTRY_VERIFY(chart->hasFocus());
        // Focus starts on the latest result; Left goes back one, Home to the first.
        QVERIFY(chart->readout().startsWith(QStringLiteral("0.02 ng/mL")));
        QTest::keyClick(chart.get(), Qt::Key_Left);
        QVERIFY(chart->readout().startsWith(QStringLiteral("0.01 ng/mL")));
        QTest::keyClick(chart.get(), Qt::Key_Home);
        QVERIFY(chart->readout().contains(
            data.series.constFirst().points.constFirst().when.toDisplayString(QLocale())));
        auto *cursor = qobject_cast<QScatterSeries *>(
            seriesNamed(chart->chart(), QStringLiteral("cursor")).value(0));
        QVERIFY(cursor);
        QCOMPARE(cursor->count(), 1);
    }

    void timeRangeNarrowsTheAxisAndIsKeyboardReachable()
    {
        const LabChartData data = troponin(); // Jan 2022 to Oct 2024, every three months
        auto chart = shown(data);
        auto *timeAxis =
            qobject_cast<QDateTimeAxis *>(chart->chart()->axes(Qt::Horizontal).value(0));
        QVERIFY(timeAxis);
        QVERIFY(timeAxis->min() < data.series.constFirst().points.constFirst().time);
        QCOMPARE(chart->timeRange(), TimeRange::All);

        // Like radio buttons: Tab reaches the chosen range, the arrow keys choose another.
        QAbstractButton *all = chart->timeRangeButton(TimeRange::All);
        QAbstractButton *year = chart->timeRangeButton(TimeRange::OneYear);
        QVERIFY(all && year);
        QVERIFY(all->isChecked());
        QVERIFY(all->focusPolicy() & Qt::TabFocus);
        all->setFocus();
        QTRY_VERIFY(all->hasFocus());
        QTest::keyClick(all, Qt::Key_Left);
        QCOMPARE(chart->timeRange(), TimeRange::FiveYears);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Left);
        QCOMPARE(chart->timeRange(), TimeRange::OneYear);
        QVERIFY(year->isChecked());
        QVERIFY(year->hasFocus());
        QVERIFY(year->font().bold()); // the chosen range stands out by more than a shade
        QVERIFY(!all->font().bold());
        timeAxis = qobject_cast<QDateTimeAxis *>(chart->chart()->axes(Qt::Horizontal).value(0));
        const QDateTime latest = latestTime(data);
        QVERIFY(timeAxis->min() >= latest.addYears(-1).addDays(-20));
        QVERIFY(timeAxis->min() <= latest.addYears(-1));
        QVERIFY(timeAxis->max() >= latest);
        const auto line = seriesOf<QLineSeries>(chart->chart());
        QCOMPARE(line.constFirst()->count(), 5); // Oct 2023 to Oct 2024

        QTest::mouseClick(chart->timeRangeButton(TimeRange::ThreeMonths), Qt::LeftButton);
        QCOMPARE(chart->timeRange(), TimeRange::ThreeMonths);
        QCOMPARE(seriesOf<QLineSeries>(chart->chart()).constFirst()->count(), 2);
        chart->setTimeRange(TimeRange::All);
        QCOMPARE(seriesOf<QLineSeries>(chart->chart()).constFirst()->count(), 12);
    }

    void longHistoryIsDrawnPerPeriod()
    {
        const LabChartData data = graceGlucose();
        QCOMPARE(data.series.size(), 1);
        const qsizetype readings = data.series.constFirst().points.size();
        QVERIFY2(readings >= 9000, qPrintable(QString::number(readings)));

        auto chart = shown(data, {900, 460});
        QVERIFY(chart->bucketSize() != BucketSize::None);
        const QChart *qchart = chart->chart();
        const auto spread = seriesNamed(qchart, QStringLiteral("spread"));
        QCOMPARE(spread.size(), 1);
        auto *band = qobject_cast<QAreaSeries *>(spread.constFirst());
        QVERIFY(band->upperSeries()->count() < 400);
        auto *average =
            qobject_cast<QLineSeries *>(seriesNamed(qchart, QStringLiteral("average")).value(0));
        QVERIFY(average);
        QCOMPARE(average->count(), band->upperSeries()->count());
        // Periods with a result out of range are marked by shape, not by colour alone.
        auto *flagged = qobject_cast<QScatterSeries *>(
            seriesNamed(qchart, QStringLiteral("outOfRange")).value(0));
        QVERIFY(flagged);
        QCOMPARE(flagged->markerShape(), QScatterSeries::MarkerShapeRectangle);
        QVERIFY(flagged->count() <= 2 * band->upperSeries()->count());
        qsizetype markers = 0;
        for (const QScatterSeries *scatter : seriesOf<QScatterSeries>(qchart))
            markers += scatter->count();
        QVERIFY2(markers < 1000, qPrintable(QString::number(markers)));
        QVERIFY(chart->legend()
                    ->texts()
                    .join(QLatin1Char('|'))
                    .contains(QStringLiteral("lowest to highest each")));

        // Hovering a period tells what it holds.
        const QPointF middle = band->upperSeries()->at(band->upperSeries()->count() / 2);
        const QPoint on = chart->viewportPosition(
            QDateTime::fromMSecsSinceEpoch(qint64(middle.x())),
            (middle.y() + band->lowerSeries()->at(band->upperSeries()->count() / 2).y()) / 2);
        const QString text = chart->hoverTextAt(on);
        QVERIFY2(text.contains(QStringLiteral(" results · lowest ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("mg/dL")), qPrintable(text));
        QTest::mouseMove(chart->chartView()->viewport(), on);
        QTRY_COMPARE(chart->readout(), text);
        saveScreenshot(*chart, QStringLiteral("labschart-grace-glucose-hover.png"));

        // Three months of it: finer periods.
        chart->setTimeRange(TimeRange::ThreeMonths);
        QCOMPARE(chart->bucketSize(), BucketSize::Day);
        screenshots(*chart, QStringLiteral("labschart-grace-glucose-3months"));
        chart->setTimeRange(TimeRange::All);
        screenshots(*chart, QStringLiteral("labschart-grace-glucose"));
    }

    void oneSpikeDoesNotFlattenTheRest()
    {
        auto chart = shown(troponin());
        auto *valueAxis = qobject_cast<QValueAxis *>(chart->chart()->axes(Qt::Vertical).value(0));
        QVERIFY(valueAxis);
        QVERIFY2(valueAxis->max() < 1, qPrintable(QString::number(valueAxis->max())));
        QVERIFY(valueAxis->max() >= 0.05);
        QCOMPARE(chart->clippedIndicatorText(),
                 QStringLiteral("↑ 1 result above the chart: 45.2 ng/mL"));
        auto *above = qobject_cast<QScatterSeries *>(
            seriesNamed(chart->chart(), QStringLiteral("aboveChart")).value(0));
        QVERIFY(above);
        QCOMPARE(above->count(), 1);
        QCOMPARE(above->at(0).y(), valueAxis->max());
        QCOMPARE(above->markerShape(), QScatterSeries::MarkerShapeTriangle);
        // Its hover text still gives the real value.
        const ChartPoint &spike = troponin().series.constFirst().points.at(5);
        const QString text =
            chart->hoverTextAt(chart->viewportPosition(spike.time, valueAxis->max()));
        QVERIFY2(text.startsWith(QStringLiteral("45.2 ng/mL · High")), qPrintable(text));
        QVERIFY(chart->accessibleDescription().contains(chart->clippedIndicatorText()));
        screenshots(*chart, QStringLiteral("labschart-outlier"));
    }

    void bloodPressureShowsTheLimitsOfBothSeries()
    {
        auto chart = shown(bloodPressure());
        const auto limits = seriesNamed(chart->chart(), QStringLiteral("normalLimit"));
        QList<double> levels;
        for (QAbstractSeries *series : limits)
            levels << qobject_cast<QLineSeries *>(series)->at(0).y();
        std::sort(levels.begin(), levels.end());
        QCOMPARE(levels, (QList<double>{60, 90, 90, 140}));
        const QStringList legend = chart->legend()->texts();
        QVERIFY2(legend.contains(QStringLiteral("Systolic normal 90–140 mmHg")),
                 qPrintable(legend.join(QLatin1Char('|'))));
        QVERIFY(legend.contains(QStringLiteral("Diastolic normal 60–90 mmHg")));
        // Both limits are on the axis.
        auto *valueAxis = qobject_cast<QValueAxis *>(chart->chart()->axes(Qt::Vertical).value(0));
        QVERIFY(valueAxis->min() <= 60 && valueAxis->max() >= 140);
        // The heading above names the test; the chart does not repeat it.
        QVERIFY(chart->chart()->title().isEmpty());
        QCOMPARE(chart->subject(), QStringLiteral("Blood pressure"));
        screenshots(*chart, QStringLiteral("labschart-bloodpressure"));
    }

    void legendIsNeverCutOff()
    {
        auto chart = shown(bloodPressure(), {380, 420});
        ChartLegend *legend = chart->legend();
        QTRY_VERIFY(legend->height() >= legend->heightForWidth(legend->width()));
        QVERIFY(legend->heightForWidth(legend->width()) > legend->fontMetrics().height() * 2);
        QVERIFY(legend->geometry().bottom() <= chart->height());
        QVERIFY(chart->legend()->isVisible());
        QVERIFY(!chart->chart()->legend()->isVisible()); // Qt's own legend elides entries
        saveScreenshot(*chart, QStringLiteral("labschart-bloodpressure-narrow.png"));
    }

    void normalRangeIsVisibleInDarkMode()
    {
        LabChartData data = troponin();
        auto chart = shown(data);
        chart->setPalette(darkPalette());
        auto *band = qobject_cast<QAreaSeries *>(
            seriesNamed(chart->chart(), QStringLiteral("normalRange")).value(0));
        QVERIFY(band);
        const QColor fill = band->brush().color();
        const QColor base = darkPalette().color(QPalette::Base);
        // Composited over the background, the band must differ from it clearly.
        const double a = fill.alphaF();
        const double lightness = a * fill.lightnessF() + (1 - a) * base.lightnessF();
        QVERIFY2(
            lightness - base.lightnessF() > 0.08,
            qPrintable(QStringLiteral("%1 over %2").arg(fill.name(QColor::HexArgb), base.name())));
        QVERIFY(band->pen().style() != Qt::NoPen); // its edges are drawn too
        QCOMPARE(chart->chart()->backgroundBrush().color(), base);
    }

    void textOnlyTestSaysSo()
    {
        LabChartData text;
        text.title = QStringLiteral("Urine appearance");
        text.resultCount = 3;
        TrendChart chart;
        chart.setData(text);
        QCOMPARE(chart.emptyText(), QStringLiteral("This test has no numeric results to chart."));
        QVERIFY(chart.chart()->series().isEmpty());
        chart.clear();
        QCOMPARE(chart.emptyText(), QStringLiteral("Choose a test to see its results over time."));
        chart.setData(troponin());
        QVERIFY(chart.emptyText().isEmpty());
    }

    void chartHasAnAccessibleNameAndDescription()
    {
        auto chart = shown(troponin());
        QCOMPARE(chart->accessibleName(), QStringLiteral("Trend chart"));
        const QString description = chart->accessibleDescription();
        QVERIFY2(description.startsWith(QStringLiteral("Troponin I; 12 results from ")),
                 qPrintable(description));
        for (QAbstractButton *button : chart->findChildren<QAbstractButton *>())
            QVERIFY(!button->accessibleName().isEmpty());
    }
};

QTEST_MAIN(TestLabsChart)
#include "tst_labschart.moc"
