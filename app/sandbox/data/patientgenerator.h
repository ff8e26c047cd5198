#pragma once

#include "sandbox/data/demodirectory.h"

#include <QDate>
#include <QtGlobal>

namespace kete::sandbox {

class ResourceStore;

struct GeneratorOptions
{
    quint32 seed = 42;
    // Patients beyond the seven described ones, with random names, conditions and labs.
    int extraPatients = 0;
    // How many Observations the large patient (largePatientId()) has in all; at least as many
    // as her ordinary record holds.
    int largePatientObservations = 20000;
    // The "today" of the data: histories end here. Fixed so that output never depends on the clock.
    QDate referenceDate = QDate(2025, 6, 30);
    // Length of each history in years.
    int years = 6;
};

// Writes a reproducible set of synthetic FHIR R4 records: the same options give byte-identical
// resources. Each patient draws from its own random stream (seeded from the seed and the patient
// id), so adding extra patients leaves the others unchanged.
//
// The seven described patients: Amy Shaw (hypertension, lipids), Hemi Walker (diabetes, kidney
// disease, critical lows), Lily Chen (a child), Sam Taylor (no conditions), Grace Huang (kidney
// failure; the large record) and Peter Novak (heart failure, troponins, critical potassium); and
// Arthur Kingi, who died in 2024 (Patient.deceasedDateTime). Two clinicians: Dr Rangi Parata
// and Dr Sarah Okafor.
class PatientGenerator
{
public:
    explicit PatientGenerator(GeneratorOptions options = {});

    // Adds Patients, Practitioners, Observations, DiagnosticReports and Conditions to the store.
    DemoDirectory generate(ResourceStore &store) const;

    static QString largePatientId();
    static QString childPatientId();
    static QString noConditionsPatientId();

private:
    GeneratorOptions m_options;
};

} // namespace kete::sandbox
