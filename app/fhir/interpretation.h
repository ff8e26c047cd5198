#pragma once

#include "fhir/observation.h"
#include "fhir/patient.h"

#include <QString>
#include <optional>

namespace kete::fhir {

enum class Flag
{
    None,
    Normal,
    Low,
    High,
    CriticalLow,
    CriticalHigh,
    Abnormal,
    CriticalAbnormal
};

// Where a flag comes from. One rule for every result: the sender's interpretation first;
// otherwise computed by Kete from a numeric range (the lab's numbers, the lab's text when it
// is plainly one or two bounds, or for an adult's blood pressure the usual limits); otherwise
// no flag at all.
enum class FlagBasis
{
    None,
    Sender,
    Range,              // the lab's numeric low / high
    RangeText,          // the lab's range text, read as numbers ("below 5.7 %")
    AdultBloodPressure, // no range sent: Kete's usual adult limits
    Parts               // a reading made of parts: see `explanation`
};

// What Kete says about one result: the sender's interpretation when there is one, otherwise
// H/L computed from the reference range that applies to this patient (`computed` = true).
struct Interpretation
{
    Flag flag = Flag::None;
    bool computed = false;
    QString senderText; // the sender's own wording, if any
    FlagBasis basis = FlagBasis::None;
    // A reading made of parts (blood pressure): the parts out of range when not all of them
    // are ("diastolic"); shown with the flag: "High (diastolic)".
    QString outOfRangeParts;
    // How the flag was reached, in words, for a tooltip; empty without a flag.
    QString explanation;

    bool isOutOfRange() const { return flag != Flag::None && flag != Flag::Normal; }
    bool isCritical() const
    {
        return flag == Flag::CriticalLow || flag == Flag::CriticalHigh ||
               flag == Flag::CriticalAbnormal;
    }
    // "High", "Low", "Critical high", "High (diastolic)"... (translated); empty for Normal;
    // the sender's words for an interpretation code Kete does not know.
    QString flagText() const;
    // Short code for compact views: H, L, HH, LL, A, AA.
    QString flagCode() const;
};

// The rule in one sentence, for the screens that show flags.
QString flagRuleText();

// Flag from v3-ObservationInterpretation codes (H, HH, L, LL, A, AA, N, HU, LU, POS, NEG...).
Flag flagFromInterpretationCodes(const QList<CodeableConcept> &interpretation);

// The reference range that applies to `patient` at `date`: the most specific one whose
// appliesTo sex and age match; ranges for another sex or age never apply. `nullptr` if none.
const ReferenceRange *selectReferenceRange(const QList<ReferenceRange> &ranges,
                                           const Patient &patient, QDate date);

Interpretation interpret(const Observation &observation, const Patient &patient);
// One part of a reading (systolic, diastolic) on its own, by the same rule.
Interpretation interpretComponent(const Observation &observation,
                                  const ObservationComponent &component, const Patient &patient);

// Numeric bounds; an exclusive bound is itself outside ("below 5.7": 5.7 is high).
struct NumericRange
{
    std::optional<double> low;
    std::optional<double> high;
    bool lowExclusive = false;
    bool highExclusive = false;
    QString unit; // as written in a range text; empty when none was
};

// A range sent only as text, when it is plainly one bound or two: "below 5.7 %", "<5.7",
// "<= 5.7", ">60", "at least 60", "4.0-5.6", "4.0–5.6 %", "4.0 to 5.6". Anything else (several
// bands, words, a decimal comma, reversed bounds) is nullopt: no flag rather than a wrong one.
std::optional<NumericRange> parseRangeText(const QString &text);

// The usual limits for an adult's blood pressure part (systolic, diastolic) in mmHg, the ones the
// flags use for readings sent without a range: high from 140 / 90, low below 90 / 60. None for
// children (their limits depend on age and height) or another unit.
std::optional<NumericRange> adultBloodPressureLimits(const ObservationComponent &component,
                                                     const Patient &patient, QDate date);

// Where a value falls against a range, honouring a comparator ("<5" against 10–20 is Low);
// Flag::None when it cannot be told.
Flag compareToRange(double value, Comparator comparator, const NumericRange &range);
Flag compareToRange(double value, Comparator comparator, const ReferenceRange &range);

} // namespace kete::fhir
