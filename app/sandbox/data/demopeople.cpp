#include "sandbox/data/demopeople.h"

#include "sandbox/data/fhirjson.h"
#include "sandbox/data/jsonresource.h"

#include <QJsonArray>
#include <QJsonObject>

namespace kete::sandbox::people {

namespace {

QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QDate date(const QJsonObject &object, const char *key)
{
    return QDate::fromString(text(object, key), Qt::ISODate);
}

QStringList strings(const QJsonValue &value)
{
    QStringList result;
    for (const QJsonValue &item : value.toArray())
        result.append(item.toString());
    return result;
}

Orders ordersFrom(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    const auto every = [&](const char *kind) { return object.value(QLatin1String(kind)).toInt(); };
    return Orders{.cbc = every("cbc"),
                  .basicMetabolic = every("basicMetabolic"),
                  .lipid = every("lipid"),
                  .hba1c = every("hba1c"),
                  .tsh = every("tsh"),
                  .ferritin = every("ferritin"),
                  .troponin = every("troponin"),
                  .urine = every("urine"),
                  .lead = every("lead"),
                  .egfr = every("egfr")};
}

// The one onset[x] (or abatement[x]) of a condition as FHIR writes it; an Age is given in years.
void readChoice(const QJsonObject &object, const QString &prefix, QString &key, QJsonValue &value)
{
    for (const char *type : {"DateTime", "Age", "Period", "String"}) {
        const QString candidate = prefix + QLatin1String(type);
        if (!object.contains(candidate))
            continue;
        key = candidate;
        value = qstrcmp(type, "Age") == 0 ? fhirjson::ageInYears(object.value(candidate).toDouble())
                                          : object.value(candidate);
        return;
    }
}

// `codes` holds the SNOMED CT display and ICD-10-CM coding of each condition, once.
ConditionSpec conditionFrom(const QJsonObject &object, const QJsonObject &codes)
{
    ConditionSpec condition;
    condition.snomed = text(object, "snomed");
    const QJsonObject code = codes.value(condition.snomed).toObject();
    if (code.isEmpty())
        qFatal("demo-people.json: condition %s is not in conditionCodes",
               qPrintable(condition.snomed));
    condition.snomedDisplay = text(code, "display");
    condition.icd10 = text(code, "icd10");
    condition.icd10Display = text(code, "icd10Display");
    condition.clinicalStatus = text(object, "clinicalStatus");
    condition.verificationStatus = text(object, "verificationStatus");
    condition.category = text(object, "category");
    readChoice(object, QStringLiteral("onset"), condition.onsetKey, condition.onset);
    readChoice(object, QStringLiteral("abatement"), condition.abatementKey, condition.abatement);
    condition.recorded = date(object, "recorded");
    return condition;
}

QList<ConditionSpec> conditionsFrom(const QJsonValue &value, const QJsonObject &codes)
{
    QList<ConditionSpec> result;
    for (const QJsonValue &condition : value.toArray())
        result.append(conditionFrom(condition.toObject(), codes));
    return result;
}

HospitalRecord hospitalFrom(const QJsonObject &object, const QJsonObject &codes)
{
    HospitalRecord hospital;
    hospital.mrn = text(object, "mrn");
    for (const QJsonValue &draw : object.value(QLatin1String("draws")).toArray()) {
        const QDateTime when = QDateTime::fromString(draw.toString(), Qt::ISODate);
        if (!when.isValid())
            qFatal("demo-people.json: hospital draw %s is not a dateTime",
                   qPrintable(draw.toString()));
        hospital.draws.append(when);
    }
    hospital.conditions = conditionsFrom(object.value(QLatin1String("conditions")), codes);
    return hospital;
}

PatientSpec patientFrom(const QJsonObject &object, const QJsonObject &codes)
{
    PatientSpec patient;
    patient.id = text(object, "id");
    patient.given = text(object, "given");
    patient.family = text(object, "family");
    patient.gender = text(object, "gender");
    patient.birthDate = date(object, "birthDate");
    patient.login = text(object, "login");
    patient.practitionerId = text(object, "practitioner");
    patient.mrn = text(object, "mrn");
    patient.city = text(object, "city");
    patient.visitsPerYear = object.value(QLatin1String("visitsPerYear")).toInt();
    patient.orders = ordersFrom(object.value(QLatin1String("orders")));
    const QJsonObject trends = object.value(QLatin1String("trends")).toObject();
    for (auto it = trends.begin(); it != trends.end(); ++it) {
        const QJsonObject trend = it->toObject();
        patient.trends.insert(it.key(), Trend{trend.value(QLatin1String("start")).toDouble(),
                                              trend.value(QLatin1String("end")).toDouble()});
    }
    for (const QJsonValue &item : object.value(QLatin1String("forced")).toArray()) {
        const QJsonObject forced = item.toObject();
        patient.forced.append(ForcedValue{forced.value(QLatin1String("visitFromEnd")).toInt(),
                                          text(forced, "loinc"),
                                          forced.value(QLatin1String("value")).toDouble()});
    }
    patient.weightKg = object.value(QLatin1String("weightKg")).toDouble(patient.weightKg);
    patient.heightCm = object.value(QLatin1String("heightCm")).toDouble(patient.heightCm);
    patient.systolic = object.value(QLatin1String("systolic")).toInt(patient.systolic);
    patient.diastolic = object.value(QLatin1String("diastolic")).toInt(patient.diastolic);
    patient.conditions = conditionsFrom(object.value(QLatin1String("conditions")), codes);
    patient.hospital = hospitalFrom(object.value(QLatin1String("hospital")).toObject(), codes);
    if (object.contains(QLatin1String("deceased")))
        patient.deceased = QDateTime::fromString(text(object, "deceased"), Qt::ISODate);
    return patient;
}

ClinicianSpec clinicianFrom(const QJsonObject &object)
{
    return ClinicianSpec{text(object, "id"), text(object, "given"), text(object, "family"),
                         text(object, "identifier"), text(object, "login")};
}

ExtraPatientPool extrasFrom(const QJsonObject &object, const QJsonObject &codes)
{
    ExtraPatientPool pool;
    pool.city = text(object, "city");
    pool.systolic = object.value(QLatin1String("systolic")).toInt();
    pool.diastolic = object.value(QLatin1String("diastolic")).toInt();
    pool.orders = ordersFrom(object.value(QLatin1String("orders")));
    pool.femaleNames = strings(object.value(QLatin1String("femaleNames")));
    pool.maleNames = strings(object.value(QLatin1String("maleNames")));
    pool.familyNames = strings(object.value(QLatin1String("familyNames")));
    pool.conditions = conditionsFrom(object.value(QLatin1String("conditions")), codes);
    return pool;
}

Roster parse(const QJsonObject &root)
{
    const QJsonObject codes = root.value(QLatin1String("conditionCodes")).toObject();
    Roster roster;
    for (const QJsonValue &clinician : root.value(QLatin1String("clinicians")).toArray())
        roster.clinicians.append(clinicianFrom(clinician.toObject()));
    for (const QJsonValue &patient : root.value(QLatin1String("patients")).toArray())
        roster.patients.append(patientFrom(patient.toObject(), codes));
    roster.extras = extrasFrom(root.value(QLatin1String("extraPatients")).toObject(), codes);
    // The extra patients are shared between two clinicians.
    if (roster.clinicians.size() != 2 || roster.patients.isEmpty() ||
        roster.extras.femaleNames.isEmpty() || roster.extras.maleNames.isEmpty() ||
        roster.extras.familyNames.isEmpty())
        qFatal("demo-people.json: needs two clinicians, patients and names for extra patients");
    return roster;
}

} // namespace

const Roster &roster()
{
    static const Roster parsed =
        parse(readJsonResource(QStringLiteral(":/sandbox/demo-people.json")));
    return parsed;
}

} // namespace kete::sandbox::people
