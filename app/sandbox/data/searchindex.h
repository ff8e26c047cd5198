#pragma once

#include "common/result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <limits>
#include <optional>

// The search machinery behind ResourceStore: which parameters each resource type has, how their
// values are pulled out of a resource once (when it is added), and how a query value is parsed
// and compared against them. Internal to the sandbox's data library.
namespace kete::sandbox::search {

// A span of time in milliseconds since the epoch (UTC), [low, high). A FHIR date or dateTime
// stands for the whole span its precision covers: "2020" is all of 2020.
struct DateRange
{
    qint64 low = std::numeric_limits<qint64>::min();
    qint64 high = std::numeric_limits<qint64>::max();

    // A FHIR date, dateTime or instant ("2020", "2020-05", "2020-05-17T10:00:00+12:00").
    // Times without an offset are taken as UTC.
    static std::optional<DateRange> parse(QStringView text);
};

struct Token
{
    QString system; // empty when the element has none
    QString code;
    bool hasSystem = false;
};

enum class Kind
{
    Token,
    String,
    Date,
    Reference
};

// What one search parameter finds in one resource.
struct Values
{
    QList<Token> tokens;
    QStringList strings;    // folded (case and accents removed), for starts-with and :contains
    QStringList rawStrings; // as written, for :exact
    QList<DateRange> dates;
    QStringList references; // "Type/id"
    bool isEmpty() const
    {
        return tokens.isEmpty() && rawStrings.isEmpty() && dates.isEmpty() && references.isEmpty();
    }
};

// Parameter name -> what the resource holds for it.
using IndexedValues = QHash<QString, Values>;

// Everything the parameters of the resource's type find in it.
IndexedValues indexResource(const QJsonObject &resource);

// Case and accent folding used for string parameters.
QString fold(QStringView text);

// One parsed search parameter: a predicate over IndexedValues.
class Criterion
{
public:
    static Result<Criterion> parse(const QString &resourceType, const QString &name,
                                   const QString &value);

    bool matches(const IndexedValues &values) const;

    const QString &parameter() const { return m_parameter; }
    const QString &modifier() const { return m_modifier; }
    // The patient ids this criterion confines matches to, when it is a plain patient/subject
    // reference to patients (so the store can look in those patients' resources only).
    std::optional<QStringList> patientIds() const;
    // Resource ids, when this is a plain _id criterion.
    std::optional<QStringList> ids() const;

private:
    enum class Prefix
    {
        Eq,
        Ne,
        Gt,
        Lt,
        Ge,
        Le,
        Sa,
        Eb
    };
    struct DateValue
    {
        Prefix prefix = Prefix::Eq;
        DateRange range;
    };

    bool matchesOne(const Values &found, int index) const;

    QString m_parameter;
    QString m_modifier;
    Kind m_kind = Kind::Token;
    bool m_missing = false; // :missing=true|false
    // OR list, one entry per comma-separated value (only the list for m_kind is filled).
    QList<Token> m_tokens;
    QStringList m_strings;
    QList<DateValue> m_dates;
    QStringList m_references;
};

// One _sort key: a date parameter of the type (or _id), ascending or descending.
struct SortKey
{
    QString parameter;
    bool descending = false;
};

Result<QList<SortKey>> parseSort(const QString &resourceType, const QString &value);

// The earliest point of the parameter's values, for sorting (nullopt when it has none).
std::optional<qint64> sortValue(const IndexedValues &values, const QString &parameter);

} // namespace kete::sandbox::search
