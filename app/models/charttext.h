#pragma once

#include "models/chartbuckets.h"

#include <QLocale>
#include <QString>

namespace kete::models {

// What a trend chart says about the mark under the mouse (or the keyboard cursor), in words.

// "Systolic 142 mmHg · High · 3/5/24, 8:00 AM": the exact value as sent with its unit, the flag
// by the one rule ("No flag" when there is none) and the date as precise as the sender was.
QString pointHoverText(const ChartPoint &point, const QString &seriesName = {},
                       const QLocale &locale = QLocale());

// "Week of 3/3/25 · 28 results · lowest 82 mg/dL, highest 190 mg/dL, average 126.3 mg/dL ·
// 19 high, 1 low". A period with one result reads like that result.
QString bucketHoverText(const ChartBucket &bucket, BucketSize size, const QString &unit,
                        const QString &seriesName = {}, const QLocale &locale = QLocale());

// "↑ 1 result above the chart: 45.2 ng/mL", "↑ 3 results above the chart, up to 45.2 ng/mL".
QString clippedText(int count, const QString &highestLabel);

// "Each day", "Each week", "Each month": what one mark stands for; empty for None.
QString bucketSizeText(BucketSize size);

} // namespace kete::models
