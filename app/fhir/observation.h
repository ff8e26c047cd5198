#pragma once

#include "common/result.h"
#include "fhir/datatypes.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

class QJsonObject;

namespace kete::fhir {

enum class ObservationStatus
{
    Unknown,
    Registered,
    Preliminary,
    Final,
    Amended,
    Corrected,
    Cancelled,
    EnteredInError
};

// Observation.value[x] (and component.value[x]); exactly one alternative is set, per `kind`.
struct ObservationValue
{
    enum class Kind
    {
        None,
        Quantity,
        String,
        CodeableConcept,
        Boolean,
        Integer,
        Range,
        Ratio
    };

    Kind kind = Kind::None;
    Quantity quantity;
    QString string; // also carries valueTime / valueDateTime / valuePeriod as text
    CodeableConcept codeableConcept;
    bool boolean = false;
    qint64 integer = 0;
    // Range and Ratio values are rare and large: held apart (shared, immutable) so that every
    // other Observation stays small. Empty unless `kind` says so.
    std::shared_ptr<const Range> rangeValue;
    std::shared_ptr<const Ratio> ratioValue;
    const Range &range() const;
    const Ratio &ratio() const;

    bool isEmpty() const { return kind == Kind::None; }
    // A number to chart: Quantity.value or the integer; nullopt otherwise.
    std::optional<double> numeric() const;
    Comparator comparator() const;
    // Empty unless the value is a Quantity.
    QString unitKey() const;
    QString unitDisplay(UnitStyle style = UnitStyle::Readable) const;
    QString toDisplayString(const QLocale &locale, UnitStyle style = UnitStyle::Readable) const;

    // The Range and Ratio by value: two copies of one value are equal.
    friend bool operator==(const ObservationValue &a, const ObservationValue &b)
    {
        return a.kind == b.kind && a.quantity == b.quantity && a.string == b.string &&
               a.codeableConcept == b.codeableConcept && a.boolean == b.boolean &&
               a.integer == b.integer && bool(a.rangeValue) == bool(b.rangeValue) &&
               a.range() == b.range() && bool(a.ratioValue) == bool(b.ratioValue) &&
               a.ratio() == b.ratio();
    }
};

struct ReferenceRange
{
    std::optional<Quantity> low;
    std::optional<Quantity> high;
    CodeableConcept type;             // normal, recommended, treatment...
    QList<CodeableConcept> appliesTo; // e.g. male / female, pre-puberty
    std::optional<Range> age;         // Age quantities, usually in years ("a")
    QString text;

    // text when given, else "3.5–5.0 mmol/L" from low/high.
    QString toDisplayString(const QLocale &locale, UnitStyle style = UnitStyle::Readable) const;

    friend bool operator==(const ReferenceRange &, const ReferenceRange &) = default;
};

struct ObservationComponent
{
    CodeableConcept code;
    ObservationValue value;
    CodeableConcept dataAbsentReason;
    QList<CodeableConcept> interpretation;
    QList<ReferenceRange> referenceRanges;

    friend bool operator==(const ObservationComponent &, const ObservationComponent &) = default;
};

struct Observation
{
    QString id;
    ObservationStatus status = ObservationStatus::Unknown;
    QList<CodeableConcept> categories;
    CodeableConcept code;      // every coding kept; LOINC preferred when picking one
    FhirDateTime effective;    // effectiveDateTime / effectiveInstant / effectivePeriod.start
    FhirDateTime effectiveEnd; // effectivePeriod.end
    FhirDateTime issued;
    ObservationValue value;
    CodeableConcept dataAbsentReason;
    QList<ObservationComponent> components;
    QList<ReferenceRange> referenceRanges;
    QList<CodeableConcept> interpretation; // as sent; see interpretation.h for the computed one
    QStringList performers;                // Reference.display (or the reference)
    QStringList notes;
    QStringList memberIds; // hasMember: the results this one groups (a panel)

    // "http://loinc.org|2345-7": the LOINC coding, else the first coding, else "text|<text>".
    QString codeKey() const;
    QString loincCode() const;
    // code.text, else the LOINC display, else any display or code.
    QString displayName() const;
    // When it happened: effective[x], else `issued`.
    FhirDateTime when() const { return effective.isValid() ? effective : issued; }
    bool hasCategory(QAnyStringView code) const;
    // entered-in-error and cancelled results are not shown at all.
    bool isHidden() const;
    // "Preliminary", "Amended", "Corrected" (translated); empty for final results.
    QString statusBadge() const;
    // A grouper ("CBC panel") with members and nothing of its own to show.
    bool isPanel() const { return !memberIds.isEmpty() && value.isEmpty() && components.isEmpty(); }
    const ObservationComponent *component(QAnyStringView loincCode) const;
    // The value as text, or the absent reason ("Not performed"), or "120/80 mmHg" for BP.
    QString valueDisplayString(const QLocale &locale, UnitStyle style = UnitStyle::Readable) const;

    friend bool operator==(const Observation &, const Observation &) = default;
};

// For a caller that holds the resource as a QJsonObject (tests, small documents): read by the
// same simdjson reader as parseBundlePage(), which is how resources from a server are read.
Result<Observation> parseObservation(const QJsonObject &object);

// LOINC codes Kete treats specially.
inline constexpr QLatin1String kLoincBloodPressurePanel{"85354-9"};
inline constexpr QLatin1String kLoincBloodPressureLegacy{"55284-4"}; // older Synthea
inline constexpr QLatin1String kLoincSystolic{"8480-6"};
inline constexpr QLatin1String kLoincDiastolic{"8462-4"};
bool isBloodPressure(const Observation &observation);

} // namespace kete::fhir
