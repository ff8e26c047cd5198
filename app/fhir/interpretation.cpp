#include "fhir/interpretation.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace kete::fhir {

static QString flagWord(Flag flag, const QString &senderText)
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

QString Interpretation::flagText() const
{
    const QString word = flagWord(flag, senderText);
    if (word.isEmpty() || outOfRangeParts.isEmpty())
        return word;
    return QCoreApplication::translate("kete::fhir", "%1 (%2)").arg(word, outOfRangeParts);
}

QString flagRuleText()
{
    return QCoreApplication::translate(
        "kete::fhir", "Flags: the lab's own interpretation; otherwise computed by Kete from the "
                      "numeric normal range, or for a blood pressure without one from the usual "
                      "adult limits (marked “computed”).");
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

std::optional<NumericRange> parseRangeText(const QString &text)
{
    // One bound ("below 5.7 %", "<5.7", ">= 60") or two ("4.0-5.6", "4.0 – 5.6 %", "4 to 5.6"),
    // with at most one unit word; numbers with a decimal point only (a comma could be either).
    static const QString number = QStringLiteral(R"((\d+(?:\.\d+)?))");
    static const QString unit = QStringLiteral(R"((?:\s*([^\s\d.,;:()<>=≤≥–—-][^\s,;:()]*))?)");
    static const QRegularExpression upper(
        QStringLiteral(R"(^(<=|=<|≤|<|below|less than|under|up to)\s*)") + number + unit +
            QStringLiteral("$"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    static const QRegularExpression lower(
        QStringLiteral(R"(^(>=|=>|≥|>|above|over|more than|greater than|at least)\s*)") + number +
            unit + QStringLiteral("$"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    static const QRegularExpression between(
        QStringLiteral("^") + number + unit + QStringLiteral(R"(\s*(?:-|–|—|to)\s*)") + number +
            unit + QStringLiteral("$"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    const QString trimmed = text.simplified();
    if (trimmed.isEmpty())
        return std::nullopt;
    static const QStringList exclusive{
        QStringLiteral("<"),         QStringLiteral(">"),         QStringLiteral("below"),
        QStringLiteral("less than"), QStringLiteral("under"),     QStringLiteral("above"),
        QStringLiteral("over"),      QStringLiteral("more than"), QStringLiteral("greater than")};
    NumericRange range;
    if (const auto m = upper.match(trimmed); m.hasMatch()) {
        range.high = m.captured(2).toDouble();
        range.highExclusive = exclusive.contains(m.captured(1).toLower());
        range.unit = m.captured(3);
        return range;
    }
    if (const auto m = lower.match(trimmed); m.hasMatch()) {
        range.low = m.captured(2).toDouble();
        range.lowExclusive = exclusive.contains(m.captured(1).toLower());
        range.unit = m.captured(3);
        return range;
    }
    if (const auto m = between.match(trimmed); m.hasMatch()) {
        const QString lowUnit = m.captured(2);
        const QString highUnit = m.captured(4);
        if (!lowUnit.isEmpty() && !highUnit.isEmpty() && lowUnit != highUnit)
            return std::nullopt;
        range.low = m.captured(1).toDouble();
        range.high = m.captured(3).toDouble();
        if (*range.low > *range.high)
            return std::nullopt;
        range.unit = highUnit.isEmpty() ? lowUnit : highUnit;
        return range;
    }
    return std::nullopt;
}

Flag compareToRange(double v, Comparator comparator, const NumericRange &range)
{
    // Plain doubles with flags: GCC's -Wmaybe-uninitialized misreads std::optional at -O3.
    const bool hasLow = range.low.has_value();
    const bool hasHigh = range.high.has_value();
    const double low = range.low.value_or(0.0);
    const double high = range.high.value_or(0.0);
    if (!hasLow && !hasHigh)
        return Flag::None;
    // Whether the exact value x lies below, or above, the range.
    const auto belowLow = [&](double x) { return range.lowExclusive ? x <= low : x < low; };
    const auto aboveHigh = [&](double x) { return range.highExclusive ? x >= high : x > high; };
    switch (comparator) {
    case Comparator::None:
        if (hasLow && belowLow(v))
            return Flag::Low;
        if (hasHigh && aboveHigh(v))
            return Flag::High;
        return Flag::Normal;
    case Comparator::Less:
    case Comparator::LessOrEqual: {
        // The true value is below v (or at most v).
        const bool strict = comparator == Comparator::Less;
        if (hasLow && ((strict || range.lowExclusive) ? v <= low : v < low))
            return Flag::Low;
        if (!hasLow && hasHigh && ((strict || !range.highExclusive) ? v <= high : v < high))
            return Flag::Normal;
        return Flag::None;
    }
    case Comparator::Greater:
    case Comparator::GreaterOrEqual: {
        // The true value is above v (or at least v).
        const bool strict = comparator == Comparator::Greater;
        if (hasHigh && ((strict || range.highExclusive) ? v >= high : v > high))
            return Flag::High;
        if (!hasHigh && hasLow && ((strict || !range.lowExclusive) ? v >= low : v > low))
            return Flag::Normal;
        return Flag::None;
    }
    }
    return Flag::None;
}

Flag compareToRange(double v, Comparator comparator, const ReferenceRange &range)
{
    NumericRange numeric;
    if (range.low && range.low->value)
        numeric.low = *range.low->value;
    if (range.high && range.high->value)
        numeric.high = *range.high->value;
    return compareToRange(v, comparator, numeric);
}

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::fhir", text);
}

bool isMillimetresOfMercury(const Quantity &q)
{
    const QString key = q.unitKey();
    return key == QLatin1String("mm[Hg]") ||
           key.compare(QLatin1String("mmHg"), Qt::CaseInsensitive) == 0;
}

} // namespace

std::optional<NumericRange> adultBloodPressureLimits(const ObservationComponent &component,
                                                     const Patient &patient, QDate date)
{
    if (component.value.kind != ObservationValue::Kind::Quantity ||
        !isMillimetresOfMercury(component.value.quantity))
        return std::nullopt;
    const std::optional<int> age = patient.ageInYearsAt(date);
    if (!age || *age < 18)
        return std::nullopt;
    NumericRange range;
    range.highExclusive = true;
    if (component.code.hasCode(kLoincSystolic)) {
        range.low = 90;
        range.high = 140;
    } else if (component.code.hasCode(kLoincDiastolic)) {
        range.low = 60;
        range.high = 90;
    } else {
        return std::nullopt;
    }
    return range;
}

namespace {

bool unitsAgree(const Quantity &value, const QString &rangeUnit)
{
    if (rangeUnit.isEmpty())
        return true;
    return rangeUnit.compare(value.unit, Qt::CaseInsensitive) == 0 ||
           rangeUnit.compare(value.code, Qt::CaseInsensitive) == 0;
}

// One value against its own interpretation codes or, without them, its reference ranges;
// `fallback` when no range was sent at all (Kete's adult blood pressure limits).
Interpretation interpretValue(const QList<CodeableConcept> &codes, const ObservationValue &value,
                              const QList<ReferenceRange> &ranges, const Patient &patient,
                              QDate date, const std::optional<NumericRange> &fallback = {})
{
    Interpretation result;
    if (!codes.isEmpty()) {
        result.flag = flagFromInterpretationCodes(codes);
        result.senderText = codes.constFirst().displayText();
        result.basis = FlagBasis::Sender;
        if (result.flag != Flag::None || !result.senderText.isEmpty())
            result.explanation =
                result.senderText.isEmpty()
                    ? tr("Flagged by the lab.")
                    : QCoreApplication::translate("kete::fhir", "Flagged by the lab: %1")
                          .arg(result.senderText);
        return result;
    }
    const std::optional<double> number = value.numeric();
    if (!number)
        return result;
    const ReferenceRange *range = selectReferenceRange(ranges, patient, date);
    if (!range) {
        if (!ranges.isEmpty() || !fallback)
            return result;
        result.flag = compareToRange(*number, value.comparator(), *fallback);
        result.basis = FlagBasis::AdultBloodPressure;
    } else if ((range->low && range->low->value) || (range->high && range->high->value)) {
        if (value.kind == ObservationValue::Kind::Quantity &&
            (!unitsAgree(value.quantity, range->low) || !unitsAgree(value.quantity, range->high)))
            return result;
        result.flag = compareToRange(*number, value.comparator(), *range);
        result.basis = FlagBasis::Range;
    } else {
        const std::optional<NumericRange> parsed = parseRangeText(range->text);
        if (!parsed || (value.kind == ObservationValue::Kind::Quantity &&
                        !unitsAgree(value.quantity, parsed->unit)))
            return result;
        result.flag = compareToRange(*number, value.comparator(), *parsed);
        result.basis = FlagBasis::RangeText;
    }
    result.computed = result.flag != Flag::None;
    if (!result.computed) {
        result.basis = FlagBasis::None;
        return result;
    }
    switch (result.basis) {
    case FlagBasis::Range:
        result.explanation =
            tr("Computed by Kete from the lab's normal range; the lab did not flag it.");
        break;
    case FlagBasis::RangeText:
        result.explanation =
            QCoreApplication::translate("kete::fhir", "Computed by Kete from the lab's range "
                                                      "“%1”; the lab did not flag it.")
                .arg(range->text);
        break;
    case FlagBasis::AdultBloodPressure:
        result.explanation =
            tr("Computed by Kete from the usual adult limits (high from 140/90 mmHg, low below "
               "90/60 mmHg); the reading came without a range or a flag.");
        break;
    default:
        break;
    }
    return result;
}

QString partName(const ObservationComponent &component)
{
    if (component.code.hasCode(kLoincSystolic))
        return tr("systolic");
    if (component.code.hasCode(kLoincDiastolic))
        return tr("diastolic");
    return component.code.displayText();
}

QString partStateWord(const Interpretation &part)
{
    if (part.flag == Flag::Normal)
        return tr("within range");
    if (part.flag == Flag::None)
        return part.senderText.isEmpty() ? tr("no flag") : part.senderText;
    return part.flagText();
}

// A reading made of parts (blood pressure): each part by the rule on its own; the most serious
// part decides; parts that point opposite ways (one high, one low) make it abnormal.
Interpretation combineComponents(const QList<Interpretation> &parts, const QStringList &names)
{
    Interpretation result;
    bool high = false;
    bool low = false;
    bool normal = false;
    bool sentBySender = false;
    QStringList outOfRange;
    QStringList lines;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const Interpretation &part = parts.at(i);
        result.computed = result.computed || part.computed;
        sentBySender = sentBySender || (!part.computed && part.flag != Flag::None);
        if (part.isCritical() && !result.isCritical())
            result.flag = part.flag;
        high = high || part.flag == Flag::High || part.flag == Flag::CriticalHigh;
        low = low || part.flag == Flag::Low || part.flag == Flag::CriticalLow;
        normal = normal || part.flag == Flag::Normal;
        if (part.flag == Flag::Abnormal && !result.isCritical())
            result.flag = Flag::Abnormal;
        if (part.isOutOfRange())
            outOfRange << names.at(i);
        QString line = names.at(i) + QStringLiteral(": ") + partStateWord(part);
        if (!part.explanation.isEmpty())
            line += QStringLiteral(" — ") + part.explanation;
        lines << line;
    }
    // Kete computed it only when no part carries the sender's own word.
    result.computed = result.computed && !sentBySender;
    if (!result.isCritical() && result.flag != Flag::Abnormal) {
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
    }
    if (result.flag == Flag::None)
        return result;
    result.basis = FlagBasis::Parts;
    if (!outOfRange.isEmpty() && outOfRange.size() < parts.size())
        result.outOfRangeParts = outOfRange.join(QStringLiteral(", "));
    result.explanation = lines.join(QLatin1Char('\n'));
    return result;
}

} // namespace

Interpretation interpretComponent(const Observation &observation,
                                  const ObservationComponent &component, const Patient &patient)
{
    const QDate date = observation.when().date();
    return interpretValue(component.interpretation, component.value, component.referenceRanges,
                          patient, date, adultBloodPressureLimits(component, patient, date));
}

Interpretation interpret(const Observation &observation, const Patient &patient)
{
    const QDate date = observation.when().date();
    if (!observation.interpretation.isEmpty() || !observation.value.isEmpty() ||
        observation.components.isEmpty())
        return interpretValue(observation.interpretation, observation.value,
                              observation.referenceRanges, patient, date);
    QList<Interpretation> parts;
    QStringList names;
    for (const ObservationComponent &component : observation.components) {
        parts.append(interpretComponent(observation, component, patient));
        names.append(partName(component));
    }
    return combineComponents(parts, names);
}

} // namespace kete::fhir
