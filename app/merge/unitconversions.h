#pragma once

#include "fhir/observation.h"

#include <QString>
#include <QStringList>
#include <QStringView>
#include <optional>

namespace kete::merge {

// One analyte Kete knows how to convert between units: the LOINC codes that report it (the
// mass-concentration and the molar codes of one specimen are the same analyte) and the UCUM
// units it may come in. Anything not in the table is never converted.
struct Analyte
{
    QString id;             // "glucose", "creatinine", "hba1c"...
    QStringList loincCodes; // every code reporting it, mass and molar
    QStringList units;      // UCUM codes as FHIR servers send them; the first is canonical
};

// The analytes Kete knows (the table in unitconversions.cpp).
const QList<Analyte> &knownAnalytes();
const Analyte *analyte(QStringView id);

// The analyte a result reports, by its LOINC code; nullopt for anything Kete does not convert.
std::optional<QString> analyteOf(const fhir::Observation &observation);
std::optional<QString> analyteOfLoinc(const QString &loincCode);

// A UCUM unit as Kete compares it: "mg/dl" and "MG/DL" -> "mg/dL", "µmol/L" -> "umol/L",
// "mmol/l" -> "mmol/L". Unknown spellings are returned as given.
QString normalisedUnit(QStringView unit);

// `value` in `fromUnit` expressed in `toUnit`, for `analyteId`; nullopt when either unit is not
// one the analyte comes in. The same unit returns the value unchanged.
std::optional<double> convert(double value, QStringView fromUnit, QStringView toUnit,
                              QStringView analyteId);
// Whether a result of `analyteId` in `unit` can be converted to the analyte's other units.
bool isConvertibleUnit(QStringView unit, QStringView analyteId);

// A result's numeric value in `unit`: converted when its analyte is known and both units are
// among the analyte's; nullopt otherwise (or when the result has no numeric value).
std::optional<double> valueIn(const fhir::Observation &observation, QStringView unit);

} // namespace kete::merge
