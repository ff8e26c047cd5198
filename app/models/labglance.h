#pragma once

#include "fhir/interpretation.h"
#include "fhir/observation.h"
#include "fhir/patient.h"

#include <QColor>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

class QLocale;

namespace kete::models {

// What a lab row shows at a glance: where the latest value falls against its normal range (a
// range bar) and the recent values (a sparkline), as numbers; the views only draw them.

// The latest value against the numeric normal range that applies to it. At least one bound.
struct RangePlacement
{
    std::optional<double> low;
    std::optional<double> high;
    double value = 0;
    // "< 0.5": the value is a bound, not a measurement.
    fhir::Comparator comparator = fhir::Comparator::None;
    fhir::Flag flag = fhir::Flag::None;

    bool isCensored() const { return comparator != fhir::Comparator::None; }
    friend bool operator==(const RangePlacement &, const RangePlacement &) = default;
};

// The placement of `observation`'s value in the range that applies to `patient`: the lab's
// numeric low / high, else its range text when that is plainly one or two bounds ("< 5.7 %").
// nullopt without a numeric value, without a range, or when value and range are in different
// units: nothing is drawn then, so that no bar ever suggests "normal" without a range.
std::optional<RangePlacement> rangePlacement(const fhir::Observation &observation,
                                             const fhir::Interpretation &interpretation,
                                             const fhir::Patient &patient);

// The range as a screen reader says it: "up to 129 mg/dL", "at least 40 mg/dL",
// "3.9 to 5.5 mmol/L", or the lab's own text.
QString spokenRange(const fhir::ReferenceRange &range, const QLocale &locale);

// What out-of-range flags are painted with (red high, blue low, dark red critical); invalid for
// the others. Views make it readable on a dark background (ui/labs/labcolors.h).
QColor flagColor(const fhir::Interpretation &interpretation);

// How many recent results a sparkline shows.
inline constexpr qsizetype kRecentValueCount = 20;

} // namespace kete::models

Q_DECLARE_METATYPE(kete::models::RangePlacement)
