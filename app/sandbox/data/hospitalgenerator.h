#pragma once

#include "sandbox/data/demodirectory.h"
#include "sandbox/data/patientgenerator.h"

#include <QString>

namespace kete::sandbox {

class ResourceStore;

// The records of Kete City Hospital, the sandbox's second organisation: the same seven people as
// PatientGenerator's (same names, birth dates, logins), as the hospital knows them. Reproducible:
// the same options give byte-identical resources. See data/README.md, "Kete City Hospital".
//
// - Patient ids are "kch-" + the GP's id, with the hospital's own MRN.
// - Shared results: the final results of each person's two newest basic metabolic panels at the
//   GP (DiagnosticReport 51990-0) were done by the shared community laboratory, so the hospital
//   reports them too: same LOINC code, effectiveDateTime, value and unit.
// - Its own draws (demo-people.json, "hospital.draws", afternoons and evenings, never at a GP
//   visit's time): glucose, sodium, potassium, creatinine, cholesterol and HbA1c in SI units
//   with the molar LOINC codes (children: glucose, sodium and potassium only).
// - Its own problem list (demo-people.json, "hospital.conditions").
class HospitalGenerator
{
public:
    // Uses the seed, reference date and history length; extra and large records are the GP's.
    explicit HospitalGenerator(GeneratorOptions options = {});

    DemoDirectory generate(ResourceStore &store) const;

    static QString organizationId();   // "kete-city-hospital"
    static QString organizationName(); // "Kete City Hospital"
    static QString patientIdFor(const QString &gpPatientId);
    static QString sharedPanelCode(); // "51990-0"
    static int sharedPanels();        // 2: the newest two

private:
    GeneratorOptions m_options;
};

} // namespace kete::sandbox
