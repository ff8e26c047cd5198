// One FHIR resource read through the QJsonObject parsers (Observation, Condition, Patient,
// Practitioner, DiagnosticReport), as resources kept or exported outside a Bundle are.
#include "fhir/condition.h"
#include "fhir/diagnosticreport.h"
#include "fhir/observation.h"
#include "fhir/patient.h"
#include "fuzzer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

KETE_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kete::fhir;
    const QJsonObject object = QJsonDocument::fromJson(kete::fuzz::bytes(data, size)).object();
    const QLocale locale = QLocale::c();
    if (const auto observation = parseObservation(object); observation.ok()) {
        (void)observation->value.toDisplayString(locale);
        for (const auto &range : observation->referenceRanges)
            (void)range.toDisplayString(locale);
    }
    if (const auto condition = parseCondition(object); condition.ok()) {
        (void)condition->onset.toDisplayString(locale);
        (void)condition->abatement.toDisplayString(locale);
    }
    if (const auto patient = parsePatient(object); patient.ok()) {
        (void)patient->displayName();
        (void)patient->ageInYearsAt(QDate(2025, 6, 30));
    }
    if (const auto practitioner = parsePractitioner(object); practitioner.ok())
        (void)practitioner->displayName();
    (void)parseDiagnosticReport(object);
    return 0;
}
