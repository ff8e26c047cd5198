#pragma once

#include <QAnyStringView>
#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

class QLocale;

// FHIR R4 general-purpose data types, as plain values. Nothing here keeps JSON.
namespace kete::fhir {

inline constexpr QLatin1String kLoincSystem{"http://loinc.org"};
inline constexpr QLatin1String kSnomedSystem{"http://snomed.info/sct"};
inline constexpr QLatin1String kUcumSystem{"http://unitsofmeasure.org"};

struct Coding
{
    QString system;
    QString code;
    QString display;

    friend bool operator==(const Coding &, const Coding &) = default;
};

struct CodeableConcept
{
    QList<Coding> codings;
    QString text;

    bool isEmpty() const { return codings.isEmpty() && text.isEmpty(); }
    // text, else the first coding's display, else its code.
    QString displayText() const;
    const Coding *coding(QAnyStringView system) const;
    bool hasCode(QAnyStringView system, QAnyStringView code) const;
    // Whether any coding, in any system, has this code.
    bool hasCode(QAnyStringView code) const;

    friend bool operator==(const CodeableConcept &, const CodeableConcept &) = default;
};

// How a unit is written. Readable: as people write it ("×10³/µL", "mmHg"; see ucum.h), for
// the screen and the printout. AsSent: the server's unit text, else its UCUM code ("10*3/uL",
// "mm[Hg]"), for exports that other programs read.
enum class UnitStyle
{
    Readable,
    AsSent
};

enum class Comparator
{
    None,
    Less,
    LessOrEqual,
    GreaterOrEqual,
    Greater
};

struct Quantity
{
    std::optional<double> value;
    Comparator comparator = Comparator::None;
    QString unit;   // human-readable
    QString system; // usually UCUM
    QString code;   // UCUM code

    bool isCensored() const { return comparator != Comparator::None; }
    // What identifies the unit for grouping: the UCUM code, else the unit text.
    QString unitKey() const;
    // Readable: the unit text (else the code) made readable by readableUnit(). AsSent: the unit
    // text, else the code; UCUM's "1" and "{count}" style codes say nothing and are left out.
    QString unitDisplay(UnitStyle style = UnitStyle::Readable) const;
    // "< 5.2 mmol/L"; locale digits, a handful of significant digits.
    QString toDisplayString(const QLocale &locale, UnitStyle style = UnitStyle::Readable) const;

    friend bool operator==(const Quantity &, const Quantity &) = default;
};

struct Range
{
    std::optional<Quantity> low;
    std::optional<Quantity> high;

    bool isEmpty() const { return !low && !high; }
    QString toDisplayString(const QLocale &locale, UnitStyle style = UnitStyle::Readable) const;

    friend bool operator==(const Range &, const Range &) = default;
};

struct Ratio
{
    std::optional<Quantity> numerator;
    std::optional<Quantity> denominator;
    QString toDisplayString(const QLocale &locale, UnitStyle style = UnitStyle::Readable) const;

    friend bool operator==(const Ratio &, const Ratio &) = default;
};

// A FHIR date, dateTime or instant, keeping how precise the sender was: "2019", "2019-03",
// "2019-03-05" and "2019-03-05T10:00:00+13:00" are four different statements.
class FhirDateTime
{
public:
    enum class Precision
    {
        Invalid,
        Year,
        Month,
        Day,
        Time
    };

    FhirDateTime() = default;
    static FhirDateTime parse(QStringView text);
    static FhirDateTime parse(QUtf8StringView text);
    static FhirDateTime fromDate(QDate date);
    // toDateTime() and precision() put back together, as a value format stored them; invalid
    // unless both are.
    static FhirDateTime fromParts(const QDateTime &start, Precision precision);

    bool isValid() const { return m_precision != Precision::Invalid; }
    Precision precision() const { return m_precision; }
    // The start of what it denotes: local midnight for dates, the exact instant otherwise.
    QDateTime toDateTime() const { return m_start; }
    // The calendar date the sender meant (in the sender's offset when there is a time).
    QDate date() const;
    // "2019", "March 2019", a short date or a short date and local time.
    QString toDisplayString(const QLocale &locale) const;

    friend bool operator==(const FhirDateTime &a, const FhirDateTime &b)
    {
        return a.m_precision == b.m_precision && a.m_start == b.m_start;
    }

private:
    QDateTime m_start;
    Precision m_precision = Precision::Invalid;
};

struct Period
{
    FhirDateTime start;
    FhirDateTime end;

    friend bool operator==(const Period &, const Period &) = default;
};

// Locale number formatting with up to four significant digits (never dropping integer digits).
QString formatDecimal(double value, const QLocale &locale);

// An Age quantity (UCUM a, mo, wk, d, h, min) in days; nullopt for other units.
std::optional<double> ageInDays(const Quantity &age);

} // namespace kete::fhir
