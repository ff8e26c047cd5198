#pragma once

#include "models/chartdata.h"

namespace kete::models {

// The stretch of time a trend chart shows. It ends at the test's latest result (not today): a
// test last done three years ago still shows its last three months.
enum class TimeRange
{
    ThreeMonths,
    OneYear,
    FiveYears,
    All,
};

// The latest result's time across every series; invalid when there is none.
QDateTime latestTime(const LabChartData &data);
QDateTime earliestTime(const LabChartData &data);

// Where `range` starts when it ends at `end`; invalid for All.
QDateTime timeRangeStart(TimeRange range, const QDateTime &end);

// The data with only the results inside `range` (ranges and names unchanged).
LabChartData withinTimeRange(const LabChartData &data, TimeRange range);

} // namespace kete::models
