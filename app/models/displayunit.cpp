#include "models/displayunit.h"

#include <QCoreApplication>
#include <cmath>

namespace kete::models {

namespace {

double threeSignificantDigits(double value)
{
    if (value == 0 || !std::isfinite(value))
        return value;
    const double scale = std::pow(10.0, 2 - std::floor(std::log10(std::abs(value))));
    return std::round(value * scale) / scale;
}

} // namespace

std::optional<DisplayUnit::Shown> DisplayUnit::shown(const fhir::Observation &observation) const
{
    const std::optional<double> value = observation.value.numeric();
    if (!value)
        return std::nullopt;
    if (!isSet() || observation.value.unitKey() == unit)
        return Shown{*value, false};
    const std::optional<double> converted = valueIn(observation, unit);
    if (!converted)
        return std::nullopt;
    // valueIn() says the same unit spelt otherwise ("mg/dl") is not a conversion.
    return Shown{*converted, *converted != *value};
}

QString DisplayUnit::valueText(const fhir::Observation &observation, const QLocale &locale,
                               fhir::UnitStyle style) const
{
    const std::optional<Shown> value = shown(observation);
    if (!value || !value->converted)
        return observation.valueDisplayString(locale, style);
    fhir::Quantity quantity;
    quantity.value = threeSignificantDigits(value->value);
    quantity.comparator = observation.value.comparator();
    quantity.code = unit;
    return quantity.toDisplayString(locale, style);
}

QString DisplayUnit::convertedFromText(const fhir::Observation &observation,
                                       const QLocale &locale) const
{
    const std::optional<Shown> value = shown(observation);
    if (!value || !value->converted)
        return {};
    return QCoreApplication::translate("kete::models::DisplayUnit", "converted from %1")
        .arg(observation.valueDisplayString(locale));
}

} // namespace kete::models
