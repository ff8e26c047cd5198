#include "fhir/observation.h"

#include "fhir/jsonreaders.h"
#include "fhir/recentreads.h"

#include <QCoreApplication>
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

const Range &ObservationValue::range() const
{
    static const Range none;
    return rangeValue ? *rangeValue : none;
}

const Ratio &ObservationValue::ratio() const
{
    static const Ratio none;
    return ratioValue ? *ratioValue : none;
}

Comparator ObservationValue::comparator() const
{
    return kind == Kind::Quantity ? quantity.comparator : Comparator::None;
}

QString ObservationValue::unitKey() const
{
    return kind == Kind::Quantity ? quantity.unitKey() : QString();
}

QString ObservationValue::unitDisplay(UnitStyle style) const
{
    return kind == Kind::Quantity ? quantity.unitDisplay(style) : QString();
}

QString ObservationValue::toDisplayString(const QLocale &locale, UnitStyle style) const
{
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::Quantity:
        return quantity.toDisplayString(locale, style);
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
        return range().toDisplayString(locale, style);
    case Kind::Ratio:
        return ratio().toDisplayString(locale, style);
    }
    return QString();
}

QString ReferenceRange::toDisplayString(const QLocale &locale, UnitStyle style) const
{
    if (!text.isEmpty())
        return text;
    return Range{low, high}.toDisplayString(locale, style);
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

QString Observation::valueDisplayString(const QLocale &locale, UnitStyle style) const
{
    if (!value.isEmpty())
        return value.toDisplayString(locale, style);
    if (isBloodPressure(*this)) {
        const ObservationComponent *sys = component(kLoincSystolic);
        const ObservationComponent *dia = component(kLoincDiastolic);
        const auto number = [&](const ObservationComponent *c) {
            const auto v = c ? c->value.numeric() : std::nullopt;
            return v ? formatDecimal(std::round(*v), locale) : QStringLiteral("?");
        };
        if (sys || dia) {
            const QString unit =
                sys ? sys->value.unitDisplay(style) : dia->value.unitDisplay(style);
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

static ObservationStatus parseStatus(std::string_view status)
{
    static const std::pair<std::string_view, ObservationStatus> table[] = {
        {"final", ObservationStatus::Final},
        {"registered", ObservationStatus::Registered},
        {"preliminary", ObservationStatus::Preliminary},
        {"amended", ObservationStatus::Amended},
        {"corrected", ObservationStatus::Corrected},
        {"cancelled", ObservationStatus::Cancelled},
        {"entered-in-error", ObservationStatus::EnteredInError},
    };
    for (const auto &[text, value] : table) {
        if (status == text)
            return value;
    }
    return ObservationStatus::Unknown;
}

namespace {

using json::Value;

// The fields of an Observation or a component that Kete reads, found in one pass over the
// object (the last of duplicate keys wins, as in QJsonObject).
struct Fields
{
    Value resourceType, id, status, category, code, effectiveDateTime, effectiveInstant,
        effectivePeriod, issued, dataAbsentReason, referenceRange, interpretation, performer, note,
        hasMember, component;
    Value valueQuantity, valueCodeableConcept, valueString, valueBoolean, valueInteger, valueRange,
        valueRatio, valueDateTime, valueTime, valuePeriod;

    explicit Fields(const Value &object)
    {
        for (const auto &[key, value] : object.toObject()) {
            if (key.size() > 5 && __builtin_memcmp(key.data(), "value", 5) == 0)
                takeValue(key.substr(5), value);
            else
                take(key, value);
        }
    }

private:
    // By length first: most keys are then told apart by one comparison.
    void take(std::string_view key, const Value &value)
    {
        switch (key.size()) {
        case 2:
            if (json::keyIs(key, "id"))
                id = value;
            break;
        case 4:
            if (json::keyIs(key, "code"))
                code = value;
            else if (json::keyIs(key, "note"))
                note = value;
            break;
        case 6:
            if (json::keyIs(key, "status"))
                status = value;
            else if (json::keyIs(key, "issued"))
                issued = value;
            break;
        case 8:
            if (json::keyIs(key, "category"))
                category = value;
            break;
        case 9:
            if (json::keyIs(key, "performer"))
                performer = value;
            else if (json::keyIs(key, "hasMember"))
                hasMember = value;
            else if (json::keyIs(key, "component"))
                component = value;
            break;
        case 12:
            if (json::keyIs(key, "resourceType"))
                resourceType = value;
            break;
        case 14:
            if (json::keyIs(key, "referenceRange"))
                referenceRange = value;
            else if (json::keyIs(key, "interpretation"))
                interpretation = value;
            break;
        case 15:
            if (json::keyIs(key, "effectivePeriod"))
                effectivePeriod = value;
            break;
        case 16:
            if (json::keyIs(key, "effectiveInstant"))
                effectiveInstant = value;
            else if (json::keyIs(key, "dataAbsentReason"))
                dataAbsentReason = value;
            break;
        case 17:
            if (json::keyIs(key, "effectiveDateTime"))
                effectiveDateTime = value;
            break;
        default:
            break;
        }
    }
    void takeValue(std::string_view type, const Value &value)
    {
        if (json::keyIs(type, "Quantity"))
            valueQuantity = value;
        else if (json::keyIs(type, "CodeableConcept"))
            valueCodeableConcept = value;
        else if (json::keyIs(type, "String"))
            valueString = value;
        else if (json::keyIs(type, "Boolean"))
            valueBoolean = value;
        else if (json::keyIs(type, "Integer"))
            valueInteger = value;
        else if (json::keyIs(type, "Range"))
            valueRange = value;
        else if (json::keyIs(type, "Ratio"))
            valueRatio = value;
        else if (json::keyIs(type, "DateTime"))
            valueDateTime = value;
        else if (json::keyIs(type, "Time"))
            valueTime = value;
        else if (json::keyIs(type, "Period"))
            valuePeriod = value;
    }
};

// value[x] of an Observation or a component.
ObservationValue parseValue(const Fields &f)
{
    ObservationValue v;
    using Kind = ObservationValue::Kind;
    if (f.valueQuantity.isObject()) {
        v.kind = Kind::Quantity;
        v.quantity = json::quantity(f.valueQuantity).value_or(Quantity{});
    } else if (f.valueCodeableConcept.isObject()) {
        v.kind = Kind::CodeableConcept;
        v.codeableConcept = json::codeableConcept(f.valueCodeableConcept);
    } else if (f.valueString.isString()) {
        v.kind = Kind::String;
        v.string = f.valueString.toString();
    } else if (f.valueBoolean.isBool()) {
        v.kind = Kind::Boolean;
        v.boolean = f.valueBoolean.toBool();
    } else if (f.valueInteger.isNumber()) {
        v.kind = Kind::Integer;
        v.integer = qint64(f.valueInteger.toDouble());
    } else if (f.valueRange.isObject()) {
        v.kind = Kind::Range;
        v.rangeValue = std::make_shared<const Range>(json::range(f.valueRange).value_or(Range{}));
    } else if (f.valueRatio.isObject()) {
        v.kind = Kind::Ratio;
        v.ratioValue = std::make_shared<const Ratio>(json::ratio(f.valueRatio));
    } else if (f.valueDateTime.isString()) {
        v.kind = Kind::String;
        v.string = json::dateTime(f.valueDateTime).toDisplayString(QLocale());
    } else if (f.valueTime.isString()) {
        v.kind = Kind::String;
        v.string = f.valueTime.toString();
    } else if (f.valuePeriod.isObject()) {
        const Period p = json::period(f.valuePeriod);
        v.kind = Kind::String;
        v.string = p.start.toDisplayString(QLocale()) + QStringLiteral(" – ") +
                   p.end.toDisplayString(QLocale());
    }
    return v;
}

QList<ReferenceRange> readReferenceRanges(const Value &value)
{
    QList<ReferenceRange> ranges;
    for (const Value &r : value.toArray()) {
        ReferenceRange range;
        for (const auto &[key, field] : r.toObject()) {
            if (json::keyIs(key, "low"))
                range.low = json::quantity(field);
            else if (json::keyIs(key, "high"))
                range.high = json::quantity(field);
            else if (json::keyIs(key, "type"))
                range.type = json::codeableConcept(field);
            else if (json::keyIs(key, "appliesTo"))
                range.appliesTo = json::codeableConcepts(field);
            else if (json::keyIs(key, "age"))
                range.age = json::range(field);
            else if (json::keyIs(key, "text"))
                range.text = field.toString();
        }
        if (range.low || range.high || !range.text.isEmpty())
            ranges.append(std::move(range));
    }
    return ranges;
}

// A test's ranges come with each of its results.
QList<ReferenceRange> parseReferenceRanges(const Value &value)
{
    return json::readRecent<readReferenceRanges>(value);
}

QStringList performerNames(const Value &value)
{
    QStringList names;
    for (const Value &p : value.toArray()) {
        QString name = json::referenceDisplay(p);
        if (!name.isEmpty())
            names << std::move(name);
    }
    return names;
}

} // namespace

std::optional<QString> readObservation(const json::Value &resource, Observation &o)
{
    const Fields f(resource);
    if (f.resourceType.stringView() != "Observation")
        return QStringLiteral("resourceType is not Observation");

    o.id = f.id.toString();
    o.code = json::codeableConcept(f.code);
    if (o.code.isEmpty())
        return QStringLiteral("Observation %1 has no code").arg(o.id);
    o.status = parseStatus(f.status.stringView());
    o.categories = json::codeableConcepts(f.category);

    if (f.effectiveDateTime.isString()) {
        o.effective = json::dateTime(f.effectiveDateTime);
    } else if (f.effectiveInstant.isString()) {
        o.effective = json::dateTime(f.effectiveInstant);
    } else if (f.effectivePeriod.isObject()) {
        const Period period = json::period(f.effectivePeriod);
        o.effective = period.start.isValid() ? period.start : period.end;
        o.effectiveEnd = period.end;
    }
    o.issued = json::dateTime(f.issued);

    o.value = parseValue(f);
    if (!f.dataAbsentReason.isUndefined())
        o.dataAbsentReason = json::codeableConcept(f.dataAbsentReason);
    if (!f.referenceRange.isUndefined())
        o.referenceRanges = parseReferenceRanges(f.referenceRange);
    if (!f.interpretation.isUndefined())
        o.interpretation = json::codeableConcepts(f.interpretation);
    if (!f.performer.isUndefined())
        o.performers = json::readRecent<performerNames>(f.performer); // the lab, every time
    if (!f.note.isUndefined())
        o.notes = json::annotationTexts(f.note);
    for (const Value &m : f.hasMember.toArray()) {
        QString id = json::referenceId(m);
        if (!id.isEmpty())
            o.memberIds << std::move(id);
    }

    const json::Array components = f.component.toArray();
    o.components.reserve(components.size());
    for (const Value &c : components) {
        const Fields co(c);
        ObservationComponent component;
        component.code = json::codeableConcept(co.code);
        component.value = parseValue(co);
        component.dataAbsentReason = json::codeableConcept(co.dataAbsentReason);
        component.interpretation = json::codeableConcepts(co.interpretation);
        component.referenceRanges = parseReferenceRanges(co.referenceRange);
        if (!component.code.isEmpty())
            o.components.append(std::move(component));
    }
    return std::nullopt;
}

Result<Observation> parseObservation(const json::Value &resource)
{
    Observation o;
    if (std::optional<QString> problem = readObservation(resource, o))
        return Error{QCoreApplication::translate("kete::fhir", "A result could not be read."),
                     *problem, ErrorCode::FhirUnreadable};
    return o;
}

Result<Observation> parseObservation(const QJsonObject &object)
{
    return json::readQJson(object, [](const json::Value &v) { return parseObservation(v); });
}

} // namespace kete::fhir
