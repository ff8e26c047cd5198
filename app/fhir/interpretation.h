#pragma once

#include "fhir/observation.h"
#include "fhir/patient.h"

#include <QString>

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

// What Kete says about one result: the sender's interpretation when there is one, otherwise
// H/L computed from the reference range that applies to this patient (`computed` = true).
struct Interpretation
{
    Flag flag = Flag::None;
    bool computed = false;
    QString senderText; // the sender's own wording, if any

    bool isOutOfRange() const { return flag != Flag::None && flag != Flag::Normal; }
    bool isCritical() const
    {
        return flag == Flag::CriticalLow || flag == Flag::CriticalHigh ||
               flag == Flag::CriticalAbnormal;
    }
    // "High", "Low", "Critical high"... (translated); empty for Normal; the sender's words
    // for an interpretation code Kete does not know.
    QString flagText() const;
    // Short code for compact views: H, L, HH, LL, A, AA.
    QString flagCode() const;
};

// Flag from v3-ObservationInterpretation codes (H, HH, L, LL, A, AA, N, HU, LU, POS, NEG...).
Flag flagFromInterpretationCodes(const QList<CodeableConcept> &interpretation);

// The reference range that applies to `patient` at `date`: the most specific one whose
// appliesTo sex and age match; ranges for another sex or age never apply. `nullptr` if none.
const ReferenceRange *selectReferenceRange(const QList<ReferenceRange> &ranges,
                                           const Patient &patient, QDate date);

Interpretation interpret(const Observation &observation, const Patient &patient);

// Where a value falls against a range, honouring a comparator ("<5" against 10–20 is Low);
// Flag::None when it cannot be told.
Flag compareToRange(double value, Comparator comparator, const ReferenceRange &range);

} // namespace kete::fhir
