#include "merge/unitconversions.h"

#include <QHash>
#include <cmath>

namespace kete::merge {

namespace {

// A unit of one analyte as a linear map to the analyte's canonical unit:
//   canonical = value * factor + offset.
struct UnitScale
{
    QString unit;
    double factor = 1;
    double offset = 0;
};

struct AnalyteTable
{
    Analyte analyte;
    QList<UnitScale> scales; // the first is the canonical unit (factor 1)
};

// mg/dL of a substance with molar mass M (g/mol) -> mmol/L: 1 mg/dL = 10 mg/L = 10/M mmol/L.
constexpr double mmolPerMgDl(double molarMass)
{
    return 10.0 / molarMass;
}

QList<AnalyteTable> makeTable()
{
    const auto mgDlAndMmol = [](QString id, QStringList codes, double molarMass) {
        return AnalyteTable{
            Analyte{std::move(id),
                    std::move(codes),
                    {QStringLiteral("mg/dL"), QStringLiteral("mmol/L")}},
            {{QStringLiteral("mg/dL")}, {QStringLiteral("mmol/L"), 1.0 / mmolPerMgDl(molarMass)}}};
    };
    return {
        // Glucose, C6H12O6: molar mass 180.156 g/mol (IUPAC standard atomic weights), so
        // 1 mmol/L = 18.0156 mg/dL. Serum/plasma: 2345-7 (mass) and 14749-6 (moles); whole
        // blood: 2339-0 and 15074-8. Specimens are different tests and stay apart.
        mgDlAndMmol(QStringLiteral("glucose"),
                    {QStringLiteral("2345-7"), QStringLiteral("14749-6")}, 180.156),
        mgDlAndMmol(QStringLiteral("glucose-blood"),
                    {QStringLiteral("2339-0"), QStringLiteral("15074-8")}, 180.156),
        // Creatinine, C4H7N3O: molar mass 113.12 g/mol, so 1 mg/dL = 10 mg/L = 10000/113.12
        // umol/L = 88.4 umol/L (the factor KDIGO 2012 and most labs quote). 2160-0 (mass) and
        // 14682-9 (moles), serum/plasma.
        AnalyteTable{Analyte{QStringLiteral("creatinine"),
                             {QStringLiteral("2160-0"), QStringLiteral("14682-9")},
                             {QStringLiteral("mg/dL"), QStringLiteral("umol/L")}},
                     {{QStringLiteral("mg/dL")}, {QStringLiteral("umol/L"), 113.12 / 10000.0}}},
        // Cholesterol, C27H46O: molar mass 386.65 g/mol, so 1 mmol/L = 38.67 mg/dL (the
        // factor of the NCEP ATP III report and the SI unit conversion tables of JAMA/AMA).
        // Total 2093-3 / 14647-2; LDL measured 2089-1 / 22748-8, LDL calculated 13457-7 /
        // 39469-2; HDL 2085-9 / 14646-4.
        mgDlAndMmol(QStringLiteral("cholesterol"),
                    {QStringLiteral("2093-3"), QStringLiteral("14647-2")}, 386.65),
        mgDlAndMmol(QStringLiteral("ldl"), {QStringLiteral("2089-1"), QStringLiteral("22748-8")},
                    386.65),
        mgDlAndMmol(QStringLiteral("ldl-calculated"),
                    {QStringLiteral("13457-7"), QStringLiteral("39469-2")}, 386.65),
        mgDlAndMmol(QStringLiteral("hdl"), {QStringLiteral("2085-9"), QStringLiteral("14646-4")},
                    386.65),
        // Triglycerides, counted as triolein (C57H104O6): molar mass 885.4 g/mol, so
        // 1 mmol/L = 88.54 mg/dL (the factor of the JAMA/AMA SI conversion table).
        // 2571-8 (mass) and 14927-8 (moles).
        mgDlAndMmol(QStringLiteral("triglycerides"),
                    {QStringLiteral("2571-8"), QStringLiteral("14927-8")}, 885.4),
        // HbA1c: % (NGSP/DCCT) and mmol/mol (IFCC) by the NGSP/IFCC master equation
        // (Hoelzel et al., Clin Chem 2004;50:166-74; www.ngsp.org/ifccngsp.asp):
        //   IFCC = 10.929 x (NGSP - 2.15), i.e. NGSP = IFCC / 10.929 + 2.15.
        // 4548-4 and 17856-6 (%) and 59261-8 (mmol/mol), whole blood.
        AnalyteTable{Analyte{QStringLiteral("hba1c"),
                             {QStringLiteral("4548-4"), QStringLiteral("17856-6"),
                              QStringLiteral("59261-8")},
                             {QStringLiteral("%"), QStringLiteral("mmol/mol")}},
                     {{QStringLiteral("%")}, {QStringLiteral("mmol/mol"), 1.0 / 10.929, 2.15}}},
    };
}

const QList<AnalyteTable> &table()
{
    static const QList<AnalyteTable> analytes = makeTable();
    return analytes;
}

const AnalyteTable *tableEntry(QStringView id)
{
    for (const AnalyteTable &entry : table()) {
        if (entry.analyte.id == id)
            return &entry;
    }
    return nullptr;
}

const UnitScale *scaleOf(const AnalyteTable &entry, const QString &unit)
{
    for (const UnitScale &scale : entry.scales) {
        if (scale.unit == unit)
            return &scale;
    }
    return nullptr;
}

} // namespace

const QList<Analyte> &knownAnalytes()
{
    static const QList<Analyte> analytes = [] {
        QList<Analyte> list;
        for (const AnalyteTable &entry : table())
            list.append(entry.analyte);
        return list;
    }();
    return analytes;
}

const Analyte *analyte(QStringView id)
{
    for (const Analyte &known : knownAnalytes()) {
        if (known.id == id)
            return &known;
    }
    return nullptr;
}

std::optional<QString> analyteOfLoinc(const QString &loincCode)
{
    static const QHash<QString, QString> byCode = [] {
        QHash<QString, QString> codes;
        for (const Analyte &known : knownAnalytes())
            for (const QString &code : known.loincCodes)
                codes.insert(code, known.id);
        return codes;
    }();
    if (const auto found = byCode.constFind(loincCode); found != byCode.cend())
        return *found;
    return std::nullopt;
}

std::optional<QString> analyteOf(const fhir::Observation &observation)
{
    const QString loinc = observation.loincCode();
    if (loinc.isEmpty())
        return std::nullopt;
    return analyteOfLoinc(loinc);
}

QString normalisedUnit(QStringView unit)
{
    // No allocation for what matches (a page merges thousands of results).
    static const QString canonical[] = {QStringLiteral("mg/dL"), QStringLiteral("mmol/L"),
                                        QStringLiteral("umol/L"), QStringLiteral("mmol/mol"),
                                        QStringLiteral("%")};
    const QStringView trimmed = unit.trimmed();
    for (const QString &spelling : canonical) {
        if (trimmed.compare(spelling, Qt::CaseInsensitive) == 0)
            return spelling;
    }
    constexpr QChar microSign(0x00B5);
    constexpr QChar greekMu(0x03BC);
    if (!trimmed.contains(microSign) && !trimmed.contains(greekMu))
        return trimmed.toString();
    QString text = trimmed.toString();
    text.replace(microSign, QLatin1Char('u'));
    text.replace(greekMu, QLatin1Char('u'));
    return text.compare(QLatin1String("umol/L"), Qt::CaseInsensitive) == 0 ? canonical[2] : text;
}

std::optional<double> convert(double value, QStringView fromUnit, QStringView toUnit,
                              QStringView analyteId)
{
    const AnalyteTable *entry = tableEntry(analyteId);
    if (!entry)
        return std::nullopt;
    const UnitScale *from = scaleOf(*entry, normalisedUnit(fromUnit));
    const UnitScale *to = scaleOf(*entry, normalisedUnit(toUnit));
    if (!from || !to)
        return std::nullopt;
    if (from == to)
        return value;
    const double canonical = value * from->factor + from->offset;
    return (canonical - to->offset) / to->factor;
}

bool isConvertibleUnit(QStringView unit, QStringView analyteId)
{
    const AnalyteTable *entry = tableEntry(analyteId);
    return entry && scaleOf(*entry, normalisedUnit(unit));
}

std::optional<double> valueIn(const fhir::Observation &observation, QStringView unit)
{
    const std::optional<double> value = observation.value.numeric();
    if (!value)
        return std::nullopt;
    const QString from = observation.value.unitKey();
    if (normalisedUnit(from) == normalisedUnit(unit))
        return value;
    const std::optional<QString> id = analyteOf(observation);
    if (!id)
        return std::nullopt;
    return convert(*value, from, unit, *id);
}

} // namespace kete::merge
