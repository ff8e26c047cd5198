#pragma once

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// Who the generated data is about, read once from demo-people.json: the clinicians, the described
// patients and what the extra (random) patients are drawn from. Internal to the sandbox's data
// library.
namespace kete::sandbox::people {

struct Trend
{
    double start = 0;
    double end = 0;
};

struct ForcedValue
{
    int visitFromEnd = 0; // 0 = the latest visit
    QString loinc;
    double value = 0;
};

struct ConditionSpec
{
    QString snomed;
    QString snomedDisplay;
    QString icd10; // empty: none
    QString icd10Display;
    QString clinicalStatus; // empty: omitted
    QString verificationStatus;
    QString category;
    QString onsetKey; // "onsetDateTime", "onsetAge", "onsetPeriod", "onsetString" or empty
    QJsonValue onset;
    QString abatementKey;
    QJsonValue abatement;
    QDate recorded;
};

// How often (every n-th visit, 0 = never) each kind of test is ordered.
struct Orders
{
    int cbc = 0;
    int basicMetabolic = 0;
    int lipid = 0;
    int hba1c = 0;
    int tsh = 0;
    int ferritin = 0;
    int troponin = 0;
    int urine = 0;
    int lead = 0;
    int egfr = 0;
};

// The same person as Kete City Hospital records them (Organisation 2 of the sandbox): its own
// medical record number, the dates it drew blood and its own problem list.
struct HospitalRecord
{
    QString mrn;
    QList<QDateTime> draws; // at the local offset written in the file
    QList<ConditionSpec> conditions;
};

struct PatientSpec
{
    QString id;
    QString given;
    QString family;
    QString gender; // "female" | "male"
    QDate birthDate;
    QString login;
    QString practitionerId;
    QString mrn;
    QString city;
    int visitsPerYear = 3;
    Orders orders;
    QHash<QString, Trend> trends;
    QList<ForcedValue> forced;
    double weightKg = 75;
    double heightCm = 170;
    int systolic = 120;
    int diastolic = 78;
    QList<ConditionSpec> conditions;
    // Patient.deceasedDateTime; the history ends a few days before it.
    std::optional<QDateTime> deceased;
    HospitalRecord hospital;

    QString displayName() const { return given + QLatin1Char(' ') + family; }
};

struct ClinicianSpec
{
    QString id;
    QString given;
    QString family;
    QString identifier;
    QString login;

    QString displayName() const
    {
        return QStringLiteral("Dr ") + given + QLatin1Char(' ') + family;
    }
};

// What the extra patients share and what they are drawn from; their ages, sizes and visits are
// random (see PatientGenerator).
struct ExtraPatientPool
{
    QString city;
    int systolic = 0;
    int diastolic = 0;
    Orders orders;
    QStringList femaleNames;
    QStringList maleNames;
    QStringList familyNames;
    QList<ConditionSpec> conditions; // each patient has each with some chance
};

struct Roster
{
    QList<ClinicianSpec> clinicians;
    QList<PatientSpec> patients; // the described ones
    ExtraPatientPool extras;
};

// Parsed on first use; the same object for the life of the process.
const Roster &roster();

} // namespace kete::sandbox::people
