#pragma once

#include "common/result.h"
#include "fhir/datatypes.h"

#include <QDateTime>
#include <QStringList>

class QJsonObject;
class QLocale;

namespace kete::fhir {

enum class ClinicalStatus
{
    Unknown,
    Active,
    Recurrence,
    Relapse,
    Inactive,
    Remission,
    Resolved
};
enum class VerificationStatus
{
    Unknown,
    Unconfirmed,
    Provisional,
    Differential,
    Confirmed,
    Refuted,
    EnteredInError
};
enum class ConditionCategory
{
    Unknown,
    ProblemListItem,
    EncounterDiagnosis,
    HealthConcern,
    Other
};

// An Age as words: "45", "6 months", "3 weeks"; empty without a value.
QString ageText(const Quantity &age, const QLocale &locale);

// Condition.onset[x] / abatement[x]: a dateTime, an Age, a Period, a Range (of ages) or words.
struct ConditionTime
{
    enum class Kind
    {
        None,
        DateTime,
        Age,
        Period,
        Range,
        String
    };

    Kind kind = Kind::None;
    FhirDateTime start;              // DateTime, Period.start
    FhirDateTime end;                // Period.end
    std::optional<Quantity> age;     // Age, Range.low
    std::optional<Quantity> ageHigh; // Range.high
    QString text;                    // String
    bool boolean = false;            // abatementBoolean (R4 has no such field; old data does)

    bool isEmpty() const { return kind == Kind::None; }
    // "March 2019", "at age 34", "age 30–40", "childhood"...
    QString toDisplayString(const QLocale &locale) const;
    // For sorting: the date, or birth date + age when the birth date is known; invalid otherwise.
    QDateTime sortKey(QDate birthDate = {}) const;

    friend bool operator==(const ConditionTime &, const ConditionTime &) = default;
};

struct Condition
{
    QString id;
    CodeableConcept code;
    ClinicalStatus clinicalStatus = ClinicalStatus::Unknown;
    VerificationStatus verificationStatus = VerificationStatus::Unknown;
    QList<CodeableConcept> categoryConcepts;
    ConditionCategory category = ConditionCategory::Unknown; // the first one Kete knows
    CodeableConcept severity;
    ConditionTime onset;
    ConditionTime abatement;
    FhirDateTime recordedDate;
    QStringList notes;

    // code.text, else the SNOMED display, else the ICD-10 display, else any.
    QString displayName() const;
    QString snomedCode() const;
    QString icd10Code() const;
    // active, recurrence, relapse.
    bool isActive() const;
    // resolved, inactive; or no clinical status but an abatement. Remission is neither resolved
    // nor active: it has a group of its own.
    bool isResolved() const;
    bool isInRemission() const { return clinicalStatus == ClinicalStatus::Remission; }
    bool isHidden() const { return verificationStatus == VerificationStatus::EnteredInError; }
    QString clinicalStatusText() const;
    QString verificationStatusText() const;
    QString categoryText() const;

    friend bool operator==(const Condition &, const Condition &) = default;
};

// For a caller that holds the resource as a QJsonObject (tests, small documents): read by the
// same simdjson reader as parseBundlePage(), which is how resources from a server are read.
Result<Condition> parseCondition(const QJsonObject &object);

inline constexpr QLatin1String kIcd10System{"http://hl7.org/fhir/sid/icd-10"};
inline constexpr QLatin1String kIcd10CmSystem{"http://hl7.org/fhir/sid/icd-10-cm"};

} // namespace kete::fhir
