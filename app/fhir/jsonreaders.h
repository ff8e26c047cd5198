#pragma once

// The resource and datatype readers over simdjson values (see jsonvalue.h). Private to
// app/fhir: bundle.cpp reads pages with them; the public QJsonObject overloads in the resource
// headers (for callers that already hold a small object) write it out and read it back here.

#include "common/result.h"
#include "fhir/capabilities.h"
#include "fhir/condition.h"
#include "fhir/datatypes.h"
#include "fhir/diagnosticreport.h"
#include "fhir/jsonvalue.h"
#include "fhir/observation.h"
#include "fhir/operationoutcome.h"
#include "fhir/patient.h"

#include <QJsonDocument>

namespace kete::fhir {

namespace json {
// Tolerant: absent or mistyped fields give empty values, never errors.
Coding coding(const Value &value);
CodeableConcept codeableConcept(const Value &value);
QList<CodeableConcept> codeableConcepts(const Value &value);
std::optional<Quantity> quantity(const Value &value);
std::optional<Range> range(const Value &value);
Ratio ratio(const Value &value);
Period period(const Value &value);
FhirDateTime dateTime(const Value &value);
// The id a Reference points to: "Observation/1" → "1", "urn:uuid:ab" → "ab", history stripped.
QString referenceId(const Value &reference);
// Reference.display, else the reference itself.
QString referenceDisplay(const Value &reference);
QStringList annotationTexts(const Value &notes);

// `read` applied to `json` written out by Qt and read back through simdjson: the one parsing
// path, for callers that hold a QJsonObject or QJsonArray.
template<typename Json, typename Read> auto readQJson(const Json &json, Read read)
{
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Compact);
    const Document document(bytes);
    return read(document.root());
}
} // namespace json

Result<Observation> parseObservation(const json::Value &resource);
// Into `into` (which may be a list's new element, sparing moves); the reason when unreadable.
std::optional<QString> readObservation(const json::Value &resource, Observation &into);
Result<Condition> parseCondition(const json::Value &resource);
Result<DiagnosticReport> parseDiagnosticReport(const json::Value &resource);
Result<Patient> parsePatient(const json::Value &resource);
Result<Practitioner> parsePractitioner(const json::Value &resource);
Result<Organization> parseOrganization(const json::Value &resource);
QList<HumanName> parseNames(const json::Value &names);
QList<Notice> parseOperationOutcome(const json::Value &resource);
ServerCapabilities parseCapabilityStatement(const json::Value &resource);

} // namespace kete::fhir
