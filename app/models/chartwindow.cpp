#include "models/chartwindow.h"

#include <algorithm>

namespace kete::models {

QDateTime latestTime(const LabChartData &data)
{
    QDateTime latest;
    for (const ChartSeries &series : data.series)
        for (const ChartPoint &point : series.points)
            if (!latest.isValid() || point.time > latest)
                latest = point.time;
    return latest;
}

QDateTime earliestTime(const LabChartData &data)
{
    QDateTime earliest;
    for (const ChartSeries &series : data.series)
        for (const ChartPoint &point : series.points)
            if (!earliest.isValid() || point.time < earliest)
                earliest = point.time;
    return earliest;
}

QDateTime timeRangeStart(TimeRange range, const QDateTime &end)
{
    switch (range) {
    case TimeRange::ThreeMonths:
        return end.addMonths(-3);
    case TimeRange::OneYear:
        return end.addYears(-1);
    case TimeRange::FiveYears:
        return end.addYears(-5);
    case TimeRange::All:
        return {};
    }
    return {};
}

LabChartData withinTimeRange(const LabChartData &data, TimeRange range)
{
    const QDateTime start = timeRangeStart(range, latestTime(data));
    if (!start.isValid())
        return data;
    LabChartData result = data;
    for (ChartSeries &series : result.series) {
        series.points.erase(std::remove_if(series.points.begin(), series.points.end(),
                                           [&](const ChartPoint &p) { return p.time < start; }),
                            series.points.end());
    }
    return result;
}

} // namespace kete::models
