#pragma once

#include "fhir/observation.h"

#include <QLocale>
#include <QString>
#include <functional>
#include <optional>

namespace kete::models {

// A result's numeric value in `unit` (a UCUM code): converted when the two units are of one
// analyte Kete knows, nullopt when not numeric or not convertible. merge::valueIn is one.
using ValueInUnit =
    std::function<std::optional<double>(const fhir::Observation &, const QString &unit)>;

// One unit for a test whose results came in several convertible units (a lab row across
// providers): the histories, the recent values and the chart show every result in it, and say
// which values were converted. Unset: every result in its own unit, as before.
struct DisplayUnit
{
    QString unit; // UCUM code
    ValueInUnit valueIn;

    struct Shown
    {
        double value = 0;
        bool converted = false;
    };

    bool isSet() const { return !unit.isEmpty() && bool(valueIn); }
    // The result's value in the unit, and whether it was converted; unset: as sent.
    std::optional<Shown> shown(const fhir::Observation &observation) const;
    // The result's value with its comparator and unit, in the unit ("5.55 mmol/L"); converted
    // values get three significant digits (more would claim a precision the lab never gave).
    QString valueText(const fhir::Observation &observation, const QLocale &locale,
                      fhir::UnitStyle style = fhir::UnitStyle::Readable) const;
    // "converted from 100 mg/dL", when the result's value was converted; empty otherwise.
    QString convertedFromText(const fhir::Observation &observation, const QLocale &locale) const;
};

} // namespace kete::models
