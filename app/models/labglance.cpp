#include "models/labglance.h"

#include <QCoreApplication>
#include <QLocale>

namespace kete::models {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::models", text);
}

bool unitsAgree(const fhir::ObservationValue &value, const std::optional<fhir::Quantity> &bound)
{
    if (!bound || value.kind != fhir::ObservationValue::Kind::Quantity)
        return true;
    const QString a = value.unitKey();
    const QString b = bound->unitKey();
    return a.isEmpty() || b.isEmpty() || a == b;
}

bool unitsAgree(const fhir::ObservationValue &value, const QString &rangeUnit)
{
    if (rangeUnit.isEmpty() || value.kind != fhir::ObservationValue::Kind::Quantity)
        return true;
    return rangeUnit.compare(value.quantity.unit, Qt::CaseInsensitive) == 0 ||
           rangeUnit.compare(value.quantity.code, Qt::CaseInsensitive) == 0;
}

} // namespace

QColor flagColor(const fhir::Interpretation &interpretation)
{
    switch (interpretation.flag) {
    case fhir::Flag::High:
    case fhir::Flag::Abnormal:
        return QColor(0xc6, 0x28, 0x28);
    case fhir::Flag::CriticalHigh:
    case fhir::Flag::CriticalLow:
    case fhir::Flag::CriticalAbnormal:
        return QColor(0x8e, 0x00, 0x00);
    case fhir::Flag::Low:
        return QColor(0x15, 0x65, 0xc0);
    default:
        return QColor();
    }
}

std::optional<RangePlacement> rangePlacement(const fhir::Observation &observation,
                                             const fhir::Interpretation &interpretation,
                                             const fhir::Patient &patient)
{
    const std::optional<double> number = observation.value.numeric();
    if (!number)
        return std::nullopt;
    const fhir::ReferenceRange *range =
        fhir::selectReferenceRange(observation.referenceRanges, patient, observation.when().date());
    if (!range)
        return std::nullopt;
    RangePlacement placement;
    placement.value = *number;
    placement.comparator = observation.value.comparator();
    placement.flag = interpretation.flag;
    const bool numericLow = range->low && range->low->value;
    const bool numericHigh = range->high && range->high->value;
    if (numericLow || numericHigh) {
        if (!unitsAgree(observation.value, range->low) ||
            !unitsAgree(observation.value, range->high))
            return std::nullopt;
        if (numericLow)
            placement.low = *range->low->value;
        if (numericHigh)
            placement.high = *range->high->value;
    } else {
        const std::optional<fhir::NumericRange> parsed = fhir::parseRangeText(range->text);
        if (!parsed || !unitsAgree(observation.value, parsed->unit))
            return std::nullopt;
        placement.low = parsed->low;
        placement.high = parsed->high;
    }
    if (placement.low && placement.high && *placement.low > *placement.high)
        return std::nullopt;
    return placement;
}

QString spokenRange(const fhir::ReferenceRange &range, const QLocale &locale)
{
    if (!range.text.isEmpty())
        return range.text;
    const bool hasLow = range.low && range.low->value;
    const bool hasHigh = range.high && range.high->value;
    const QString unit =
        hasHigh ? range.high->unitDisplay() : (hasLow ? range.low->unitDisplay() : QString());
    const auto number = [&](const fhir::Quantity &q) {
        return fhir::formatDecimal(*q.value, locale);
    };
    QString text;
    if (hasLow && hasHigh)
        text = tr("%1 to %2").arg(number(*range.low), number(*range.high));
    else if (hasHigh)
        text = tr("up to %1").arg(number(*range.high));
    else if (hasLow)
        text = tr("at least %1").arg(number(*range.low));
    else
        return QString();
    return unit.isEmpty() ? text : text + QLatin1Char(' ') + unit;
}

} // namespace kete::models
