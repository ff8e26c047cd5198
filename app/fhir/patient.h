#pragma once

#include "common/result.h"
#include "fhir/datatypes.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

class QJsonObject;
class QJsonValue;

namespace kete::fhir {

enum class Sex
{
    Unknown,
    Male,
    Female,
    Other
};

struct Identifier
{
    QString system;
    QString value;
    CodeableConcept type; // e.g. v2-0203 MR (medical record number)

    friend bool operator==(const Identifier &, const Identifier &) = default;
};

struct HumanName
{
    QString use; // official, usual, nickname, old, maiden...
    QString text;
    QString family;
    QStringList given;
    QStringList prefix;
    QStringList suffix;

    // text, else "prefix given family suffix".
    QString displayName() const;

    friend bool operator==(const HumanName &, const HumanName &) = default;
};

struct Patient
{
    QString id;
    QList<HumanName> names;
    FhirDateTime birthDate; // may be partial: "1956" or "1956-03"
    // Set when the patient has died (deceasedBoolean true or deceasedDateTime); the date is
    // invalid when the record does not say when.
    std::optional<FhirDateTime> deceased;
    Sex sex = Sex::Unknown;
    QList<Identifier> identifiers;

    // The "usual" name, else "official", else the first one.
    QString displayName() const;
    bool isDeceased() const { return deceased.has_value(); }
    // Completed years at `date`, or at death when that came first (the age to show); nullopt
    // without a birth date, before birth, or when the patient died on a date not recorded
    // (`date` may be after it).
    std::optional<int> ageInYearsAt(QDate date) const;
    // Age in days at `date`, for matching reference ranges given in months or weeks. `date` is
    // when a result was taken, a day the patient was alive: it stops at a recorded date of death
    // and needs none.
    std::optional<double> ageInDaysAt(QDate date) const;
    // The medical record number: the identifier typed v2-0203 "MR"; empty when none is marked.
    QString medicalRecordNumber() const;

    friend bool operator==(const Patient &, const Patient &) = default;
};

// The signed-in clinician (fhirUser), as far as Kete shows them.
struct Practitioner
{
    QString id;
    QList<HumanName> names;

    QString displayName() const;
};

// An organization that performed results (the lab), as far as Kete names it.
struct Organization
{
    QString id;
    QString name;
};

// The "usual" name, else "official", else the first one.
QString preferredName(const QList<HumanName> &names);
// For a caller that holds the resource as a QJsonObject (tests, small documents): read by the
// same simdjson reader as parseBundlePage(), which is how resources from a server are read.
QList<HumanName> parseNames(const QJsonValue &value);

Result<Patient> parsePatient(const QJsonObject &object);
Result<Practitioner> parsePractitioner(const QJsonObject &object);
Result<Organization> parseOrganization(const QJsonObject &object);

} // namespace kete::fhir
