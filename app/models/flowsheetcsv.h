#pragma once

#include <QString>

namespace kete::models {

class FlowsheetModel;

// The flowsheet as it stands (its rows and the draws it shows, newest first) as CSV, as toCsv()
// writes it: Test, LOINC, Unit, Normal range, then one column per draw headed by its time in
// ISO 8601 ("2025-06-30T08:15:00+12:00"). A cell holds the value as a spreadsheet reads it
// (the number, "<" first for a censored one; units as sent live in the Unit column), then the
// flag code when there is one ("6.8 HH"); empty when the test has no result in that draw.
QString flowsheetCsv(const FlowsheetModel &model);

} // namespace kete::models
