#include "fhir/datatypes.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QTimeZone>
#include <cmath>

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

QString Quantity::unitDisplay() const
{
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

QString Quantity::toDisplayString(const QLocale &locale) const
{
    QStringList parts;
    const QString comparatorPart = comparatorText(comparator);
    if (!comparatorPart.isEmpty())
        parts << comparatorPart;
    if (value)
        parts << formatDecimal(*value, locale);
    const QString unitPart = unitDisplay();
    if (!unitPart.isEmpty() && value)
        parts << unitPart;
    return parts.join(QLatin1Char(' '));
}

QString Range::toDisplayString(const QLocale &locale) const
{
    const auto number = [&](const Quantity &q) {
        return q.value ? formatDecimal(*q.value, locale) : QString();
    };
    const QString unit = high ? high->unitDisplay() : (low ? low->unitDisplay() : QString());
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

QString Ratio::toDisplayString(const QLocale &locale) const
{
    const QString n = numerator ? numerator->toDisplayString(locale) : QString();
    const QString d = denominator ? denominator->toDisplayString(locale) : QString();
    if (n.isEmpty() && d.isEmpty())
        return QString();
    return n + QStringLiteral(" / ") + d;
}

FhirDateTime FhirDateTime::parse(QStringView text)
{
    FhirDateTime result;
    const QString s = text.trimmed().toString();
    bool ok = false;
    if (s.size() == 4) {
        const int year = s.toInt(&ok);
        if (ok && year > 0) {
            result.m_start = QDateTime(QDate(year, 1, 1), QTime(0, 0));
            result.m_precision = Precision::Year;
        }
    } else if (s.size() == 7 && s.at(4) == QLatin1Char('-')) {
        const QDate date = QDate::fromString(s + QStringLiteral("-01"), Qt::ISODate);
        if (date.isValid()) {
            result.m_start = QDateTime(date, QTime(0, 0));
            result.m_precision = Precision::Month;
        }
    } else if (s.size() == 10) {
        const QDate date = QDate::fromString(s, Qt::ISODate);
        if (date.isValid()) {
            result.m_start = QDateTime(date, QTime(0, 0));
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

FhirDateTime FhirDateTime::fromDate(QDate date)
{
    FhirDateTime result;
    if (date.isValid()) {
        result.m_start = QDateTime(date, QTime(0, 0));
        result.m_precision = Precision::Day;
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

Coding coding(const QJsonObject &object)
{
    return Coding{object.value(QLatin1String("system")).toString(),
                  object.value(QLatin1String("code")).toString(),
                  object.value(QLatin1String("display")).toString()};
}

CodeableConcept codeableConcept(const QJsonValue &value)
{
    CodeableConcept result;
    const QJsonObject object = value.toObject();
    result.text = object.value(QLatin1String("text")).toString();
    const QJsonArray codings = object.value(QLatin1String("coding")).toArray();
    result.codings.reserve(codings.size());
    for (const QJsonValue &c : codings) {
        if (c.isObject())
            result.codings.append(coding(c.toObject()));
    }
    return result;
}

QList<CodeableConcept> codeableConcepts(const QJsonValue &value)
{
    QList<CodeableConcept> concepts;
    // Some servers send a single object where R4 says array; take it as one element.
    if (value.isObject()) {
        concepts.append(codeableConcept(value));
        return concepts;
    }
    const QJsonArray array = value.toArray();
    concepts.reserve(array.size());
    for (const QJsonValue &v : array) {
        CodeableConcept c = codeableConcept(v);
        if (!c.isEmpty())
            concepts.append(std::move(c));
    }
    return concepts;
}

static Comparator comparator(const QString &text)
{
    if (text == QLatin1String("<"))
        return Comparator::Less;
    if (text == QLatin1String("<="))
        return Comparator::LessOrEqual;
    if (text == QLatin1String(">="))
        return Comparator::GreaterOrEqual;
    if (text == QLatin1String(">"))
        return Comparator::Greater;
    return Comparator::None;
}

std::optional<Quantity> quantity(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    Quantity q;
    const QJsonValue number = object.value(QLatin1String("value"));
    if (number.isDouble())
        q.value = number.toDouble();
    else if (number.isString()) { // seen in the wild: decimals as strings
        bool ok = false;
        const double parsed = number.toString().toDouble(&ok);
        if (ok)
            q.value = parsed;
    }
    q.comparator = comparator(object.value(QLatin1String("comparator")).toString());
    q.unit = object.value(QLatin1String("unit")).toString();
    q.system = object.value(QLatin1String("system")).toString();
    q.code = object.value(QLatin1String("code")).toString();
    return q;
}

std::optional<Range> range(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    Range r{quantity(object.value(QLatin1String("low"))),
            quantity(object.value(QLatin1String("high")))};
    if (r.isEmpty())
        return std::nullopt;
    return r;
}

Ratio ratio(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    return Ratio{quantity(object.value(QLatin1String("numerator"))),
                 quantity(object.value(QLatin1String("denominator")))};
}

Period period(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    return Period{dateTime(object.value(QLatin1String("start"))),
                  dateTime(object.value(QLatin1String("end")))};
}

FhirDateTime dateTime(const QJsonValue &value)
{
    return value.isString() ? FhirDateTime::parse(value.toString()) : FhirDateTime();
}

QString referenceId(const QJsonValue &reference)
{
    QString ref = reference.toObject().value(QLatin1String("reference")).toString();
    if (ref.startsWith(QLatin1String("urn:uuid:")))
        return ref.mid(9);
    const qsizetype history = ref.indexOf(QLatin1String("/_history/"));
    if (history >= 0)
        ref.truncate(history);
    const qsizetype slash = ref.lastIndexOf(QLatin1Char('/'));
    return slash >= 0 ? ref.mid(slash + 1) : ref;
}

QString referenceDisplay(const QJsonValue &reference)
{
    const QJsonObject object = reference.toObject();
    const QString display = object.value(QLatin1String("display")).toString();
    return display.isEmpty() ? object.value(QLatin1String("reference")).toString() : display;
}

QStringList annotationTexts(const QJsonValue &notes)
{
    QStringList texts;
    const QJsonArray array = notes.toArray();
    for (const QJsonValue &note : array) {
        const QString text = note.toObject().value(QLatin1String("text")).toString().trimmed();
        if (!text.isEmpty())
            texts.append(text);
    }
    return texts;
}

} // namespace json
} // namespace kete::fhir
