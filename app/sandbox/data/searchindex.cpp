#include "sandbox/data/searchindex.h"

#include <QCoreApplication>
#include <QDate>
#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>
#include <functional>

namespace kete::sandbox::search {

namespace {

constexpr qint64 msPerDay = 86'400'000;
constexpr qint64 julianDayOfEpoch = 2'440'588; // 1970-01-01

qint64 msecsOf(const QDate &date)
{
    return (date.toJulianDay() - julianDayOfEpoch) * msPerDay;
}

Error searchError(const QString &detail)
{
    return Error{QCoreApplication::translate("kete::sandbox::ResourceStore",
                                             "The server could not understand this search."),
                 detail};
}

// ---- extraction helpers ---------------------------------------------------------------------

QJsonArray asArray(const QJsonValue &value)
{
    if (value.isArray())
        return value.toArray();
    if (value.isUndefined() || value.isNull())
        return {};
    return QJsonArray{value};
}

void addCodeableConcepts(Values &values, const QJsonValue &element)
{
    for (const QJsonValue &codeableConcept : asArray(element)) {
        for (const QJsonValue &coding :
             codeableConcept.toObject().value(QLatin1String("coding")).toArray()) {
            const QJsonObject object = coding.toObject();
            const QJsonValue system = object.value(QLatin1String("system"));
            values.tokens.append(Token{system.toString(),
                                       object.value(QLatin1String("code")).toString(),
                                       system.isString()});
        }
    }
}

void addCode(Values &values, const QJsonValue &element)
{
    if (element.isString())
        values.tokens.append(Token{QString(), element.toString(), false});
}

void addIdentifiers(Values &values, const QJsonValue &element)
{
    for (const QJsonValue &identifier : asArray(element)) {
        const QJsonObject object = identifier.toObject();
        const QJsonValue system = object.value(QLatin1String("system"));
        values.tokens.append(Token{
            system.toString(), object.value(QLatin1String("value")).toString(), system.isString()});
    }
}

void addString(Values &values, const QString &text)
{
    if (text.isEmpty())
        return;
    values.rawStrings.append(text);
    values.strings.append(fold(text));
}

enum class NamePart
{
    Any,
    Family,
    Given
};

void addHumanNames(Values &values, const QJsonValue &element, NamePart part)
{
    for (const QJsonValue &nameValue : asArray(element)) {
        const QJsonObject name = nameValue.toObject();
        if (part != NamePart::Given)
            addString(values, name.value(QLatin1String("family")).toString());
        if (part != NamePart::Family) {
            for (const QJsonValue &given : name.value(QLatin1String("given")).toArray())
                addString(values, given.toString());
        }
        if (part == NamePart::Any) {
            for (const char *key : {"prefix", "suffix"}) {
                for (const QJsonValue &item : name.value(QLatin1String(key)).toArray())
                    addString(values, item.toString());
            }
            // The whole text, and each of its words, so "name=smi" finds "Dr Amy Smith".
            const QString text = name.value(QLatin1String("text")).toString();
            addString(values, text);
            const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (words.size() > 1) {
                for (const QString &word : words)
                    addString(values, word);
            }
        }
    }
}

void addDates(Values &values, const QJsonObject &resource, const QString &prefix)
{
    for (const char *suffix : {"DateTime", "Instant", "Date"}) {
        const QJsonValue value = resource.value(prefix + QLatin1String(suffix));
        if (value.isString()) {
            if (const auto range = DateRange::parse(value.toString()))
                values.dates.append(*range);
        }
    }
    const QJsonObject period = resource.value(prefix + QLatin1String("Period")).toObject();
    if (!period.isEmpty()) {
        DateRange range;
        if (const auto start = DateRange::parse(period.value(QLatin1String("start")).toString()))
            range.low = start->low;
        if (const auto end = DateRange::parse(period.value(QLatin1String("end")).toString()))
            range.high = end->high;
        values.dates.append(range);
    }
}

void addReference(Values &values, const QJsonValue &element, bool patientsOnly)
{
    const QString reference = element.toObject().value(QLatin1String("reference")).toString();
    if (reference.isEmpty())
        return;
    if (patientsOnly && !reference.startsWith(QLatin1String("Patient/")))
        return;
    values.references.append(reference);
}

// ---- parameter definitions -----------------------------------------------------------------

struct Definition
{
    Kind kind;
    std::function<void(Values &, const QJsonObject &)> extract;
};

using Definitions = QHash<QString, Definition>;

Definition idParameter()
{
    return {Kind::Token,
            [](Values &v, const QJsonObject &r) { addCode(v, r.value(QLatin1String("id"))); }};
}

Definition lastUpdatedParameter()
{
    return {Kind::Date, [](Values &v, const QJsonObject &r) {
                const QString lastUpdated = r.value(QLatin1String("meta"))
                                                .toObject()
                                                .value(QLatin1String("lastUpdated"))
                                                .toString();
                if (const auto range = DateRange::parse(lastUpdated))
                    v.dates.append(*range);
            }};
}

Definition codeParameter(const char *element)
{
    return {Kind::Token, [key = QString::fromLatin1(element)](Values &v, const QJsonObject &r) {
                addCode(v, r.value(key));
            }};
}

Definition conceptParameter(const char *element)
{
    return {Kind::Token, [key = QString::fromLatin1(element)](Values &v, const QJsonObject &r) {
                addCodeableConcepts(v, r.value(key));
            }};
}

Definition dateParameter(const char *elementPrefix)
{
    return {Kind::Date, [key = QString::fromLatin1(elementPrefix)](
                            Values &v, const QJsonObject &r) { addDates(v, r, key); }};
}

Definition referenceParameter(const char *element, bool patientsOnly)
{
    return {Kind::Reference,
            [key = QString::fromLatin1(element), patientsOnly](Values &v, const QJsonObject &r) {
                addReference(v, r.value(key), patientsOnly);
            }};
}

Definition nameParameter(NamePart part)
{
    return {Kind::String, [part](Values &v, const QJsonObject &r) {
                addHumanNames(v, r.value(QLatin1String("name")), part);
            }};
}

Definition identifierParameter()
{
    return {Kind::Token, [](Values &v, const QJsonObject &r) {
                addIdentifiers(v, r.value(QLatin1String("identifier")));
            }};
}

// Any resource in a patient's compartment: subject or patient pointing at a Patient.
Definition compartmentPatientParameter()
{
    return {Kind::Reference, [](Values &v, const QJsonObject &r) {
                addReference(v, r.value(QLatin1String("subject")), true);
                if (v.references.isEmpty())
                    addReference(v, r.value(QLatin1String("patient")), true);
            }};
}

const QHash<QString, Definitions> &definitionsByType()
{
    static const QHash<QString, Definitions> definitions = [] {
        QHash<QString, Definitions> all;
        auto people = [](Definitions d) {
            d.insert(QStringLiteral("name"), nameParameter(NamePart::Any));
            d.insert(QStringLiteral("family"), nameParameter(NamePart::Family));
            d.insert(QStringLiteral("given"), nameParameter(NamePart::Given));
            d.insert(QStringLiteral("identifier"), identifierParameter());
            return d;
        };
        Definitions common{{QStringLiteral("_id"), idParameter()},
                           {QStringLiteral("_lastUpdated"), lastUpdatedParameter()}};
        Definitions clinical = common;
        clinical.insert(QStringLiteral("patient"), referenceParameter("subject", true));
        clinical.insert(QStringLiteral("subject"), referenceParameter("subject", false));
        clinical.insert(QStringLiteral("category"), conceptParameter("category"));
        clinical.insert(QStringLiteral("code"), conceptParameter("code"));

        Definitions patient = people(common);
        patient.insert(QStringLiteral("birthdate"), dateParameter("birth"));
        patient.insert(QStringLiteral("gender"), codeParameter("gender"));
        all.insert(QStringLiteral("Patient"), patient);
        all.insert(QStringLiteral("Practitioner"), people(common));
        all.insert(QStringLiteral("Organization"), common);

        Definitions observation = clinical;
        observation.insert(QStringLiteral("date"), dateParameter("effective"));
        observation.insert(QStringLiteral("status"), codeParameter("status"));
        all.insert(QStringLiteral("Observation"), observation);

        Definitions report = observation;
        all.insert(QStringLiteral("DiagnosticReport"), report);

        Definitions condition = clinical;
        condition.insert(QStringLiteral("clinical-status"), conceptParameter("clinicalStatus"));
        condition.insert(QStringLiteral("verification-status"),
                         conceptParameter("verificationStatus"));
        condition.insert(QStringLiteral("onset-date"), dateParameter("onset"));
        condition.insert(QStringLiteral("abatement-date"), dateParameter("abatement"));
        condition.insert(QStringLiteral("recorded-date"), dateParameter("recorded"));
        all.insert(QStringLiteral("Condition"), condition);
        return all;
    }();
    return definitions;
}

const Definitions &definitionsFor(const QString &resourceType)
{
    static const Definitions other{{QStringLiteral("_id"), idParameter()},
                                   {QStringLiteral("_lastUpdated"), lastUpdatedParameter()},
                                   {QStringLiteral("patient"), compartmentPatientParameter()}};
    const auto &all = definitionsByType();
    const auto found = all.constFind(resourceType);
    return found == all.cend() ? other : *found;
}

// ---- query value parsing -------------------------------------------------------------------

// Splits at separators not escaped with a backslash; the pieces keep their escapes.
QStringList splitUnescaped(const QString &text, QChar separator, int maxPieces = -1)
{
    QStringList pieces;
    QString current;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\') && i + 1 < text.size()) {
            current.append(c);
            current.append(text.at(++i));
        } else if (c == separator && (maxPieces < 0 || pieces.size() + 1 < maxPieces)) {
            pieces.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    pieces.append(current);
    return pieces;
}

QString unescape(const QString &text)
{
    QString result;
    result.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('\\') && i + 1 < text.size())
            ++i;
        result.append(text.at(i));
    }
    return result;
}

bool isResourceTypeName(QStringView text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Z][A-Za-z]+$"));
    return pattern.match(text).hasMatch();
}

} // namespace

// ---- DateRange -----------------------------------------------------------------------------

std::optional<DateRange> DateRange::parse(QStringView text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d+)?)?"
        "(Z|[+-]\\d{2}:\\d{2})?)?)?)?$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int year = match.capturedView(1).toInt();
    const bool hasMonth = match.hasCaptured(2);
    const bool hasDay = match.hasCaptured(3);
    const int month = hasMonth ? match.capturedView(2).toInt() : 1;
    const int day = hasDay ? match.capturedView(3).toInt() : 1;
    const QDate date(year, month, day);
    if (!date.isValid())
        return std::nullopt;

    DateRange range;
    if (!match.hasCaptured(4)) {
        range.low = msecsOf(date);
        range.high = msecsOf(hasDay     ? date.addDays(1)
                             : hasMonth ? date.addMonths(1)
                                        : date.addYears(1));
        return range;
    }
    const int hour = match.capturedView(4).toInt();
    const int minute = match.capturedView(5).toInt();
    const int second = match.hasCaptured(6) ? match.capturedView(6).toInt() : 0;
    if (hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    qint64 milliseconds = 0;
    qint64 precision = match.hasCaptured(6) ? 1000 : 60'000;
    if (match.hasCaptured(7)) {
        // ".5" is 500 ms; digits beyond milliseconds are dropped.
        const QString fraction = QString(match.captured(7).mid(1) + QStringLiteral("00")).left(3);
        milliseconds = fraction.toInt();
        precision = 1;
    }
    qint64 offset = 0;
    if (match.hasCaptured(8) && match.capturedView(8) != QLatin1String("Z")) {
        const QStringView zone = match.capturedView(8);
        const int hours = zone.mid(1, 2).toInt();
        const int minutes = zone.mid(4, 2).toInt();
        if (hours > 14 || minutes > 59)
            return std::nullopt;
        offset = (hours * 60 + minutes) * 60'000LL * (zone.front() == QLatin1Char('-') ? -1 : 1);
    }
    range.low =
        msecsOf(date) + ((hour * 60 + minute) * 60LL + second) * 1000 + milliseconds - offset;
    range.high = range.low + precision;
    return range;
}

// ---- indexing ------------------------------------------------------------------------------

QString fold(QStringView text)
{
    const QString decomposed = text.toString().normalized(QString::NormalizationForm_D);
    QString folded;
    folded.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        if (c.category() != QChar::Mark_NonSpacing)
            folded.append(c);
    }
    return folded.toCaseFolded();
}

IndexedValues indexResource(const QJsonObject &resource)
{
    IndexedValues indexed;
    const Definitions &definitions =
        definitionsFor(resource.value(QLatin1String("resourceType")).toString());
    for (auto it = definitions.cbegin(); it != definitions.cend(); ++it) {
        Values values;
        it->extract(values, resource);
        if (!values.isEmpty())
            indexed.insert(it.key(), values);
    }
    return indexed;
}

// ---- Criterion -----------------------------------------------------------------------------

Result<Criterion> Criterion::parse(const QString &resourceType, const QString &name,
                                   const QString &value)
{
    const qsizetype colon = name.indexOf(QLatin1Char(':'));
    const QString parameter = colon < 0 ? name : name.left(colon);
    const QString modifier = colon < 0 ? QString() : name.mid(colon + 1);
    const Definitions &definitions = definitionsFor(resourceType);
    const auto definition = definitions.constFind(parameter);
    if (definition == definitions.cend()) {
        return searchError(
            QStringLiteral("Unknown search parameter '%1' for %2").arg(parameter, resourceType));
    }

    Criterion criterion;
    criterion.m_parameter = parameter;
    criterion.m_modifier = modifier;
    criterion.m_kind = definition->kind;

    if (modifier == QLatin1String("missing")) {
        if (value != QLatin1String("true") && value != QLatin1String("false")) {
            return searchError(
                QStringLiteral("Parameter '%1:missing' takes true or false").arg(parameter));
        }
        criterion.m_missing = true;
        criterion.m_strings = {value};
        return criterion;
    }

    QString referenceType;
    const bool modifierAllowed = [&] {
        if (modifier.isEmpty())
            return true;
        switch (definition->kind) {
        case Kind::String:
            return modifier == QLatin1String("exact") || modifier == QLatin1String("contains");
        case Kind::Token:
            return modifier == QLatin1String("not");
        case Kind::Reference:
            if (!isResourceTypeName(modifier))
                return false;
            if (parameter == QLatin1String("patient") && modifier != QLatin1String("Patient"))
                return false;
            referenceType = modifier;
            return true;
        case Kind::Date:
            return false;
        }
        return false;
    }();
    if (!modifierAllowed) {
        return searchError(QStringLiteral("Modifier ':%1' is not supported on parameter '%2'")
                               .arg(modifier, parameter));
    }

    static const QRegularExpression prefixPattern(QStringLiteral("^([a-z]{2})(.*)$"));
    for (const QString &escaped : splitUnescaped(value, QLatin1Char(','))) {
        if (escaped.isEmpty()) {
            return searchError(
                QStringLiteral("Parameter '%1' has an empty value in its list").arg(parameter));
        }
        switch (definition->kind) {
        case Kind::Token: {
            const QStringList parts = splitUnescaped(escaped, QLatin1Char('|'), 2);
            Token token;
            if (parts.size() == 2) {
                token = Token{unescape(parts.at(0)), unescape(parts.at(1)), true};
                if (token.system.isEmpty() && token.code.isEmpty()) {
                    return searchError(
                        QStringLiteral("Parameter '%1' has an empty token '|'").arg(parameter));
                }
            } else {
                token = Token{QString(), unescape(escaped), false};
            }
            criterion.m_tokens.append(token);
            break;
        }
        case Kind::String:
            criterion.m_strings.append(
                modifier == QLatin1String("exact") ? unescape(escaped) : fold(unescape(escaped)));
            break;
        case Kind::Date: {
            DateValue date;
            QString text = escaped;
            if (const auto match = prefixPattern.match(escaped); match.hasMatch()) {
                static const QHash<QString, Prefix> prefixes{
                    {QStringLiteral("eq"), Prefix::Eq}, {QStringLiteral("ne"), Prefix::Ne},
                    {QStringLiteral("gt"), Prefix::Gt}, {QStringLiteral("lt"), Prefix::Lt},
                    {QStringLiteral("ge"), Prefix::Ge}, {QStringLiteral("le"), Prefix::Le},
                    {QStringLiteral("sa"), Prefix::Sa}, {QStringLiteral("eb"), Prefix::Eb}};
                const auto prefix = prefixes.constFind(match.captured(1));
                if (prefix == prefixes.cend()) {
                    return searchError(QStringLiteral("Parameter '%1' has an unsupported prefix "
                                                      "'%2' (use eq, ne, gt, lt, ge, le, sa, eb)")
                                           .arg(parameter, match.captured(1)));
                }
                date.prefix = *prefix;
                text = match.captured(2);
            }
            const auto range = DateRange::parse(text);
            if (!range) {
                return searchError(
                    QStringLiteral("Parameter '%1' has a malformed date '%2' (expected "
                                   "YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)")
                        .arg(parameter, text));
            }
            date.range = *range;
            criterion.m_dates.append(date);
            break;
        }
        case Kind::Reference: {
            QString reference = unescape(escaped);
            // Absolute references: keep "Type/id" from the end of the URL.
            if (reference.contains(QLatin1String("://"))) {
                const QStringList segments = reference.split(QLatin1Char('/'), Qt::SkipEmptyParts);
                reference = segments.size() >= 2 ? segments.at(segments.size() - 2) +
                                                       QLatin1Char('/') + segments.last()
                                                 : QString();
            }
            const qsizetype slash = reference.indexOf(QLatin1Char('/'));
            if (slash < 0 && !referenceType.isEmpty())
                reference = referenceType + QLatin1Char('/') + reference;
            else if (slash < 0 && parameter == QLatin1String("patient"))
                reference = QStringLiteral("Patient/") + reference;
            const qsizetype typeEnd = reference.indexOf(QLatin1Char('/'));
            const bool wellFormed =
                typeEnd < 0 ? !reference.isEmpty()
                            : typeEnd > 0 && typeEnd < reference.size() - 1 &&
                                  reference.indexOf(QLatin1Char('/'), typeEnd + 1) < 0 &&
                                  isResourceTypeName(QStringView(reference).left(typeEnd));
            if (!wellFormed) {
                return searchError(QStringLiteral("Parameter '%1' has a malformed reference '%2'")
                                       .arg(parameter, escaped));
            }
            if (typeEnd >= 0 && ((parameter == QLatin1String("patient") &&
                                  !reference.startsWith(QLatin1String("Patient/"))) ||
                                 (!referenceType.isEmpty() &&
                                  !reference.startsWith(referenceType + QLatin1Char('/'))))) {
                return searchError(
                    QStringLiteral("Parameter '%1' cannot refer to '%2'").arg(name, escaped));
            }
            criterion.m_references.append(reference);
            break;
        }
        }
    }
    return criterion;
}

bool Criterion::matches(const IndexedValues &values) const
{
    const auto found = values.constFind(m_parameter);
    if (m_missing)
        return (found == values.cend()) == (m_strings.constFirst() == QLatin1String("true"));
    const bool negated = m_modifier == QLatin1String("not");
    if (found == values.cend())
        return negated;
    qsizetype count = 0;
    switch (m_kind) {
    case Kind::Token:
        count = m_tokens.size();
        break;
    case Kind::String:
        count = m_strings.size();
        break;
    case Kind::Date:
        count = m_dates.size();
        break;
    case Kind::Reference:
        count = m_references.size();
        break;
    }
    for (int i = 0; i < count; ++i) {
        if (matchesOne(*found, i))
            return !negated;
    }
    return negated;
}

bool Criterion::matchesOne(const Values &found, int index) const
{
    switch (m_kind) {
    case Kind::Token: {
        const Token &wanted = m_tokens.at(index);
        return std::any_of(found.tokens.cbegin(), found.tokens.cend(), [&](const Token &token) {
            if (!wanted.hasSystem)
                return token.code == wanted.code;
            if (wanted.system.isEmpty())
                return !token.hasSystem && token.code == wanted.code;
            return token.system == wanted.system &&
                   (wanted.code.isEmpty() || token.code == wanted.code);
        });
    }
    case Kind::String: {
        const QString &wanted = m_strings.at(index);
        if (m_modifier == QLatin1String("exact"))
            return found.rawStrings.contains(wanted);
        const bool contains = m_modifier == QLatin1String("contains");
        return std::any_of(found.strings.cbegin(), found.strings.cend(), [&](const QString &text) {
            return contains ? text.contains(wanted) : text.startsWith(wanted);
        });
    }
    case Kind::Date: {
        const DateValue &wanted = m_dates.at(index);
        const DateRange &s = wanted.range;
        return std::any_of(found.dates.cbegin(), found.dates.cend(), [&](const DateRange &t) {
            const bool within = s.low <= t.low && t.high <= s.high;
            switch (wanted.prefix) {
            case Prefix::Eq:
                return within;
            case Prefix::Ne:
                return !within;
            case Prefix::Gt:
                return t.high > s.high;
            case Prefix::Lt:
                return t.low < s.low;
            case Prefix::Ge:
                return within || t.high > s.high;
            case Prefix::Le:
                return within || t.low < s.low;
            case Prefix::Sa:
                return t.low >= s.high;
            case Prefix::Eb:
                return t.high <= s.low;
            }
            return false;
        });
    }
    case Kind::Reference: {
        const QString &wanted = m_references.at(index);
        const bool bareId = !wanted.contains(QLatin1Char('/'));
        return std::any_of(
            found.references.cbegin(), found.references.cend(), [&](const QString &reference) {
                if (!bareId)
                    return reference == wanted;
                return reference.endsWith(wanted) && reference.size() > wanted.size() &&
                       reference.at(reference.size() - wanted.size() - 1) == QLatin1Char('/');
            });
    }
    }
    return false;
}

std::optional<QStringList> Criterion::patientIds() const
{
    if (m_kind != Kind::Reference || m_missing || m_references.isEmpty())
        return std::nullopt;
    if (m_parameter != QLatin1String("patient") && m_parameter != QLatin1String("subject"))
        return std::nullopt;
    QStringList ids;
    for (const QString &reference : m_references) {
        if (!reference.startsWith(QLatin1String("Patient/")))
            return std::nullopt;
        ids.append(reference.mid(8));
    }
    return ids;
}

std::optional<QStringList> Criterion::ids() const
{
    if (m_parameter != QLatin1String("_id") || !m_modifier.isEmpty())
        return std::nullopt;
    QStringList ids;
    for (const Token &token : m_tokens) {
        if (token.hasSystem)
            return QStringList();
        ids.append(token.code);
    }
    return ids;
}

// ---- sorting -------------------------------------------------------------------------------

Result<QList<SortKey>> parseSort(const QString &resourceType, const QString &value)
{
    QList<SortKey> keys;
    const Definitions &definitions = definitionsFor(resourceType);
    for (const QString &item : value.split(QLatin1Char(','))) {
        SortKey key;
        key.descending = item.startsWith(QLatin1Char('-'));
        key.parameter = key.descending ? item.mid(1) : item;
        const auto definition = definitions.constFind(key.parameter);
        const bool sortable = key.parameter == QLatin1String("_id") ||
                              (definition != definitions.cend() && definition->kind == Kind::Date);
        if (!sortable) {
            return searchError(
                QStringLiteral("Parameter '_sort' cannot sort %1 by '%2'").arg(resourceType, item));
        }
        keys.append(key);
    }
    return keys;
}

std::optional<qint64> sortValue(const IndexedValues &values, const QString &parameter)
{
    const auto found = values.constFind(parameter);
    if (found == values.cend() || found->dates.isEmpty())
        return std::nullopt;
    qint64 earliest = found->dates.constFirst().low;
    for (const DateRange &range : found->dates)
        earliest = std::min(earliest, range.low);
    return earliest;
}

} // namespace kete::sandbox::search
