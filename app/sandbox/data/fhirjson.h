#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QLatin1String>
#include <QString>

// Small builders for the FHIR R4 data types the sandbox writes, and the code systems it uses.
namespace kete::sandbox::fhirjson {

namespace system {
inline constexpr QLatin1String loinc{"http://loinc.org"};
inline constexpr QLatin1String ucum{"http://unitsofmeasure.org"};
inline constexpr QLatin1String snomed{"http://snomed.info/sct"};
inline constexpr QLatin1String icd10cm{"http://hl7.org/fhir/sid/icd-10-cm"};
inline constexpr QLatin1String observationCategory{
    "http://terminology.hl7.org/CodeSystem/observation-category"};
inline constexpr QLatin1String diagnosticServiceSection{
    "http://terminology.hl7.org/CodeSystem/v2-0074"};
inline constexpr QLatin1String interpretation{
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"};
inline constexpr QLatin1String conditionClinical{
    "http://terminology.hl7.org/CodeSystem/condition-clinical"};
inline constexpr QLatin1String conditionVerification{
    "http://terminology.hl7.org/CodeSystem/condition-ver-status"};
inline constexpr QLatin1String conditionCategory{
    "http://terminology.hl7.org/CodeSystem/condition-category"};
inline constexpr QLatin1String dataAbsentReason{
    "http://terminology.hl7.org/CodeSystem/data-absent-reason"};
inline constexpr QLatin1String identifierType{"http://terminology.hl7.org/CodeSystem/v2-0203"};
inline constexpr QLatin1String mrn{"https://kete.example.org/mrn"};
inline constexpr QLatin1String practitionerId{"https://kete.example.org/practitioner"};
} // namespace system

QJsonObject coding(QLatin1String system, const QString &code, const QString &display = {});
QJsonObject codeableConcept(const QJsonArray &codings, const QString &text = {});
QJsonObject codeableConcept(QLatin1String system, const QString &code, const QString &display = {});
QJsonObject reference(const QString &type, const QString &id, const QString &display = {});
// A UCUM Quantity; `comparator` is "<", "<=", ">=", ">" or empty.
QJsonObject quantity(double value, const QString &unit, const QString &ucumCode,
                     const QString &comparator = {});
// An Age (UCUM "a").
QJsonObject ageInYears(double years);
QJsonObject meta(const QDateTime &lastUpdated);

// "2020-05-01T10:00:00+12:00": the UTC instant shown at the given offset from UTC.
QString dateTime(const QDateTime &utc, int offsetSeconds);
// "2020-04-30T22:00:00.000Z"
QString instant(const QDateTime &utc);

} // namespace kete::sandbox::fhirjson
