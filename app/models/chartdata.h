#pragma once

#include "fhir/datatypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace kete::models {

// What a trend chart draws, independent of any chart library: one or more series of comparable
// results (same test, same unit; blood pressure has two), and the normal range as a band.
struct ChartPoint
{
    QDateTime time;
    double value = 0;
    bool censored = false; // the true value lies beyond `value` (comparator < <= >= >)
    fhir::Comparator comparator = fhir::Comparator::None;
    bool outOfRange = false;
    QString label; // the value with its (readable) unit, for a tooltip
    QString observationId;
};

struct ChartSeries
{
    QString name; // test name, or "Systolic" / "Diastolic"
    QString unit;
    QList<ChartPoint> points; // oldest first
};

struct LabChartData
{
    QString title;
    QString unit;
    QList<ChartSeries> series;
    // The normal range of the latest result, for this patient, when it is in the chart's unit.
    std::optional<double> normalLow;
    std::optional<double> normalHigh;

    bool isEmpty() const { return series.isEmpty(); }
};

} // namespace kete::models
