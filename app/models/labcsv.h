#pragma once

#include "fhir/interpretation.h"
#include "fhir/observation.h"
#include "fhir/patient.h"

#include <QList>
#include <QString>

namespace kete::models {

// One result as a lab CSV export writes it.
struct LabCsvRow
{
    QString testName;
    QString panel;
    fhir::Observation observation;
    fhir::Interpretation interpretation;
    QString performer; // as the history shows it; a name, never a raw reference
    QString comments;  // what the lab wrote (LabResultComments::text())
    QString source;    // the providers that sent it ("Kete Family Practice, Kete City Hospital")
};

// What a lab CSV holds besides the results.
struct LabCsvOptions
{
    // Every row names the patient (name, birth date, MRN), for a file read on its own.
    bool namePatient = false;
    bool panel = false;   // a Panel column
    bool history = false; // Status, Performed by and Note columns
    bool source = false;  // a From column: the record comes from several providers
};

// Lab results as CSV (RFC 4180, as toCsv()), one result a row, its parts in columns a
// spreadsheet can use: test name, LOINC code, date/time (ISO 8601 with the sender's
// precision: "2019-03", "2019-03-05T10:00:00+13:00"), value (the number as a number, "<" or ">"
// first for a censored one; the text for other values), unit (the UCUM code, else the unit
// as sent), flag, reference range (as sent; the one that applies to `patient`).
QString labResultsCsv(const QList<LabCsvRow> &rows, const fhir::Patient &patient,
                      const LabCsvOptions &options);

// "2019-03-05T10:00:00+13:00", "2019-03-05", "2019-03", "2019"; empty when invalid.
QString isoDateTime(const fhir::FhirDateTime &when);

} // namespace kete::models
