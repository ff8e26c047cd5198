#include "models/charttext.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace kete::models {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::models", text);
}

const QString kSeparator = QStringLiteral(" · ");

QString flagWord(const ChartPoint &point)
{
    if (!point.flagText.isEmpty())
        return point.flagText;
    if (point.outOfRange)
        return tr("Outside normal range");
    if (point.flag == fhir::Flag::Normal)
        return tr("Within normal range");
    return tr("No flag");
}

QString dateText(const ChartPoint &point, const QLocale &locale)
{
    return point.when.isValid() ? point.when.toDisplayString(locale)
                                : locale.toString(point.time.toLocalTime(), QLocale::ShortFormat);
}

int decimalsOf(double value)
{
    const QString text = QString::number(value, 'f', 6);
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1) == QLatin1Char('0'))
        --end;
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    return dot < 0 || end <= dot + 1 ? 0 : int(end - dot - 1);
}

QString periodText(const ChartBucket &bucket, BucketSize size, const QLocale &locale)
{
    switch (size) {
    case BucketSize::None:
    case BucketSize::Day:
        return locale.toString(bucket.first, QLocale::ShortFormat);
    case BucketSize::Week:
        return tr("Week of %1").arg(locale.toString(bucket.first, QLocale::ShortFormat));
    case BucketSize::Month:
        return QStringLiteral("%1 %2").arg(locale.standaloneMonthName(bucket.first.month()),
                                           QString::number(bucket.first.year()));
    }
    return {};
}

} // namespace

QString pointHoverText(const ChartPoint &point, const QString &seriesName, const QLocale &locale)
{
    QString value = point.label;
    if (!seriesName.isEmpty())
        value = seriesName + QLatin1Char(' ') + value;
    QStringList parts{value, flagWord(point), dateText(point, locale)};
    if (point.converted && !point.convertedFrom.isEmpty())
        parts << point.convertedFrom; // "converted from 5.6 mmol/L"
    return parts.join(kSeparator);
}

QString bucketHoverText(const ChartBucket &bucket, BucketSize size, const QString &unit,
                        const QString &seriesName, const QLocale &locale)
{
    if (bucket.count == 1 || size == BucketSize::None)
        return pointHoverText(bucket.latest, seriesName, locale);
    QStringList parts;
    parts << periodText(bucket, size, locale);
    if (!seriesName.isEmpty())
        parts << seriesName;
    parts << (bucket.count == 1 ? tr("1 result") : tr("%1 results").arg(bucket.count));
    // One more decimal than the results have: an average is not rounded to whole results.
    const int decimals = std::min(4, std::max(decimalsOf(bucket.min), decimalsOf(bucket.max)) + 1);
    QString average = locale.toString(bucket.mean, 'f', decimals);
    if (!unit.isEmpty())
        average += QLatin1Char(' ') + unit;
    parts << tr("lowest %1, highest %2, average %3")
                 .arg(bucket.lowest.label, bucket.highest.label, average);
    QStringList flags;
    if (bucket.high > 0)
        flags << tr("%1 high").arg(bucket.high);
    if (bucket.low > 0)
        flags << tr("%1 low").arg(bucket.low);
    if (bucket.abnormal > 0)
        flags << tr("%1 outside normal range").arg(bucket.abnormal);
    if (flags.isEmpty())
        flags << tr("none flagged");
    parts << flags.join(QStringLiteral(", "));
    if (bucket.censored > 0)
        parts << tr("%1 beyond the measurable limit").arg(bucket.censored);
    return parts.join(kSeparator);
}

QString clippedText(int count, const QString &highestLabel)
{
    if (count <= 0)
        return {};
    if (count == 1)
        return tr("↑ 1 result above the chart: %1").arg(highestLabel);
    return tr("↑ %1 results above the chart, up to %2").arg(count).arg(highestLabel);
}

QString bucketSizeText(BucketSize size)
{
    switch (size) {
    case BucketSize::None:
        return {};
    case BucketSize::Day:
        return tr("Each day");
    case BucketSize::Week:
        return tr("Each week");
    case BucketSize::Month:
        return tr("Each month");
    }
    return {};
}

} // namespace kete::models
