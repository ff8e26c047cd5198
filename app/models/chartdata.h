#pragma once

#include "fhir/datatypes.h"
#include "fhir/interpretation.h"

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
    fhir::Flag flag = fhir::Flag::None; // by the one rule of fhir::interpret
    QString flagText;                   // "High", "Critical low"...; empty for Normal and None
    fhir::FhirDateTime when;            // as precise as the sender was, for the hover text
    // The value was converted into the series' unit (a lab row across providers); draw it
    // marked. `convertedFrom` says from what: "converted from 5.6 mmol/L".
    bool converted = false;
    QString convertedFrom;
};

struct ChartSeries
{
    QString name; // test name, or "Systolic" / "Diastolic"
    QString unit;
    QList<ChartPoint> points; // oldest first
    // This series' own limits, when the series do not share one range (blood pressure: the
    // range sent with each part, or the usual adult limits the flags use).
    std::optional<double> normalLow = std::nullopt;
    std::optional<double> normalHigh = std::nullopt;
};

struct LabChartData
{
    QString title;
    QString unit;
    QList<ChartSeries> series;
    // The normal range of the latest result, for this patient, when it is in the chart's unit.
    std::optional<double> normalLow = std::nullopt;
    std::optional<double> normalHigh = std::nullopt;
    // How many results the chart was made from, numeric or not: a test with results but nothing
    // to plot (text results) says so instead of asking for a test to be chosen.
    int resultCount = 0;

    bool isEmpty() const { return series.isEmpty(); }
    bool hasPoints() const;
};

inline bool LabChartData::hasPoints() const
{
    for (const ChartSeries &s : series)
        if (!s.points.isEmpty())
            return true;
    return false;
}

} // namespace kete::models
