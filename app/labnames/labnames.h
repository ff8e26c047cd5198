#pragma once

#include "fhir/datatypes.h"

#include <QString>
#include <QStringView>
#include <span>
#include <string_view>

namespace kete::labnames {

// One row of Kete's own table of common LOINC lab and vital-sign codes: the name a patient
// understands, in one English spelling (British: "Haemoglobin", "colour"), and the words a
// patient might search for ("sugar", "kidney", "bp"). Names and words are UTF-8.
struct LabName
{
    std::string_view code;  // LOINC, "2345-7"
    std::string_view name;  // "Blood sugar (glucose)"
    std::string_view words; // space-separated search words, "sugar glucose diabetes"
};

// The whole table, sorted by code, each code once.
std::span<const LabName> table();
// The row for a LOINC code, or nullptr.
const LabName *find(QStringView loincCode);

// What a test is called, by the rule below, and what it is called technically.
struct TestName
{
    QString shown;      // what the list, the detail and the printout show
    QString longName;   // the LOINC long name as the server sent it (the coding's display)
    QString loincCode;  // "2345-7"; empty when the concept has no LOINC coding
    QString words;      // the table's search words; empty when the code is not in the table
    bool plain = false; // `shown` is Kete's plain name, not the server's text

    // "Glucose [Mass/volume] in Serum or Plasma (LOINC 2345-7)", for the tooltip and the
    // detail; what there is of it when the server sent less; empty without a LOINC coding.
    QString technicalName() const;
    // The shown name, the search words, the long name and the code, for filtering.
    QString searchText() const;
};

// The rule: the server's own friendly code.text wins. Kete's plain name (found by any LOINC
// coding of the concept in the table) is shown instead when code.text is
//   - absent (empty or blank), or
//   - just the LOINC name: it equals the display of one of the concept's LOINC codings
//     (ignoring case, spacing and zero-width spaces), or it looks like a LOINC long name,
//     which names its property in square brackets ("Glucose [Mass/volume] in Blood",
//     "Body mass index (BMI) [Ratio]"), something friendly text does not do.
// For a code not in the table the name is Observation::displayName()'s: code.text, else the
// LOINC display, else any display or code.
TestName testName(const fhir::CodeableConcept &code);
// Whether `text` reads like a LOINC long name (the bracket rule above).
bool looksLikeLoincLongName(QStringView text);

} // namespace kete::labnames
