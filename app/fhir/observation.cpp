#include "fhir/observation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <cmath>

namespace kete::fhir {

std::optional<double> ObservationValue::numeric() const
{
    if (kind == Kind::Quantity)
        return quantity.value;
    if (kind == Kind::Integer)
        return double(integer);
    return std::nullopt;
}

Comparator ObservationValue::comparator() const
{
    return kind == Kind::Quantity ? quantity.comparator : Comparator::None;
}

QString ObservationValue::unitKey() const
{
    return kind == Kind::Quantity ? quantity.unitKey() : QString();
}

QString ObservationValue::unitDisplay() const
{
    return kind == Kind::Quantity ? quantity.unitDisplay() : QString();
}

QString ObservationValue::toDisplayString(const QLocale &locale) const
{
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::Quantity:
        return quantity.toDisplayString(locale);
    case Kind::String:
        return string;
    case Kind::CodeableConcept:
        return codeableConcept.displayText();
    case Kind::Boolean:
        return boolean ? QCoreApplication::translate("kete::fhir", "Yes")
                       : QCoreApplication::translate("kete::fhir", "No");
    case Kind::Integer:
        return locale.toString(integer);
    case Kind::Range:
        return range.toDisplayString(locale);
    case Kind::Ratio:
        return ratio.toDisplayString(locale);
    }
    return QString();
}

QString ReferenceRange::toDisplayString(const QLocale &locale) const
{
    if (!text.isEmpty())
        return text;
    return Range{low, high}.toDisplayString(locale);
}

QString Observation::loincCode() const
{
    const Coding *loinc = code.coding(kLoincSystem);
    return loinc ? loinc->code : QString();
}

QString Observation::codeKey() const
{
    if (const Coding *loinc = code.coding(kLoincSystem); loinc && !loinc->code.isEmpty())
        return QString(kLoincSystem) + QLatin1Char('|') + loinc->code;
    for (const Coding &c : code.codings) {
        if (!c.code.isEmpty())
            return c.system + QLatin1Char('|') + c.code;
    }
    return QStringLiteral("text|") + code.text.trimmed().toCaseFolded();
}

QString Observation::displayName() const
{
    if (!code.text.isEmpty())
        return code.text;
    if (const Coding *loinc = code.coding(kLoincSystem); loinc && !loinc->display.isEmpty())
        return loinc->display;
    return code.displayText();
}

bool Observation::hasCategory(QAnyStringView categoryCode) const
{
    for (const CodeableConcept &c : categories) {
        if (c.hasCode(categoryCode))
            return true;
    }
    return false;
}

bool Observation::isHidden() const
{
    return status == ObservationStatus::EnteredInError || status == ObservationStatus::Cancelled;
}

QString Observation::statusBadge() const
{
    switch (status) {
    case ObservationStatus::Preliminary:
        return QCoreApplication::translate("kete::fhir", "Preliminary");
    case ObservationStatus::Amended:
        return QCoreApplication::translate("kete::fhir", "Amended");
    case ObservationStatus::Corrected:
        return QCoreApplication::translate("kete::fhir", "Corrected");
    case ObservationStatus::Registered:
        return QCoreApplication::translate("kete::fhir", "Pending");
    default:
        return QString();
    }
}

const ObservationComponent *Observation::component(QAnyStringView loinc) const
{
    for (const ObservationComponent &c : components) {
        if (c.code.hasCode(kLoincSystem, loinc))
            return &c;
    }
    return nullptr;
}

QString Observation::valueDisplayString(const QLocale &locale) const
{
    if (!value.isEmpty())
        return value.toDisplayString(locale);
    if (isBloodPressure(*this)) {
        const ObservationComponent *sys = component(kLoincSystolic);
        const ObservationComponent *dia = component(kLoincDiastolic);
        const auto number = [&](const ObservationComponent *c) {
            const auto v = c ? c->value.numeric() : std::nullopt;
            return v ? formatDecimal(std::round(*v), locale) : QStringLiteral("?");
        };
        if (sys || dia) {
            const QString unit = sys ? sys->value.unitDisplay() : dia->value.unitDisplay();
            return number(sys) + QLatin1Char('/') + number(dia) +
                   (unit.isEmpty() ? QString() : QLatin1Char(' ') + unit);
        }
    }
    if (!dataAbsentReason.isEmpty())
        return dataAbsentReason.displayText();
    return QString();
}

bool isBloodPressure(const Observation &observation)
{
    return observation.code.hasCode(kLoincSystem, kLoincBloodPressurePanel) ||
           observation.code.hasCode(kLoincSystem, kLoincBloodPressureLegacy);
}

static ObservationStatus parseStatus(const QString &status)
{
    static const std::pair<QLatin1String, ObservationStatus> table[] = {
        {QLatin1String("registered"), ObservationStatus::Registered},
        {QLatin1String("preliminary"), ObservationStatus::Preliminary},
        {QLatin1String("final"), ObservationStatus::Final},
        {QLatin1String("amended"), ObservationStatus::Amended},
        {QLatin1String("corrected"), ObservationStatus::Corrected},
        {QLatin1String("cancelled"), ObservationStatus::Cancelled},
        {QLatin1String("entered-in-error"), ObservationStatus::EnteredInError},
    };
    for (const auto &[text, value] : table) {
        if (status == text)
            return value;
    }
    return ObservationStatus::Unknown;
}

// value[x] of an Observation or a component.
static ObservationValue parseValue(const QJsonObject &object)
{
    ObservationValue v;
    using Kind = ObservationValue::Kind;
    QJsonValue field;
    if (field = object.value(QLatin1String("valueQuantity")); field.isObject()) {
        v.kind = Kind::Quantity;
        v.quantity = json::quantity(field).value_or(Quantity{});
    } else if (field = object.value(QLatin1String("valueCodeableConcept")); field.isObject()) {
        v.kind = Kind::CodeableConcept;
        v.codeableConcept = json::codeableConcept(field);
    } else if (field = object.value(QLatin1String("valueString")); field.isString()) {
        v.kind = Kind::String;
        v.string = field.toString();
    } else if (field = object.value(QLatin1String("valueBoolean")); field.isBool()) {
        v.kind = Kind::Boolean;
        v.boolean = field.toBool();
    } else if (field = object.value(QLatin1String("valueInteger")); field.isDouble()) {
        v.kind = Kind::Integer;
        v.integer = qint64(field.toDouble());
    } else if (field = object.value(QLatin1String("valueRange")); field.isObject()) {
        v.kind = Kind::Range;
        v.range = json::range(field).value_or(Range{});
    } else if (field = object.value(QLatin1String("valueRatio")); field.isObject()) {
        v.kind = Kind::Ratio;
        v.ratio = json::ratio(field);
    } else if (field = object.value(QLatin1String("valueDateTime")); field.isString()) {
        v.kind = Kind::String;
        v.string = FhirDateTime::parse(field.toString()).toDisplayString(QLocale());
    } else if (field = object.value(QLatin1String("valueTime")); field.isString()) {
        v.kind = Kind::String;
        v.string = field.toString();
    } else if (field = object.value(QLatin1String("valuePeriod")); field.isObject()) {
        const Period p = json::period(field);
        v.kind = Kind::String;
        v.string = p.start.toDisplayString(QLocale()) + QStringLiteral(" – ") +
                   p.end.toDisplayString(QLocale());
    }
    return v;
}

static QList<ReferenceRange> parseReferenceRanges(const QJsonValue &value)
{
    QList<ReferenceRange> ranges;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &r : array) {
        const QJsonObject o = r.toObject();
        ReferenceRange range;
        range.low = json::quantity(o.value(QLatin1String("low")));
        range.high = json::quantity(o.value(QLatin1String("high")));
        range.type = json::codeableConcept(o.value(QLatin1String("type")));
        range.appliesTo = json::codeableConcepts(o.value(QLatin1String("appliesTo")));
        range.age = json::range(o.value(QLatin1String("age")));
        range.text = o.value(QLatin1String("text")).toString();
        if (range.low || range.high || !range.text.isEmpty())
            ranges.append(std::move(range));
    }
    return ranges;
}

static QStringList performerNames(const QJsonValue &value)
{
    QStringList names;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &p : array) {
        const QString name = json::referenceDisplay(p);
        if (!name.isEmpty())
            names << name;
    }
    return names;
}

Result<Observation> parseObservation(const QJsonObject &object)
{
    const auto fail = [](const QString &detail) {
        return Error{QCoreApplication::translate("kete::fhir", "A result could not be read."),
                     detail, ErrorCode::FhirUnreadable};
    };
    if (object.value(QLatin1String("resourceType")).toString() != QLatin1String("Observation"))
        return fail(QStringLiteral("resourceType is not Observation"));

    Observation o;
    o.id = object.value(QLatin1String("id")).toString();
    o.code = json::codeableConcept(object.value(QLatin1String("code")));
    if (o.code.isEmpty())
        return fail(QStringLiteral("Observation %1 has no code").arg(o.id));
    o.status = parseStatus(object.value(QLatin1String("status")).toString());
    o.categories = json::codeableConcepts(object.value(QLatin1String("category")));

    if (const QJsonValue v = object.value(QLatin1String("effectiveDateTime")); v.isString()) {
        o.effective = json::dateTime(v);
    } else if (const QJsonValue i = object.value(QLatin1String("effectiveInstant")); i.isString()) {
        o.effective = json::dateTime(i);
    } else if (const QJsonValue p = object.value(QLatin1String("effectivePeriod")); p.isObject()) {
        const Period period = json::period(p);
        o.effective = period.start.isValid() ? period.start : period.end;
        o.effectiveEnd = period.end;
    }
    o.issued = json::dateTime(object.value(QLatin1String("issued")));

    o.value = parseValue(object);
    o.dataAbsentReason = json::codeableConcept(object.value(QLatin1String("dataAbsentReason")));
    o.referenceRanges = parseReferenceRanges(object.value(QLatin1String("referenceRange")));
    o.interpretation = json::codeableConcepts(object.value(QLatin1String("interpretation")));
    o.performers = performerNames(object.value(QLatin1String("performer")));
    o.notes = json::annotationTexts(object.value(QLatin1String("note")));
    const QJsonArray members = object.value(QLatin1String("hasMember")).toArray();
    for (const QJsonValue &m : members) {
        const QString id = json::referenceId(m);
        if (!id.isEmpty())
            o.memberIds << id;
    }

    const QJsonArray components = object.value(QLatin1String("component")).toArray();
    for (const QJsonValue &c : components) {
        const QJsonObject co = c.toObject();
        ObservationComponent component;
        component.code = json::codeableConcept(co.value(QLatin1String("code")));
        component.value = parseValue(co);
        component.dataAbsentReason =
            json::codeableConcept(co.value(QLatin1String("dataAbsentReason")));
        component.interpretation =
            json::codeableConcepts(co.value(QLatin1String("interpretation")));
        component.referenceRanges = parseReferenceRanges(co.value(QLatin1String("referenceRange")));
        if (!component.code.isEmpty())
            o.components.append(std::move(component));
    }
    return o;
}

} // namespace kete::fhir
