#include "fhir/condition.h"

#include "fhir/jsonreaders.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>
#include <string>

namespace kete::fhir {

static QString tr(const char *text)
{
    return QCoreApplication::translate("kete::fhir", text);
}

QString ageText(const Quantity &age, const QLocale &locale)
{
    if (!age.value)
        return QString();
    const QString unit = age.code.isEmpty() ? age.unit : age.code;
    const QString number = formatDecimal(*age.value, locale);
    if (unit == QLatin1String("a") || unit.isEmpty())
        return number;
    if (unit == QLatin1String("mo"))
        return QCoreApplication::translate("kete::fhir", "%1 months").arg(number);
    if (unit == QLatin1String("wk"))
        return QCoreApplication::translate("kete::fhir", "%1 weeks").arg(number);
    if (unit == QLatin1String("d"))
        return QCoreApplication::translate("kete::fhir", "%1 days").arg(number);
    return number + QLatin1Char(' ') + age.unitDisplay();
}

QString ConditionTime::toDisplayString(const QLocale &locale) const
{
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::DateTime:
        return start.toDisplayString(locale);
    case Kind::Age:
        return age ? QCoreApplication::translate("kete::fhir", "at age %1")
                         .arg(ageText(*age, locale))
                   : QString();
    case Kind::Period:
        if (start.isValid() && end.isValid())
            return start.toDisplayString(locale) + QStringLiteral(" – ") +
                   end.toDisplayString(locale);
        return start.isValid() ? start.toDisplayString(locale) : end.toDisplayString(locale);
    case Kind::Range: {
        const QString low = age ? ageText(*age, locale) : QString();
        const QString high = ageHigh ? ageText(*ageHigh, locale) : QString();
        if (!low.isEmpty() && !high.isEmpty())
            return QCoreApplication::translate("kete::fhir", "age %1–%2").arg(low, high);
        if (!low.isEmpty())
            return QCoreApplication::translate("kete::fhir", "after age %1").arg(low);
        return QCoreApplication::translate("kete::fhir", "before age %1").arg(high);
    }
    case Kind::String:
        if (text.isEmpty() && boolean)
            return QCoreApplication::translate("kete::fhir::ConditionTime", "Yes");
        return text;
    }
    return QString();
}

QDateTime ConditionTime::sortKey(QDate birthDate) const
{
    switch (kind) {
    case Kind::DateTime:
    case Kind::Period:
        return start.isValid() ? start.toDateTime() : end.toDateTime();
    case Kind::Age:
    case Kind::Range: {
        const std::optional<Quantity> &q = age ? age : ageHigh;
        if (!q || !birthDate.isValid())
            return QDateTime();
        // An age without a unit is shown as years ("at age 38"), so it sorts as years too.
        Quantity years = *q;
        if (years.code.isEmpty() && years.unit.isEmpty())
            years.code = QStringLiteral("a");
        const std::optional<double> days = ageInDays(years);
        if (!days)
            return QDateTime();
        return QDateTime(birthDate.addDays(qint64(std::llround(*days))), QTime(0, 0));
    }
    case Kind::None:
    case Kind::String:
        break;
    }
    return QDateTime();
}

QString Condition::snomedCode() const
{
    const Coding *c = code.coding(kSnomedSystem);
    return c ? c->code : QString();
}

QString Condition::icd10Code() const
{
    const Coding *c = code.coding(kIcd10CmSystem);
    if (!c)
        c = code.coding(kIcd10System);
    return c ? c->code : QString();
}

QString Condition::displayName() const
{
    if (!code.text.isEmpty())
        return code.text;
    for (const QLatin1String system : {kSnomedSystem, kIcd10CmSystem, kIcd10System}) {
        if (const Coding *c = code.coding(system); c && !c->display.isEmpty())
            return c->display;
    }
    return code.displayText();
}

bool Condition::isActive() const
{
    return clinicalStatus == ClinicalStatus::Active ||
           clinicalStatus == ClinicalStatus::Recurrence ||
           clinicalStatus == ClinicalStatus::Relapse;
}

bool Condition::isResolved() const
{
    if (clinicalStatus == ClinicalStatus::Unknown)
        return !abatement.isEmpty();
    return clinicalStatus == ClinicalStatus::Resolved || clinicalStatus == ClinicalStatus::Inactive;
}

QString Condition::clinicalStatusText() const
{
    switch (clinicalStatus) {
    case ClinicalStatus::Unknown:
        return QString();
    case ClinicalStatus::Active:
        return QCoreApplication::translate("kete::fhir::Condition", "Active");
    case ClinicalStatus::Recurrence:
        return QCoreApplication::translate("kete::fhir::Condition", "Recurrence");
    case ClinicalStatus::Relapse:
        return QCoreApplication::translate("kete::fhir::Condition", "Relapse");
    case ClinicalStatus::Inactive:
        return QCoreApplication::translate("kete::fhir::Condition", "Inactive");
    case ClinicalStatus::Remission:
        return QCoreApplication::translate("kete::fhir::Condition", "In remission");
    case ClinicalStatus::Resolved:
        return QCoreApplication::translate("kete::fhir::Condition", "Resolved");
    }
    return QString();
}

QString Condition::verificationStatusText() const
{
    switch (verificationStatus) {
    case VerificationStatus::Unknown:
        return QString();
    case VerificationStatus::Unconfirmed:
        return QCoreApplication::translate("kete::fhir::Condition", "Unconfirmed");
    case VerificationStatus::Provisional:
        return QCoreApplication::translate("kete::fhir::Condition", "Provisional");
    case VerificationStatus::Differential:
        return QCoreApplication::translate("kete::fhir::Condition", "Differential");
    case VerificationStatus::Confirmed:
        return QCoreApplication::translate("kete::fhir::Condition", "Confirmed");
    case VerificationStatus::Refuted:
        return QCoreApplication::translate("kete::fhir::Condition", "Refuted");
    case VerificationStatus::EnteredInError:
        return QCoreApplication::translate("kete::fhir::Condition", "Entered in error");
    }
    return QString();
}

QString Condition::categoryText() const
{
    switch (category) {
    case ConditionCategory::ProblemListItem:
        return QCoreApplication::translate("kete::fhir::Condition", "Problem list");
    case ConditionCategory::EncounterDiagnosis:
        return QCoreApplication::translate("kete::fhir::Condition", "Encounter diagnosis");
    case ConditionCategory::HealthConcern:
        return QCoreApplication::translate("kete::fhir::Condition", "Health concern");
    case ConditionCategory::Other:
        return categoryConcepts.isEmpty() ? QString() : categoryConcepts.constFirst().displayText();
    case ConditionCategory::Unknown:
        break;
    }
    return QString();
}

template<typename Enum, size_t N>
static Enum lookup(const CodeableConcept &concept_,
                   const std::pair<QLatin1String, Enum> (&table)[N], Enum fallback)
{
    for (const Coding &coding : concept_.codings) {
        for (const auto &[code, value] : table) {
            if (coding.code == code)
                return value;
        }
    }
    return fallback;
}

static ConditionTime parseTime(const json::Value &object, std::string_view prefix)
{
    ConditionTime t;
    const auto field = [&](std::string_view suffix) {
        std::string key(prefix);
        key += suffix;
        return object[key];
    };
    if (const json::Value v = field("DateTime"); v.isString()) {
        t.kind = ConditionTime::Kind::DateTime;
        t.start = json::dateTime(v);
    } else if (const json::Value a = field("Age"); a.isObject()) {
        t.kind = ConditionTime::Kind::Age;
        t.age = json::quantity(a);
    } else if (const json::Value p = field("Period"); p.isObject()) {
        t.kind = ConditionTime::Kind::Period;
        const Period period = json::period(p);
        t.start = period.start;
        t.end = period.end;
    } else if (const json::Value r = field("Range"); r.isObject()) {
        t.kind = ConditionTime::Kind::Range;
        const std::optional<Range> range = json::range(r);
        if (range) {
            t.age = range->low;
            t.ageHigh = range->high;
        }
    } else if (const json::Value s = field("String"); s.isString()) {
        t.kind = ConditionTime::Kind::String;
        t.text = s.toString();
    } else if (const json::Value b = field("Boolean"); b.isBool() && b.toBool()) {
        t.kind = ConditionTime::Kind::String;
        t.boolean = true;
    }
    return t;
}

Result<Condition> parseCondition(const json::Value &object)
{
    if (object["resourceType"].stringView() != "Condition") {
        return Error{tr("A condition could not be read."),
                     QStringLiteral("resourceType is not Condition"), ErrorCode::FhirUnreadable};
    }
    Condition c;
    c.id = object["id"].toString();
    c.code = json::codeableConcept(object["code"]);
    if (c.code.isEmpty())
        return Error{tr("A condition could not be read."),
                     QStringLiteral("Condition %1 has no code").arg(c.id),
                     ErrorCode::FhirUnreadable};

    static const std::pair<QLatin1String, ClinicalStatus> clinical[] = {
        {QLatin1String("active"), ClinicalStatus::Active},
        {QLatin1String("recurrence"), ClinicalStatus::Recurrence},
        {QLatin1String("relapse"), ClinicalStatus::Relapse},
        {QLatin1String("inactive"), ClinicalStatus::Inactive},
        {QLatin1String("remission"), ClinicalStatus::Remission},
        {QLatin1String("resolved"), ClinicalStatus::Resolved},
    };
    c.clinicalStatus =
        lookup(json::codeableConcept(object["clinicalStatus"]), clinical, ClinicalStatus::Unknown);
    static const std::pair<QLatin1String, VerificationStatus> verification[] = {
        {QLatin1String("unconfirmed"), VerificationStatus::Unconfirmed},
        {QLatin1String("provisional"), VerificationStatus::Provisional},
        {QLatin1String("differential"), VerificationStatus::Differential},
        {QLatin1String("confirmed"), VerificationStatus::Confirmed},
        {QLatin1String("refuted"), VerificationStatus::Refuted},
        {QLatin1String("entered-in-error"), VerificationStatus::EnteredInError},
    };
    c.verificationStatus = lookup(json::codeableConcept(object["verificationStatus"]), verification,
                                  VerificationStatus::Unknown);

    static const std::pair<QLatin1String, ConditionCategory> categories[] = {
        {QLatin1String("problem-list-item"), ConditionCategory::ProblemListItem},
        {QLatin1String("encounter-diagnosis"), ConditionCategory::EncounterDiagnosis},
        {QLatin1String("health-concern"), ConditionCategory::HealthConcern},
    };
    c.categoryConcepts = json::codeableConcepts(object["category"]);
    for (const CodeableConcept &concept_ : std::as_const(c.categoryConcepts)) {
        c.category = lookup(concept_, categories, ConditionCategory::Other);
        if (c.category != ConditionCategory::Other)
            break;
    }
    c.severity = json::codeableConcept(object["severity"]);
    c.onset = parseTime(object, "onset");
    c.abatement = parseTime(object, "abatement");
    c.recordedDate = json::dateTime(object["recordedDate"]);
    c.notes = json::annotationTexts(object["note"]);
    return c;
}

Result<Condition> parseCondition(const QJsonObject &object)
{
    return json::readQJson(object, [](const json::Value &v) { return parseCondition(v); });
}

} // namespace kete::fhir
