// kete-chart-bench: fills a TrendChart with one test's results (10,000 by default, a few hours
// apart over six years, some out of range, one spike) and renders the chart view offscreen into
// a QImage again and again. Prints the median and 99th percentile of
//   redraw     painting the chart as it stands (what every expose or hover costs), and
//   rebuild    setData and the first paint (what choosing a test or a time range costs),
// with aggregation (per day/week/month, as the app draws it) and without (every result). The
// process CPU time of each redraw is printed too: on a busy machine the wall clock also counts
// the time other programs had the processor.
#include "charts/trendchart.h"

#include <QApplication>
#include <QChartView>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimeZone>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <vector>

using namespace kete;

namespace {

models::LabChartData longHistory(int count)
{
    models::LabChartData data;
    data.title = QStringLiteral("Blood sugar (glucose)");
    data.unit = QStringLiteral("mg/dL");
    data.normalLow = 70;
    data.normalHigh = 99;
    data.resultCount = count;
    models::ChartSeries series{data.title, data.unit, {}};
    QRandomGenerator random(42);
    const QDateTime start(QDate(2019, 7, 1), QTime(8, 0), QTimeZone::utc());
    const qint64 span = start.secsTo(QDateTime(QDate(2025, 6, 30), QTime(20, 0), QTimeZone::utc()));
    series.points.reserve(count);
    for (int i = 0; i < count; ++i) {
        models::ChartPoint point;
        point.time = start.addSecs(span * i / count);
        point.value = std::round(std::max(35.0, 125 + (random.generateDouble() - 0.5) * 110));
        if (i == count / 2)
            point.value = 1450; // one spike
        point.flag = point.value > 99   ? fhir::Flag::High
                     : point.value < 70 ? fhir::Flag::Low
                                        : fhir::Flag::Normal;
        point.outOfRange = point.flag != fhir::Flag::Normal;
        point.label = QStringLiteral("%1 mg/dL").arg(point.value);
        series.points.append(point);
    }
    data.series.append(series);
    return data;
}

struct Stats
{
    double median = 0;
    double p99 = 0;
};

Stats statsOf(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
        return ms.at(std::min(ms.size() - 1, size_t(std::ceil(q * double(ms.size())) - 1)));
    };
    return {at(0.5), at(0.99)};
}

QString modeName(bool aggregate, models::BucketSize size)
{
    if (!aggregate)
        return QStringLiteral("every result");
    switch (size) {
    case models::BucketSize::Day:
        return QStringLiteral("per day");
    case models::BucketSize::Week:
        return QStringLiteral("per week");
    case models::BucketSize::Month:
        return QStringLiteral("per month");
    case models::BucketSize::None:
        break;
    }
    return QStringLiteral("not aggregated");
}

void render(QChartView &view, QImage &image)
{
    image.fill(Qt::white);
    QPainter painter(&image);
    view.render(&painter);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Trend chart redraw times"));
    parser.addHelpOption();
    const QCommandLineOption pointsOption(QStringLiteral("points"),
                                          QStringLiteral("Results in the chart (10000)."),
                                          QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("Redraws measured (200)."),
                                        QStringLiteral("n"), QStringLiteral("200"));
    parser.addOptions({pointsOption, runsOption});
    parser.process(app);
    const int points = std::max(1, parser.value(pointsOption).toInt());
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const models::LabChartData data = longHistory(points);

    QTextStream out(stdout);
    out << "kete-chart-bench: " << points << " results, 900x450 chart, " << runs
        << " redraws (ms)\n";
    for (const bool aggregate : {true, false}) {
        ui::TrendChart chart;
        chart.resize(900, 450);
        chart.setAggregationEnabled(aggregate);
        chart.show();
        QApplication::processEvents();
        QChartView *view = chart.chartView();
        QImage image(view->size() * view->devicePixelRatio(), QImage::Format_ARGB32_Premultiplied);

        std::vector<double> rebuild;
        const int rebuildRuns = std::max(3, runs / 10);
        for (int i = 0; i < rebuildRuns; ++i) {
            QElapsedTimer timer;
            timer.start();
            chart.setData(data);
            QApplication::processEvents();
            render(*view, image);
            rebuild.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        std::vector<double> redraw;
        std::vector<double> redrawCpu;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer timer;
            const std::clock_t cpuStart = std::clock();
            timer.start();
            render(*view, image);
            redraw.push_back(double(timer.nsecsElapsed()) / 1e6);
            redrawCpu.push_back(double(std::clock() - cpuStart) * 1000.0 / CLOCKS_PER_SEC);
        }
        const Stats paint = statsOf(redraw);
        const Stats paintCpu = statsOf(redrawCpu);
        const Stats build = statsOf(rebuild);
        const QString mode = modeName(aggregate, chart.bucketSize());
        out << qSetFieldWidth(22) << Qt::left << mode << qSetFieldWidth(0)
            << QStringLiteral("redraw median %1 p99 %2 (CPU median %5 p99 %6) | rebuild+paint "
                              "median %3 p99 %4\n")
                   .arg(paint.median, 0, 'f', 2)
                   .arg(paint.p99, 0, 'f', 2)
                   .arg(build.median, 0, 'f', 2)
                   .arg(build.p99, 0, 'f', 2)
                   .arg(paintCpu.median, 0, 'f', 2)
                   .arg(paintCpu.p99, 0, 'f', 2);
        out.flush();
    }
    return 0;
}
