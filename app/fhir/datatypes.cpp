#include "fhir/datatypes.h"

#include "fhir/jsonreaders.h"
#include "fhir/recentreads.h"
#include "fhir/ucum.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTimeZone>
#include <array>
#include <cmath>
#include <limits>

namespace kete::fhir {

QString CodeableConcept::displayText() const
{
    if (!text.isEmpty())
        return text;
    for (const Coding &c : codings) {
        if (!c.display.isEmpty())
            return c.display;
    }
    return codings.isEmpty() ? QString() : codings.constFirst().code;
}

const Coding *CodeableConcept::coding(QAnyStringView system) const
{
    for (const Coding &c : codings) {
        if (QAnyStringView::equal(c.system, system))
            return &c;
    }
    return nullptr;
}

bool CodeableConcept::hasCode(QAnyStringView system, QAnyStringView code) const
{
    for (const Coding &c : codings) {
        if (QAnyStringView::equal(c.system, system) && QAnyStringView::equal(c.code, code))
            return true;
    }
    return false;
}

bool CodeableConcept::hasCode(QAnyStringView code) const
{
    for (const Coding &c : codings) {
        if (QAnyStringView::equal(c.code, code))
            return true;
    }
    return false;
}

QString Quantity::unitKey() const
{
    return code.isEmpty() ? unit : code;
}

QString Quantity::unitDisplay(UnitStyle style) const
{
    if (style == UnitStyle::Readable)
        return readableUnit(unit.isEmpty() ? code : unit);
    if (!unit.isEmpty())
        return unit;
    // UCUM's "1" and "{count}" style codes say nothing to a reader.
    if (code == QLatin1String("1") || code.startsWith(QLatin1Char('{')))
        return QString();
    return code;
}

static QString comparatorText(Comparator comparator)
{
    switch (comparator) {
    case Comparator::Less:
        return QStringLiteral("<");
    case Comparator::LessOrEqual:
        return QStringLiteral("≤");
    case Comparator::GreaterOrEqual:
        return QStringLiteral("≥");
    case Comparator::Greater:
        return QStringLiteral(">");
    case Comparator::None:
        break;
    }
    return QString();
}

QString formatDecimal(double value, const QLocale &locale)
{
    if (!std::isfinite(value))
        return QString();
    const double magnitude = std::fabs(value);
    const int integerDigits = magnitude >= 1.0 ? int(std::floor(std::log10(magnitude))) + 1 : 1;
    QLocale plain = locale;
    plain.setNumberOptions(QLocale::OmitGroupSeparator);
    return plain.toString(value, 'g', std::max(4, integerDigits));
}

QString Quantity::toDisplayString(const QLocale &locale, UnitStyle style) const
{
    QStringList parts;
    const QString comparatorPart = comparatorText(comparator);
    if (!comparatorPart.isEmpty())
        parts << comparatorPart;
    if (value)
        parts << formatDecimal(*value, locale);
    const QString unitPart = unitDisplay(style);
    if (!unitPart.isEmpty() && value)
        parts << unitPart;
    return parts.join(QLatin1Char(' '));
}

QString Range::toDisplayString(const QLocale &locale, UnitStyle style) const
{
    const auto number = [&](const Quantity &q) {
        return q.value ? formatDecimal(*q.value, locale) : QString();
    };
    const QString unit =
        high ? high->unitDisplay(style) : (low ? low->unitDisplay(style) : QString());
    QString text;
    if (low && low->value && high && high->value)
        text = number(*low) + QStringLiteral("–") + number(*high);
    else if (low && low->value)
        text = QStringLiteral("≥ ") + number(*low);
    else if (high && high->value)
        text = QStringLiteral("≤ ") + number(*high);
    else
        return QString();
    return unit.isEmpty() ? text : text + QLatin1Char(' ') + unit;
}

QString Ratio::toDisplayString(const QLocale &locale, UnitStyle style) const
{
    const QString n = numerator ? numerator->toDisplayString(locale, style) : QString();
    const QString d = denominator ? denominator->toDisplayString(locale, style) : QString();
    if (n.isEmpty() && d.isEmpty())
        return QString();
    return n + QStringLiteral(" / ") + d;
}

namespace {

// A date without a time is the local day. Building a local QDateTime asks the C library for
// the zone's offset (mktime), which checks the zone file on disk each time: a fifth of a lab
// page's parse when results carry dates only. Dates repeat, so each is worked out once per
// thread.
QDateTime localMidnight(QDate date)
{
    struct Slot
    {
        qint64 day = std::numeric_limits<qint64>::min();
        QDateTime midnight;
    };
    constexpr qint64 kSlots = 1024;
    thread_local std::array<Slot, kSlots> cache;
    const qint64 day = date.toJulianDay();
    Slot &slot = cache[std::size_t(((day % kSlots) + kSlots) % kSlots)];
    if (slot.day != day) {
        slot.day = day;
        slot.midnight = QDateTime(date, QTime(0, 0));
    }
    return slot.midnight;
}

} // namespace

FhirDateTime FhirDateTime::parse(QStringView text)
{
    FhirDateTime result;
    const QString s = text.trimmed().toString();
    bool ok = false;
    if (s.size() == 4) {
        const int year = s.toInt(&ok);
        if (ok && year > 0) {
            result.m_start = localMidnight(QDate(year, 1, 1));
            result.m_precision = Precision::Year;
        }
    } else if (s.size() == 7 && s.at(4) == QLatin1Char('-')) {
        const QDate date = QDate::fromString(s + QStringLiteral("-01"), Qt::ISODate);
        if (date.isValid()) {
            result.m_start = localMidnight(date);
            result.m_precision = Precision::Month;
        }
    } else if (s.size() == 10) {
        const QDate date = QDate::fromString(s, Qt::ISODate);
        if (date.isValid()) {
            result.m_start = localMidnight(date);
            result.m_precision = Precision::Day;
        }
    } else if (s.size() > 10) {
        // FHIR requires an offset with a time; a time without one is read as UTC, not local.
        QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (dt.isValid()) {
            if (dt.timeSpec() == Qt::LocalTime)
                dt.setTimeZone(QTimeZone::utc());
            result.m_start = dt;
            result.m_precision = Precision::Time;
        }
    }
    return result;
}

namespace {

// `count` ASCII digits at `p` as a number; -1 when one of them is not a digit.
int digitsAt(const char *p, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        value = value * 10 + (p[i] - '0');
    }
    return value;
}

} // namespace

// The shapes servers send (Synthea, HAPI, Epic...) read without QDateTime::fromString, which
// costs more than the rest of an Observation; anything else goes the general way above, which
// this must agree with (tst_observation compares the two).
FhirDateTime FhirDateTime::parse(QUtf8StringView text)
{
    const char *s = text.data();
    const qsizetype n = text.size();
    const int year = n >= 4 ? digitsAt(s, 4) : -1;
    FhirDateTime result;
    if (year > 0 && n == 4) {
        result.m_start = localMidnight(QDate(year, 1, 1));
        result.m_precision = Precision::Year;
        return result;
    }
    const int month = year > 0 && n >= 7 && s[4] == '-' ? digitsAt(s + 5, 2) : -1;
    if (month > 0 && n == 7) {
        const QDate date(year, month, 1);
        if (date.isValid()) {
            result.m_start = localMidnight(date);
            result.m_precision = Precision::Month;
            return result;
        }
    }
    const int day = month > 0 && n >= 10 && s[7] == '-' ? digitsAt(s + 8, 2) : -1;
    const QDate date = day > 0 ? QDate(year, month, day) : QDate();
    if (date.isValid() && n == 10) {
        result.m_start = localMidnight(date);
        result.m_precision = Precision::Day;
        return result;
    }
    if (date.isValid() && n >= 20 && s[10] == 'T' && s[13] == ':' && s[16] == ':') {
        const int hour = digitsAt(s + 11, 2);
        const int minute = digitsAt(s + 14, 2);
        const int second = digitsAt(s + 17, 2);
        qsizetype pos = 19;
        int ms = 0;
        if (s[pos] == '.' && n >= pos + 4 && (ms = digitsAt(s + pos + 1, 3)) >= 0)
            pos += 4;
        const QTime time = hour >= 0 && hour < 24 && minute >= 0 && second >= 0 && ms >= 0
                               ? QTime(hour, minute, second, ms)
                               : QTime();
        if (time.isValid() && n == pos + 1 && s[pos] == 'Z') {
            result.m_start = QDateTime(date, time, Qt::UTC);
            result.m_precision = Precision::Time;
            return result;
        }
        if (time.isValid() && n == pos + 6 && (s[pos] == '+' || s[pos] == '-') &&
            s[pos + 3] == ':') {
            const int offsetHours = digitsAt(s + pos + 1, 2);
            const int offsetMinutes = digitsAt(s + pos + 4, 2);
            if (offsetHours >= 0 && offsetHours < 24 && offsetMinutes >= 0 && offsetMinutes < 60) {
                const int offset =
                    (s[pos] == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
                result.m_start = offset == 0 ? QDateTime(date, time, Qt::UTC)
                                             : QDateTime(date, time, Qt::OffsetFromUTC, offset);
                result.m_precision = Precision::Time;
                return result;
            }
        }
    }
    return parse(QStringView(QString::fromUtf8(text.data(), n)));
}

FhirDateTime FhirDateTime::fromDate(QDate date)
{
    FhirDateTime result;
    if (date.isValid()) {
        result.m_start = localMidnight(date);
        result.m_precision = Precision::Day;
    }
    return result;
}

FhirDateTime FhirDateTime::fromParts(const QDateTime &start, Precision precision)
{
    FhirDateTime result;
    if (start.isValid() && precision != Precision::Invalid) {
        result.m_start = start;
        result.m_precision = precision;
    }
    return result;
}

QDate FhirDateTime::date() const
{
    return m_start.date();
}

QString FhirDateTime::toDisplayString(const QLocale &locale) const
{
    switch (m_precision) {
    case Precision::Invalid:
        return QString();
    case Precision::Year:
        return QString::number(m_start.date().year());
    case Precision::Month:
        return locale.toString(m_start.date(), QStringLiteral("MMMM yyyy"));
    case Precision::Day:
        return locale.toString(m_start.date(), QLocale::ShortFormat);
    case Precision::Time: {
        // Results are timed to the minute; some locales' short time still shows seconds.
        QString timeFormat = locale.timeFormat(QLocale::ShortFormat);
        timeFormat.remove(QStringLiteral(":ss"));
        const QDateTime local = m_start.toLocalTime();
        return locale.toString(local.date(), QLocale::ShortFormat) + QLatin1Char(' ') +
               locale.toString(local.time(), timeFormat);
    }
    }
    return QString();
}

std::optional<double> ageInDays(const Quantity &age)
{
    if (!age.value)
        return std::nullopt;
    const QString unit = age.code.isEmpty() ? age.unit : age.code;
    double factor = 0;
    if (unit == QLatin1String("a") || unit == QLatin1String("yr") || unit == QLatin1String("years"))
        factor = 365.25;
    else if (unit == QLatin1String("mo") || unit == QLatin1String("months"))
        factor = 365.25 / 12.0;
    else if (unit == QLatin1String("wk") || unit == QLatin1String("weeks"))
        factor = 7;
    else if (unit == QLatin1String("d") || unit == QLatin1String("days"))
        factor = 1;
    else if (unit == QLatin1String("h"))
        factor = 1.0 / 24.0;
    else if (unit == QLatin1String("min"))
        factor = 1.0 / 1440.0;
    else
        return std::nullopt;
    return *age.value * factor;
}

namespace json {

Coding coding(const Value &value)
{
    Coding c;
    for (const auto &[key, field] : value.toObject()) {
        if (json::keyIs(key, "system"))
            c.system = sharedString(field);
        else if (json::keyIs(key, "code"))
            c.code = sharedString(field);
        else if (json::keyIs(key, "display"))
            c.display = sharedString(field);
    }
    return c;
}

namespace {

CodeableConcept readCodeableConcept(const Value &value)
{
    CodeableConcept result;
    for (const auto &[key, field] : value.toObject()) {
        if (json::keyIs(key, "text")) {
            result.text = sharedString(field);
        } else if (json::keyIs(key, "coding")) {
            const Array codings = field.toArray();
            result.codings.clear();
            result.codings.reserve(codings.size());
            for (const Value &c : codings) {
                if (c.isObject())
                    result.codings.append(coding(c));
            }
        }
    }
    return result;
}

} // namespace

CodeableConcept codeableConcept(const Value &value)
{
    return readRecent<readCodeableConcept, 512>(value);
}

namespace {

QList<CodeableConcept> readCodeableConcepts(const Value &value)
{
    QList<CodeableConcept> concepts;
    // Some servers send a single object where R4 says array; take it as one element.
    if (value.isObject()) {
        concepts.append(codeableConcept(value));
        return concepts;
    }
    const Array array = value.toArray();
    concepts.reserve(array.size());
    for (const Value &v : array) {
        CodeableConcept c = codeableConcept(v);
        if (!c.isEmpty())
            concepts.append(std::move(c));
    }
    return concepts;
}

} // namespace

QList<CodeableConcept> codeableConcepts(const Value &value)
{
    return readRecent<readCodeableConcepts>(value);
}

static Comparator comparator(std::string_view text)
{
    if (text == "<")
        return Comparator::Less;
    if (text == "<=")
        return Comparator::LessOrEqual;
    if (text == ">=")
        return Comparator::GreaterOrEqual;
    if (text == ">")
        return Comparator::Greater;
    return Comparator::None;
}

std::optional<Quantity> quantity(const Value &value)
{
    if (!value.isObject())
        return std::nullopt;
    Quantity q;
    for (const auto &[key, field] : value.toObject()) {
        if (json::keyIs(key, "value")) {
            q.value.reset();
            if (field.isNumber()) {
                q.value = field.toDouble();
            } else if (field.isString()) { // seen in the wild: decimals as strings
                bool ok = false;
                const double parsed = field.toString().toDouble(&ok);
                if (ok)
                    q.value = parsed;
            }
        } else if (json::keyIs(key, "comparator")) {
            q.comparator = comparator(field.stringView());
        } else if (json::keyIs(key, "unit")) {
            q.unit = sharedString(field);
        } else if (json::keyIs(key, "system")) {
            q.system = sharedString(field);
        } else if (json::keyIs(key, "code")) {
            q.code = sharedString(field);
        }
    }
    return q;
}

std::optional<Range> range(const Value &value)
{
    if (!value.isObject())
        return std::nullopt;
    Range r{quantity(value["low"]), quantity(value["high"])};
    if (r.isEmpty())
        return std::nullopt;
    return r;
}

Ratio ratio(const Value &value)
{
    return Ratio{quantity(value["numerator"]), quantity(value["denominator"])};
}

Period period(const Value &value)
{
    return Period{dateTime(value["start"]), dateTime(value["end"])};
}

namespace {

FhirDateTime readDateTime(const Value &value)
{
    return value.isString() ? FhirDateTime::parse(QUtf8StringView(value.stringView()))
                            : FhirDateTime();
}

} // namespace

// The results of one visit share their times (a panel's results, each issued with the others),
// so a time is read once while it repeats and its copies share one QDateTime.
FhirDateTime dateTime(const Value &value)
{
    return readRecent<readDateTime>(value);
}

QString referenceId(const Value &reference)
{
    std::string_view ref = reference["reference"].stringView();
    if (ref.starts_with("urn:uuid:"))
        return Value::fromUtf8(ref.substr(9));
    if (const size_t history = ref.find("/_history/"); history != std::string_view::npos)
        ref = ref.substr(0, history);
    if (const size_t slash = ref.rfind('/'); slash != std::string_view::npos)
        ref = ref.substr(slash + 1);
    return Value::fromUtf8(ref);
}

QString referenceDisplay(const Value &reference)
{
    const Value display = reference["display"];
    if (!display.stringView().empty())
        return sharedString(display);
    return sharedString(reference["reference"]);
}

QStringList annotationTexts(const Value &notes)
{
    QStringList texts;
    for (const Value &note : notes.toArray()) {
        const QString text = note["text"].toString().trimmed();
        if (!text.isEmpty())
            texts.append(text);
    }
    return texts;
}

} // namespace json
} // namespace kete::fhir
