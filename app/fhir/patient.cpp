#include "fhir/patient.h"

#include "fhir/jsonreaders.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonValue>

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

static QStringList strings(const json::Value &value)
{
    QStringList result;
    for (const json::Value &v : value.toArray()) {
        if (v.isString())
            result << v.toString();
    }
    return result;
}

QList<HumanName> parseNames(const json::Value &value)
{
    QList<HumanName> names;
    for (const json::Value &o : value.toArray()) {
        HumanName name;
        name.use = o["use"].toString();
        name.text = o["text"].toString();
        name.family = o["family"].toString();
        name.given = strings(o["given"]);
        name.prefix = strings(o["prefix"]);
        name.suffix = strings(o["suffix"]);
        names.append(std::move(name));
    }
    return names;
}

QList<HumanName> parseNames(const QJsonValue &value)
{
    if (!value.isArray())
        return {};
    return json::readQJson(value.toArray(), [](const json::Value &v) { return parseNames(v); });
}

Result<Practitioner> parsePractitioner(const json::Value &object)
{
    if (object["resourceType"].stringView() != "Practitioner")
        return Error{
            QCoreApplication::translate("kete::fhir", "The clinician's details could not be read."),
            QStringLiteral("resourceType is not Practitioner"), ErrorCode::FhirUnreadable};
    Practitioner practitioner;
    practitioner.id = object["id"].toString();
    practitioner.names = parseNames(object["name"]);
    return practitioner;
}

Result<Organization> parseOrganization(const json::Value &object)
{
    if (object["resourceType"].stringView() != "Organization")
        return Error{QCoreApplication::translate("kete::fhir",
                                                 "The organization's details could not be read."),
                     QStringLiteral("resourceType is not Organization"), ErrorCode::FhirUnreadable};
    return Organization{object["id"].toString(), object["name"].toString().trimmed()};
}

Result<Patient> parsePatient(const json::Value &object)
{
    if (object["resourceType"].stringView() != "Patient") {
        return Error{
            QCoreApplication::translate("kete::fhir", "The patient record could not be read."),
            QStringLiteral("resourceType is not Patient"), ErrorCode::FhirUnreadable};
    }
    Patient patient;
    patient.id = object["id"].toString();
    patient.names = parseNames(object["name"]);
    patient.birthDate = json::dateTime(object["birthDate"]);
    if (const json::Value died = object["deceasedDateTime"]; died.isString())
        patient.deceased = json::dateTime(died);
    else if (object["deceasedBoolean"].toBool())
        patient.deceased = FhirDateTime();
    const std::string_view gender = object["gender"].stringView();
    if (gender == "male")
        patient.sex = Sex::Male;
    else if (gender == "female")
        patient.sex = Sex::Female;
    else if (gender == "other")
        patient.sex = Sex::Other;
    for (const json::Value &o : object["identifier"].toArray()) {
        Identifier identifier{o["system"].toString(), o["value"].toString(),
                              json::codeableConcept(o["type"])};
        if (!identifier.value.isEmpty())
            patient.identifiers.append(std::move(identifier));
    }
    return patient;
}

Result<Practitioner> parsePractitioner(const QJsonObject &object)
{
    return json::readQJson(object, [](const json::Value &v) { return parsePractitioner(v); });
}

Result<Organization> parseOrganization(const QJsonObject &object)
{
    return json::readQJson(object, [](const json::Value &v) { return parseOrganization(v); });
}

Result<Patient> parsePatient(const QJsonObject &object)
{
    return json::readQJson(object, [](const json::Value &v) { return parsePatient(v); });
}

} // namespace kete::fhir
