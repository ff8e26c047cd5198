#include "fhir/interpretation.h"

#include <QCoreApplication>

namespace kete::fhir {

QString Interpretation::flagText() const
{
    switch (flag) {
    case Flag::None: // an interpretation code Kete does not know: show the sender's words
        return senderText;
    case Flag::Normal:
        return QString();
    case Flag::Low:
        return QCoreApplication::translate("kete::fhir", "Low");
    case Flag::High:
        return QCoreApplication::translate("kete::fhir", "High");
    case Flag::CriticalLow:
        return QCoreApplication::translate("kete::fhir", "Critical low");
    case Flag::CriticalHigh:
        return QCoreApplication::translate("kete::fhir", "Critical high");
    case Flag::Abnormal:
        return QCoreApplication::translate("kete::fhir", "Abnormal");
    case Flag::CriticalAbnormal:
        return QCoreApplication::translate("kete::fhir", "Critical");
    }
    return QString();
}

QString Interpretation::flagCode() const
{
    switch (flag) {
    case Flag::Low:
        return QStringLiteral("L");
    case Flag::High:
        return QStringLiteral("H");
    case Flag::CriticalLow:
        return QStringLiteral("LL");
    case Flag::CriticalHigh:
        return QStringLiteral("HH");
    case Flag::Abnormal:
        return QStringLiteral("A");
    case Flag::CriticalAbnormal:
        return QStringLiteral("AA");
    default:
        return QString();
    }
}

Flag flagFromInterpretationCodes(const QList<CodeableConcept> &interpretation)
{
    static const std::pair<QLatin1String, Flag> table[] = {
        {QLatin1String("HH"), Flag::CriticalHigh},
        {QLatin1String("LL"), Flag::CriticalLow},
        {QLatin1String("AA"), Flag::CriticalAbnormal},
        {QLatin1String("H"), Flag::High},
        {QLatin1String("HU"), Flag::High},
        {QLatin1String(">"), Flag::High},
        {QLatin1String("L"), Flag::Low},
        {QLatin1String("LU"), Flag::Low},
        {QLatin1String("<"), Flag::Low},
        {QLatin1String("A"), Flag::Abnormal},
        {QLatin1String("POS"), Flag::Abnormal},
        {QLatin1String("DET"), Flag::Abnormal},
        {QLatin1String("N"), Flag::Normal},
        {QLatin1String("NEG"), Flag::Normal},
        {QLatin1String("ND"), Flag::Normal},
    };
    // The most severe statement wins when a sender lists several.
    for (const auto &[code, flag] : table) {
        for (const CodeableConcept &concept_ : interpretation) {
            for (const Coding &coding : concept_.codings) {
                if (coding.code.compare(code, Qt::CaseInsensitive) == 0)
                    return flag;
            }
        }
    }
    return Flag::None;
}

static bool isMale(const CodeableConcept &c)
{
    return c.hasCode(QStringLiteral("male")) || c.hasCode(QStringLiteral("248153007")) ||
           c.hasCode(QStringLiteral("M"));
}

static bool isFemale(const CodeableConcept &c)
{
    return c.hasCode(QStringLiteral("female")) || c.hasCode(QStringLiteral("248152002")) ||
           c.hasCode(QStringLiteral("F"));
}

// -1: does not apply; otherwise how specific the match is.
static int matchScore(const ReferenceRange &range, const Patient &patient, QDate date)
{
    // Only "normal"-type ranges (or untyped ones) describe what a healthy result looks like.
    if (!range.type.isEmpty() && !range.type.hasCode(QStringLiteral("normal")))
        return -1;
    int score = 0;
    bool sawSex = false;
    bool sexMatches = false;
    for (const CodeableConcept &a : range.appliesTo) {
        if (isMale(a)) {
            sawSex = true;
            sexMatches = sexMatches || patient.sex == Sex::Male;
        } else if (isFemale(a)) {
            sawSex = true;
            sexMatches = sexMatches || patient.sex == Sex::Female;
        } else {
            return -1; // race, pregnancy, ...: Kete cannot tell whether it applies
        }
    }
    if (sawSex) {
        if (!sexMatches)
            return -1;
        ++score;
    }
    if (range.age) {
        const std::optional<double> days = patient.ageInDaysAt(date);
        if (!days)
            return -1;
        if (range.age->low) {
            const auto low = ageInDays(*range.age->low);
            if (!low || *days < *low)
                return -1;
        }
        if (range.age->high) {
            const auto high = ageInDays(*range.age->high);
            // An age range's high is inclusive of the whole last unit ("0–17 a" includes 17.9).
            const double unitDays =
                ageInDays(Quantity{1.0, Comparator::None, range.age->high->unit,
                                   range.age->high->system, range.age->high->code})
                    .value_or(0);
            if (!high || *days >= *high + unitDays)
                return -1;
        }
        ++score;
    }
    return score;
}

const ReferenceRange *selectReferenceRange(const QList<ReferenceRange> &ranges,
                                           const Patient &patient, QDate date)
{
    const ReferenceRange *best = nullptr;
    int bestScore = -1;
    for (const ReferenceRange &range : ranges) {
        const int score = matchScore(range, patient, date);
        if (score > bestScore) {
            best = &range;
            bestScore = score;
        }
    }
    return best;
}

static bool unitsAgree(const Quantity &value, const std::optional<Quantity> &bound)
{
    if (!bound)
        return true;
    const QString a = value.unitKey();
    const QString b = bound->unitKey();
    return a.isEmpty() || b.isEmpty() || a == b;
}

Flag compareToRange(double v, Comparator comparator, const ReferenceRange &range)
{
    // Plain doubles with flags: GCC's -Wmaybe-uninitialized misreads std::optional at -O3.
    const bool hasLow = range.low && range.low->value;
    const bool hasHigh = range.high && range.high->value;
    const double low = hasLow ? *range.low->value : 0.0;
    const double high = hasHigh ? *range.high->value : 0.0;
    if (!hasLow && !hasHigh)
        return Flag::None;
    switch (comparator) {
    case Comparator::None:
        if (hasLow && v < low)
            return Flag::Low;
        if (hasHigh && v > high)
            return Flag::High;
        return Flag::Normal;
    case Comparator::Less:
    case Comparator::LessOrEqual: {
        // The true value is at most v.
        const bool strict = comparator == Comparator::Less;
        if (hasLow && (strict ? v <= low : v < low))
            return Flag::Low;
        if (!hasLow && hasHigh && v <= high)
            return Flag::Normal;
        return Flag::None;
    }
    case Comparator::Greater:
    case Comparator::GreaterOrEqual: {
        // The true value is at least v.
        const bool strict = comparator == Comparator::Greater;
        if (hasHigh && (strict ? v >= high : v > high))
            return Flag::High;
        if (!hasHigh && hasLow && v >= low)
            return Flag::Normal;
        return Flag::None;
    }
    }
    return Flag::None;
}

namespace {

// One value against its own interpretation codes or, without them, its reference ranges.
Interpretation interpretValue(const QList<CodeableConcept> &codes, const ObservationValue &value,
                              const QList<ReferenceRange> &ranges, const Patient &patient,
                              QDate date)
{
    Interpretation result;
    if (!codes.isEmpty()) {
        result.flag = flagFromInterpretationCodes(codes);
        result.senderText = codes.constFirst().displayText();
        return result;
    }
    const std::optional<double> number = value.numeric();
    if (!number)
        return result;
    const ReferenceRange *range = selectReferenceRange(ranges, patient, date);
    if (!range)
        return result;
    if (value.kind == ObservationValue::Kind::Quantity &&
        (!unitsAgree(value.quantity, range->low) || !unitsAgree(value.quantity, range->high)))
        return result;
    result.flag = compareToRange(*number, value.comparator(), *range);
    result.computed = result.flag != Flag::None;
    return result;
}

// A reading made of parts (blood pressure): the most serious part decides; parts that point
// opposite ways (one high, one low) make it abnormal.
Interpretation combineComponents(const QList<Interpretation> &parts)
{
    Interpretation result;
    bool high = false;
    bool low = false;
    bool normal = false;
    bool sentBySender = false;
    for (const Interpretation &part : parts) {
        result.computed = result.computed || part.computed;
        sentBySender = sentBySender || (!part.computed && part.flag != Flag::None);
        if (part.isCritical() && !result.isCritical())
            result.flag = part.flag;
        high = high || part.flag == Flag::High || part.flag == Flag::CriticalHigh;
        low = low || part.flag == Flag::Low || part.flag == Flag::CriticalLow;
        normal = normal || part.flag == Flag::Normal;
        if (part.flag == Flag::Abnormal && !result.isCritical())
            result.flag = Flag::Abnormal;
    }
    // Kete computed it only when no part carries the sender's own word.
    result.computed = result.computed && !sentBySender;
    if (result.isCritical() || result.flag == Flag::Abnormal)
        return result;
    if (high && low)
        result.flag = Flag::Abnormal;
    else if (high)
        result.flag = Flag::High;
    else if (low)
        result.flag = Flag::Low;
    else if (normal)
        result.flag = Flag::Normal;
    else
        result.computed = false;
    return result;
}

} // namespace

Interpretation interpret(const Observation &observation, const Patient &patient)
{
    const QDate date = observation.when().date();
    if (!observation.interpretation.isEmpty() || !observation.value.isEmpty() ||
        observation.components.isEmpty())
        return interpretValue(observation.interpretation, observation.value,
                              observation.referenceRanges, patient, date);
    QList<Interpretation> parts;
    for (const ObservationComponent &component : observation.components)
        parts.append(interpretValue(component.interpretation, component.value,
                                    component.referenceRanges, patient, date));
    return combineComponents(parts);
}

} // namespace kete::fhir
