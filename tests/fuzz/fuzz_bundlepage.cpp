// A FHIR search result page as a server sends it: Bundle, OperationOutcome or
// CapabilityStatement, with Patients, Observations, Conditions, DiagnosticReports and
// Practitioners inside (the simdjson readers the client uses on every page).
#include "fhir/bundle.h"
#include "fuzzer.h"

KETE_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto page = kete::fhir::parseBundlePage(kete::fuzz::bytes(data, size));
    if (page.ok()) {
        for (const auto &observation : page->observations)
            (void)observation.value.toDisplayString(QLocale::c());
        for (const auto &condition : page->conditions)
            (void)condition.onset.toDisplayString(QLocale::c());
        for (const auto &patient : page->patients)
            (void)patient.displayName();
    }
    return 0;
}
