#pragma once

#include "models/chartdata.h"

#include <QDate>
#include <QList>

namespace kete::models {

// How many results one mark on a trend chart stands for. A series with more results than the
// chart has room for is drawn per day, week or month: the lowest and highest result of each
// period as a band, their average as a line, and periods with a result outside the normal range
// marked by shape.
enum class BucketSize
{
    None, // every result drawn on its own
    Day,
    Week, // Monday to Sunday
    Month,
};

struct ChartBucket
{
    QDate first; // the period: first and last day
    QDate last;
    QDateTime time; // where the period is drawn: its middle
    double min = 0;
    double max = 0;
    double mean = 0;
    int count = 0;
    int high = 0;      // results flagged high or critical high
    int low = 0;       // results flagged low or critical low
    int abnormal = 0;  // out of range without a direction ("Abnormal")
    int censored = 0;  // "< 0.01": counted at their limit
    ChartPoint lowest; // the results themselves, for their exact text
    ChartPoint highest;
    ChartPoint latest;

    int outOfRange() const { return high + low + abnormal; }
};

// The coarsest detail a chart `plotWidth` pixels wide still shows: None while the results fit
// (at most one per kPixelsPerResult pixels), otherwise the shortest period whose buckets are at
// least kPixelsPerBucket pixels apart across the time span.
inline constexpr int kPixelsPerResult = 4;
inline constexpr int kPixelsPerBucket = 6;
BucketSize chooseBucketSize(qsizetype pointCount, const QDateTime &first, const QDateTime &last,
                            int plotWidth);

// The first day of the period that holds `date`.
QDate bucketStart(QDate date, BucketSize size);

// Groups time-ordered points into periods (local calendar days, weeks, months); empty periods are
// left out. With BucketSize::None every point is its own bucket.
QList<ChartBucket> bucketPoints(const QList<ChartPoint> &points, BucketSize size);

} // namespace kete::models
