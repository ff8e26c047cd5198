#pragma once

// FHIR R4 resources for the view tests, written as a server sends them and read with the real
// parsers: a patient, lab results (an out-of-range value, a censored "<" value, a preliminary
// result, notes and performers), blood pressure with components, panels and conditions.

#include "fhir/condition.h"
#include "fhir/diagnosticreport.h"
#include "fhir/observation.h"
#include "fhir/patient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <optional>

namespace fixtures {

using namespace kete::fhir;

inline QJsonObject json(const QByteArray &text)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("fixture JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

inline QJsonObject concept_(const QString &system, const QString &code, const QString &display)
{
    return QJsonObject{
        {QStringLiteral("coding"), QJsonArray{QJsonObject{{QStringLiteral("system"), system},
                                                          {QStringLiteral("code"), code},
                                                          {QStringLiteral("display"), display}}}},
        {QStringLiteral("text"), display}};
}

inline QJsonObject quantity(double value, const QString &unit, const QString &comparator = {})
{
    QJsonObject q{{QStringLiteral("value"), value},
                  {QStringLiteral("unit"), unit},
                  {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                  {QStringLiteral("code"), unit}};
    if (!comparator.isEmpty())
        q.insert(QStringLiteral("comparator"), comparator);
    return q;
}

struct Lab
{
    QString id;
    QString loinc;
    QString name;
    double value = 0;
    QString unit;
    QString date;
    std::optional<double> low = {};
    std::optional<double> high = {};
    QString status = QStringLiteral("final");
    QString comparator = {};
    QString interpretation = {};
    QString performer = {};
    QString note = {};
};

inline Observation lab(const Lab &lab)
{
    QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), lab.id},
        {QStringLiteral("status"), lab.status},
        {QStringLiteral("category"),
         QJsonArray{
             concept_(QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category"),
                      QStringLiteral("laboratory"), QStringLiteral("Laboratory"))}},
        {QStringLiteral("code"), concept_(QStringLiteral("http://loinc.org"), lab.loinc, lab.name)},
        {QStringLiteral("subject"),
         QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/amy")}}},
        {QStringLiteral("effectiveDateTime"), lab.date},
        {QStringLiteral("valueQuantity"), quantity(lab.value, lab.unit, lab.comparator)},
    };
    if (lab.low || lab.high) {
        QJsonObject range;
        if (lab.low)
            range.insert(QStringLiteral("low"), quantity(*lab.low, lab.unit));
        if (lab.high)
            range.insert(QStringLiteral("high"), quantity(*lab.high, lab.unit));
        o.insert(QStringLiteral("referenceRange"), QJsonArray{range});
    }
    if (!lab.interpretation.isEmpty())
        o.insert(QStringLiteral("interpretation"),
                 QJsonArray{concept_(QStringLiteral("http://terminology.hl7.org/CodeSystem/"
                                                    "v3-ObservationInterpretation"),
                                     lab.interpretation, lab.interpretation)});
    if (!lab.performer.isEmpty())
        o.insert(QStringLiteral("performer"),
                 QJsonArray{QJsonObject{{QStringLiteral("display"), lab.performer}}});
    if (!lab.note.isEmpty())
        o.insert(QStringLiteral("note"),
                 QJsonArray{QJsonObject{{QStringLiteral("text"), lab.note}}});
    auto parsed = parseObservation(o);
    if (!parsed.ok())
        qFatal("fixture observation did not parse");
    return parsed.value();
}

inline Observation bloodPressure(const QString &id, const QString &date, double systolic,
                                 double diastolic)
{
    const QByteArray text = QStringLiteral(R"({
      "resourceType": "Observation", "id": "%1", "status": "final",
      "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                "code": "vital-signs"}]}],
      "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9",
                           "display": "Blood pressure panel with all children optional"}],
               "text": "Blood pressure"},
      "subject": {"reference": "Patient/amy"},
      "effectiveDateTime": "%2",
      "component": [
        {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6",
                              "display": "Systolic blood pressure"}]},
         "valueQuantity": {"value": %3, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org",
                           "code": "mm[Hg]"},
         "referenceRange": [{"high": {"value": 130, "unit": "mm[Hg]", "code": "mm[Hg]"}}]},
        {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4",
                              "display": "Diastolic blood pressure"}]},
         "valueQuantity": {"value": %4, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org",
                           "code": "mm[Hg]"},
         "referenceRange": [{"high": {"value": 85, "unit": "mm[Hg]", "code": "mm[Hg]"}}]}
      ]})")
                                .arg(id, date)
                                .arg(systolic)
                                .arg(diastolic)
                                .toUtf8();
    return parseObservation(json(text)).value();
}

inline DiagnosticReport report(const QString &id, const QString &loinc, const QString &name,
                               const QStringList &resultIds)
{
    QJsonArray results;
    for (const QString &result : resultIds)
        results.append(QJsonObject{
            {QStringLiteral("reference"), QString(QStringLiteral("Observation/") + result)}});
    const QJsonObject r{
        {QStringLiteral("resourceType"), QStringLiteral("DiagnosticReport")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("code"), concept_(QStringLiteral("http://loinc.org"), loinc, name)},
        {QStringLiteral("subject"),
         QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/amy")}}},
        {QStringLiteral("result"), results},
    };
    return parseDiagnosticReport(r).value();
}

inline Patient patient()
{
    return parsePatient(json(R"({
      "resourceType": "Patient", "id": "amy",
      "name": [{"use": "official", "family": "Shaw", "given": ["Amy"]}],
      "gender": "female", "birthDate": "1971-03-12"})"))
        .value();
}

// Glucose 7.8 (High, computed), Potassium 4.4 (normal; its note starts with "="), Hemoglobin
// 11.2 (Low, sent by the lab), C-reactive protein "< 0.5" then 3.2, HbA1c 6.9 preliminary
// (High, sent), blood pressure 142/91 (systolic and diastolic components).
inline QList<Observation> labs()
{
    const QString mmol = QStringLiteral("mmol/L");
    return {
        lab({QStringLiteral("g1"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 5.2, mmol,
             QStringLiteral("2023-01-10"), 3.9, 5.5}),
        lab({QStringLiteral("g2"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 6.0, mmol,
             QStringLiteral("2024-01-12"), 3.9, 5.5}),
        lab({QStringLiteral("g3"),
             QStringLiteral("2345-7"),
             QStringLiteral("Glucose"),
             7.8,
             mmol,
             QStringLiteral("2025-02-03"),
             3.9,
             5.5,
             QStringLiteral("final"),
             {},
             {},
             QStringLiteral("Demo Health Lab"),
             QStringLiteral("Fasting, \"8 hours\"")}),
        lab({QStringLiteral("k1"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 4.1, mmol,
             QStringLiteral("2024-01-12"), 3.5, 5.1}),
        lab({QStringLiteral("k2"),
             QStringLiteral("2823-3"),
             QStringLiteral("Potassium"),
             4.4,
             mmol,
             QStringLiteral("2025-02-03"),
             3.5,
             5.1,
             QStringLiteral("final"),
             {},
             {},
             QStringLiteral("Demo Health Lab"),
             QStringLiteral("=1+2, haemolysed sample")}),
        lab({QStringLiteral("h1"),
             QStringLiteral("718-7"),
             QStringLiteral("Hemoglobin"),
             11.2,
             QStringLiteral("g/dL"),
             QStringLiteral("2025-02-03"),
             12,
             15.5,
             QStringLiteral("final"),
             {},
             QStringLiteral("L")}),
        lab({QStringLiteral("c1"), QStringLiteral("1988-5"), QStringLiteral("C-reactive protein"),
             0.5, QStringLiteral("mg/L"), QStringLiteral("2024-06-01"), 0, 5,
             QStringLiteral("final"), QStringLiteral("<")}),
        lab({QStringLiteral("c2"), QStringLiteral("1988-5"), QStringLiteral("C-reactive protein"),
             3.2, QStringLiteral("mg/L"), QStringLiteral("2025-02-03"), 0, 5}),
        lab({QStringLiteral("a1"),
             QStringLiteral("4548-4"),
             QStringLiteral("Hemoglobin A1c"),
             6.9,
             QStringLiteral("%"),
             QStringLiteral("2025-02-03"),
             4,
             5.6,
             QStringLiteral("preliminary"),
             {},
             QStringLiteral("H"),
             QStringLiteral("Demo Health Lab"),
             QStringLiteral("Repeat in 3 months")}),
        bloodPressure(QStringLiteral("bp1"), QStringLiteral("2024-03-01"), 128, 82),
        bloodPressure(QStringLiteral("bp2"), QStringLiteral("2025-02-03"), 142, 91),
    };
}

inline QList<DiagnosticReport> reports()
{
    return {report(QStringLiteral("r1"), QStringLiteral("51990-0"),
                   QStringLiteral("Basic metabolic panel"),
                   {QStringLiteral("g1"), QStringLiteral("g2"), QStringLiteral("g3"),
                    QStringLiteral("k1"), QStringLiteral("k2")}),
            report(QStringLiteral("r2"), QStringLiteral("58410-2"),
                   QStringLiteral("Complete blood count"), {QStringLiteral("h1")})};
}

inline Condition condition(const QString &id, const QString &name, const QString &status,
                           const QString &category, const QString &onset,
                           const QString &abatement = {})
{
    QJsonObject c{
        {QStringLiteral("resourceType"), QStringLiteral("Condition")},
        {QStringLiteral("id"), id},
        {QStringLiteral("clinicalStatus"),
         concept_(QStringLiteral("http://terminology.hl7.org/CodeSystem/condition-clinical"),
                  status, status)},
        {QStringLiteral("verificationStatus"),
         concept_(QStringLiteral("http://terminology.hl7.org/CodeSystem/condition-ver-status"),
                  QStringLiteral("confirmed"), QStringLiteral("Confirmed"))},
        {QStringLiteral("category"),
         QJsonArray{
             concept_(QStringLiteral("http://terminology.hl7.org/CodeSystem/condition-category"),
                      category, category)}},
        {QStringLiteral("code"), QJsonObject{{QStringLiteral("text"), name}}},
        {QStringLiteral("subject"),
         QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/amy")}}},
        {QStringLiteral("onsetDateTime"), onset},
    };
    if (!abatement.isEmpty())
        c.insert(QStringLiteral("abatementDateTime"), abatement);
    return parseCondition(c).value();
}

// Three active (two on the problem list, one encounter diagnosis), two resolved.
inline QList<Condition> conditions()
{
    const QString problem = QStringLiteral("problem-list-item");
    const QString encounter = QStringLiteral("encounter-diagnosis");
    return {
        condition(QStringLiteral("c-dm"), QStringLiteral("Type 2 diabetes mellitus"),
                  QStringLiteral("active"), problem, QStringLiteral("2015-03-01")),
        condition(QStringLiteral("c-htn"), QStringLiteral("Hypertension"), QStringLiteral("active"),
                  problem, QStringLiteral("2019-06")),
        condition(QStringLiteral("c-asthma"), QStringLiteral("Childhood asthma"),
                  QStringLiteral("resolved"), problem, QStringLiteral("1979"),
                  QStringLiteral("1990-05")),
        condition(QStringLiteral("c-ankle"), QStringLiteral("Sprain of ankle"),
                  QStringLiteral("resolved"), encounter, QStringLiteral("2021-01-01"),
                  QStringLiteral("2021-02-01")),
        condition(QStringLiteral("c-bronch"), QStringLiteral("Acute bronchitis"),
                  QStringLiteral("active"), encounter, QStringLiteral("2025-01-20")),
    };
}

// A result whose normal range the lab sent only as text (no numeric low / high).
inline Observation labWithRangeText(const QString &id, const QString &loinc, const QString &name,
                                    double value, const QString &unit, const QString &date,
                                    const QString &rangeText)
{
    const QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("category"),
         QJsonArray{
             concept_(QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category"),
                      QStringLiteral("laboratory"), QStringLiteral("Laboratory"))}},
        {QStringLiteral("code"), concept_(QStringLiteral("http://loinc.org"), loinc, name)},
        {QStringLiteral("subject"),
         QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/amy")}}},
        {QStringLiteral("effectiveDateTime"), date},
        {QStringLiteral("valueQuantity"), quantity(value, unit)},
        {QStringLiteral("referenceRange"),
         QJsonArray{QJsonObject{{QStringLiteral("text"), rangeText}}}}};
    auto parsed = parseObservation(o);
    if (!parsed.ok())
        qFatal("fixture observation did not parse");
    return parsed.value();
}

// The long text ranges labs send: several bands in words, which fit no column.
inline QString longVitaminDRange()
{
    return QStringLiteral("Deficiency: below 20 ng/mL; insufficiency: 21 to 29 ng/mL; "
                          "sufficiency: 30 to 100 ng/mL; possible toxicity: above 150 ng/mL");
}

inline QString longA1cRange()
{
    return QStringLiteral(
        "Non-diabetic: below 5.7 %; prediabetes: 5.7 to 6.4 %; diabetes: 6.5 % or more. "
        "Reference intervals per IFCC/NGSP harmonisation");
}

// What a row shows at a glance, one of each: LDL 162 mg/dL with only an upper bound (129) and
// seven results; HDL 48 with only a lower bound (40); potassium critically high (HH) and sodium
// critically low (LL) as the lab flagged them; creatinine without a range; TSH with a range sent
// as text ("0.4-4.0"); vitamin D and HbA1c with long text ranges.
inline QList<Observation> glanceLabs()
{
    const QString mgdl = QStringLiteral("mg/dL");
    const QString mmol = QStringLiteral("mmol/L");
    const QString ldl = QStringLiteral("18262-6");
    QList<Observation> labs;
    const QList<std::pair<QString, double>> ldlHistory{
        {QStringLiteral("2019-03-02"), 140}, {QStringLiteral("2020-03-10"), 151},
        {QStringLiteral("2021-02-20"), 133}, {QStringLiteral("2022-04-01"), 126},
        {QStringLiteral("2023-03-15"), 144}, {QStringLiteral("2024-05-05"), 155},
        {QStringLiteral("2025-08-14"), 162}};
    for (qsizetype i = 0; i < ldlHistory.size(); ++i)
        labs << lab({QStringLiteral("ldl%1").arg(i), ldl, QStringLiteral("LDL Cholesterol"),
                     ldlHistory.at(i).second, mgdl, ldlHistory.at(i).first, std::nullopt, 129});
    labs << lab({QStringLiteral("hdl1"), QStringLiteral("2085-9"),
                 QStringLiteral("HDL Cholesterol"), 52, mgdl, QStringLiteral("2024-05-05"), 40})
         << lab({QStringLiteral("hdl2"), QStringLiteral("2085-9"),
                 QStringLiteral("HDL Cholesterol"), 48, mgdl, QStringLiteral("2025-08-14"), 40})
         << lab({QStringLiteral("kk1"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 4.6,
                 mmol, QStringLiteral("2024-05-05"), 3.5, 5.1})
         << lab({QStringLiteral("kk2"),
                 QStringLiteral("2823-3"),
                 QStringLiteral("Potassium"),
                 6.9,
                 mmol,
                 QStringLiteral("2025-08-14"),
                 3.5,
                 5.1,
                 QStringLiteral("final"),
                 {},
                 QStringLiteral("HH")})
         << lab({QStringLiteral("na1"),
                 QStringLiteral("2951-2"),
                 QStringLiteral("Sodium"),
                 118,
                 mmol,
                 QStringLiteral("2025-08-14"),
                 135,
                 145,
                 QStringLiteral("final"),
                 {},
                 QStringLiteral("LL")})
         << lab({QStringLiteral("cr1"), QStringLiteral("2160-0"), QStringLiteral("Creatinine"), 1.1,
                 mgdl, QStringLiteral("2025-08-14")})
         << labWithRangeText(QStringLiteral("tsh1"), QStringLiteral("3016-3"),
                             QStringLiteral("Thyrotropin"), 2.1, QStringLiteral("m[IU]/L"),
                             QStringLiteral("2025-08-14"), QStringLiteral("0.4-4.0"))
         << labWithRangeText(QStringLiteral("vd1"), QStringLiteral("1989-3"),
                             QStringLiteral("Vitamin D 25-OH"), 24, QStringLiteral("ng/mL"),
                             QStringLiteral("2025-08-14"), longVitaminDRange())
         << labWithRangeText(QStringLiteral("a1c1"), QStringLiteral("4548-4"),
                             QStringLiteral("Hemoglobin A1c"), 6.1, QStringLiteral("%"),
                             QStringLiteral("2025-08-14"), longA1cRange());
    return labs;
}

} // namespace fixtures
