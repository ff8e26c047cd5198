#include "models/chartbuckets.h"

#include <algorithm>

namespace kete::models {

namespace {

qint64 bucketDays(BucketSize size)
{
    switch (size) {
    case BucketSize::None:
        return 0;
    case BucketSize::Day:
        return 1;
    case BucketSize::Week:
        return 7;
    case BucketSize::Month:
        return 30;
    }
    return 0;
}

QDate bucketEnd(QDate start, BucketSize size)
{
    switch (size) {
    case BucketSize::None:
    case BucketSize::Day:
        return start;
    case BucketSize::Week:
        return start.addDays(6);
    case BucketSize::Month:
        return start.addMonths(1).addDays(-1);
    }
    return start;
}

QDate localDate(const QDateTime &time)
{
    return time.toLocalTime().date();
}

void add(ChartBucket &bucket, const ChartPoint &point)
{
    if (bucket.count == 0) {
        bucket.min = bucket.max = point.value;
        bucket.lowest = bucket.highest = point;
    }
    if (point.value < bucket.min) {
        bucket.min = point.value;
        bucket.lowest = point;
    }
    if (point.value > bucket.max) {
        bucket.max = point.value;
        bucket.highest = point;
    }
    bucket.mean += (point.value - bucket.mean) / (bucket.count + 1);
    ++bucket.count;
    bucket.latest = point;
    if (point.censored)
        ++bucket.censored;
    switch (point.flag) {
    case fhir::Flag::High:
    case fhir::Flag::CriticalHigh:
        ++bucket.high;
        break;
    case fhir::Flag::Low:
    case fhir::Flag::CriticalLow:
        ++bucket.low;
        break;
    case fhir::Flag::None:
    case fhir::Flag::Normal:
        if (point.outOfRange) // flagged by other means: still out of range
            ++bucket.abnormal;
        break;
    case fhir::Flag::Abnormal:
    case fhir::Flag::CriticalAbnormal:
        ++bucket.abnormal;
        break;
    }
}

} // namespace

BucketSize chooseBucketSize(qsizetype pointCount, const QDateTime &first, const QDateTime &last,
                            int plotWidth)
{
    const int width = std::max(plotWidth, 1);
    if (pointCount <= width / kPixelsPerResult)
        return BucketSize::None;
    const qint64 days = std::max<qint64>(1, localDate(first).daysTo(localDate(last)) + 1);
    const qint64 room = std::max(1, width / kPixelsPerBucket);
    for (BucketSize size : {BucketSize::Day, BucketSize::Week}) {
        if ((days + bucketDays(size) - 1) / bucketDays(size) <= room)
            return size;
    }
    return BucketSize::Month;
}

QDate bucketStart(QDate date, BucketSize size)
{
    switch (size) {
    case BucketSize::None:
    case BucketSize::Day:
        return date;
    case BucketSize::Week:
        return date.addDays(1 - date.dayOfWeek());
    case BucketSize::Month:
        return QDate(date.year(), date.month(), 1);
    }
    return date;
}

QList<ChartBucket> bucketPoints(const QList<ChartPoint> &points, BucketSize size)
{
    QList<ChartBucket> buckets;
    for (const ChartPoint &point : points) {
        const QDate start = bucketStart(localDate(point.time), size);
        if (size == BucketSize::None || buckets.isEmpty() || buckets.constLast().first != start) {
            ChartBucket bucket;
            bucket.first = start;
            bucket.last = bucketEnd(start, size);
            if (size == BucketSize::None) {
                bucket.time = point.time;
            } else {
                const QDateTime from = start.startOfDay();
                bucket.time = from.addMSecs(from.msecsTo(bucket.last.addDays(1).startOfDay()) / 2);
            }
            buckets.append(bucket);
        }
        add(buckets.last(), point);
    }
    return buckets;
}

} // namespace kete::models
