#include "fhir/patient.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace kete::fhir {

QString HumanName::displayName() const
{
    if (!text.isEmpty())
        return text;
    QStringList parts = prefix;
    parts << given;
    if (!family.isEmpty())
        parts << family;
    parts << suffix;
    return parts.join(QLatin1Char(' '));
}

QString preferredName(const QList<HumanName> &names)
{
    for (const QLatin1String use : {QLatin1String("usual"), QLatin1String("official")}) {
        for (const HumanName &name : names) {
            if (name.use == use)
                return name.displayName();
        }
    }
    return names.isEmpty() ? QString() : names.constFirst().displayName();
}

QString Patient::displayName() const
{
    return preferredName(names);
}

QString Patient::medicalRecordNumber() const
{
    for (const Identifier &identifier : identifiers) {
        for (const Coding &coding : identifier.type.codings) {
            if (coding.code == QLatin1String("MR"))
                return identifier.value;
        }
    }
    return {};
}

QString Practitioner::displayName() const
{
    return preferredName(names);
}

// `date`, or the date of death when that came first.
static QDate lastLivingDate(const Patient &patient, QDate date)
{
    if (patient.deceased && patient.deceased->isValid())
        return std::min(date, patient.deceased->date());
    return date;
}

std::optional<int> Patient::ageInYearsAt(QDate date) const
{
    if (deceased && !deceased->isValid())
        return std::nullopt;
    date = lastLivingDate(*this, date);
    const QDate birth = birthDate.date();
    if (!birth.isValid() || !date.isValid() || date < birth)
        return std::nullopt;
    int years = date.year() - birth.year();
    if (date.month() < birth.month() || (date.month() == birth.month() && date.day() < birth.day()))
        --years;
    return years;
}

std::optional<double> Patient::ageInDaysAt(QDate date) const
{
    date = lastLivingDate(*this, date);
    const QDate birth = birthDate.date();
    if (!birth.isValid() || !date.isValid() || date < birth)
        return std::nullopt;
    return double(birth.daysTo(date));
}

static QStringList strings(const QJsonValue &value)
{
    QStringList result;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &v : array) {
        if (v.isString())
            result << v.toString();
    }
    return result;
}

QList<HumanName> parseNames(const QJsonValue &value)
{
    QList<HumanName> names;
    for (const QJsonValue &n : value.toArray()) {
        const QJsonObject o = n.toObject();
        HumanName name;
        name.use = o.value(QLatin1String("use")).toString();
        name.text = o.value(QLatin1String("text")).toString();
        name.family = o.value(QLatin1String("family")).toString();
        name.given = strings(o.value(QLatin1String("given")));
        name.prefix = strings(o.value(QLatin1String("prefix")));
        name.suffix = strings(o.value(QLatin1String("suffix")));
        names.append(std::move(name));
    }
    return names;
}

Result<Practitioner> parsePractitioner(const QJsonObject &object)
{
    if (object.value(QLatin1String("resourceType")).toString() != QLatin1String("Practitioner"))
        return Error{
            QCoreApplication::translate("kete::fhir", "The clinician's details could not be read."),
            QStringLiteral("resourceType is not Practitioner"), ErrorCode::FhirUnreadable};
    Practitioner practitioner;
    practitioner.id = object.value(QLatin1String("id")).toString();
    practitioner.names = parseNames(object.value(QLatin1String("name")));
    return practitioner;
}

Result<Patient> parsePatient(const QJsonObject &object)
{
    if (object.value(QLatin1String("resourceType")).toString() != QLatin1String("Patient")) {
        return Error{
            QCoreApplication::translate("kete::fhir", "The patient record could not be read."),
            QStringLiteral("resourceType is not Patient"), ErrorCode::FhirUnreadable};
    }
    Patient patient;
    patient.id = object.value(QLatin1String("id")).toString();
    patient.names = parseNames(object.value(QLatin1String("name")));
    patient.birthDate = json::dateTime(object.value(QLatin1String("birthDate")));
    if (const QJsonValue died = object.value(QLatin1String("deceasedDateTime")); died.isString())
        patient.deceased = json::dateTime(died);
    else if (object.value(QLatin1String("deceasedBoolean")).toBool())
        patient.deceased = FhirDateTime();
    const QString gender = object.value(QLatin1String("gender")).toString();
    if (gender == QLatin1String("male"))
        patient.sex = Sex::Male;
    else if (gender == QLatin1String("female"))
        patient.sex = Sex::Female;
    else if (gender == QLatin1String("other"))
        patient.sex = Sex::Other;
    const QJsonArray identifiers = object.value(QLatin1String("identifier")).toArray();
    for (const QJsonValue &i : identifiers) {
        const QJsonObject o = i.toObject();
        Identifier identifier{o.value(QLatin1String("system")).toString(),
                              o.value(QLatin1String("value")).toString(),
                              json::codeableConcept(o.value(QLatin1String("type")))};
        if (!identifier.value.isEmpty())
            patient.identifiers.append(std::move(identifier));
    }
    return patient;
}

} // namespace kete::fhir
