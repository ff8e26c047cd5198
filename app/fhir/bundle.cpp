#include "fhir/bundle.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <cctype>
#include <optional>

namespace kete::fhir {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::fhir", text);
}

template<typename T> void take(Result<T> &&parsed, QList<T> &into, BundlePage &page)
{
    if (parsed.ok()) {
        into.append(std::move(parsed).value());
        return;
    }
    ++page.unreadableResources;
    if (page.unreadableDetails.size() < 10)
        page.unreadableDetails.append(parsed.error().detail);
}

void addResource(const QJsonObject &resource, BundlePage &page)
{
    const QString type = resource.value(QLatin1String("resourceType")).toString();
    if (type == QLatin1String("Observation"))
        take(parseObservation(resource), page.observations, page);
    else if (type == QLatin1String("Condition"))
        take(parseCondition(resource), page.conditions, page);
    else if (type == QLatin1String("DiagnosticReport"))
        take(parseDiagnosticReport(resource), page.reports, page);
    else if (type == QLatin1String("Patient"))
        take(parsePatient(resource), page.patients, page);
    else if (type == QLatin1String("Practitioner"))
        take(parsePractitioner(resource), page.practitioners, page);
    else if (type == QLatin1String("OperationOutcome"))
        page.notices.append(parseOperationOutcome(resource));
    else
        ++page.otherResources;
}

Error unreadable(const QString &detail)
{
    return Error{tr("The server sent a response Kete cannot read."), detail,
                 ErrorCode::FhirUnreadable};
}

void addUnreadableNotice(BundlePage &page)
{
    const int count = page.unreadableResources;
    if (count == 0)
        return;
    page.notices.append(Notice{
        Notice::Severity::Warning,
        count == 1 ? tr("1 item from the server could not be read and is not shown.")
                   : tr("%1 items from the server could not be read and are not shown.").arg(count),
        QStringLiteral("%1 unreadable entries").arg(count)});
}

// Where the `entry` array of a top-level JSON object lies, and each of its elements: a scanner
// over bytes that knows strings and brackets and nothing else, so that a page which is not valid
// JSON as a whole can still be read entry by entry when its structure is sound.
struct EntrySpans
{
    qsizetype arrayBegin = 0; // at '['
    qsizetype arrayEnd = 0;   // just past ']'
    QList<std::pair<qsizetype, qsizetype>> elements;
};

class EntryScanner
{
public:
    explicit EntryScanner(const QByteArray &json)
        : m_json(json)
    {}

    // nullopt when the text is not one object with sound brackets and strings (truncated, say),
    // or has no `entry` array.
    std::optional<EntrySpans> scan()
    {
        std::optional<EntrySpans> entries;
        skipSpace();
        if (!take('{'))
            return std::nullopt;
        skipSpace();
        if (!take('}')) {
            do {
                skipSpace();
                const qsizetype keyBegin = m_pos;
                if (!at('"') || !skipString())
                    return std::nullopt;
                const QByteArrayView key(m_json.constData() + keyBegin, m_pos - keyBegin);
                skipSpace();
                if (!take(':'))
                    return std::nullopt;
                skipSpace();
                if (key == QByteArrayView("\"entry\"") && at('[')) {
                    entries = elements();
                    if (!entries)
                        return std::nullopt;
                } else if (!skipValue()) {
                    return std::nullopt;
                }
                skipSpace();
            } while (take(','));
            if (!take('}'))
                return std::nullopt;
        }
        skipSpace();
        if (m_pos != m_json.size())
            return std::nullopt;
        return entries;
    }

private:
    bool at(char c) const { return m_pos < m_json.size() && m_json.at(m_pos) == c; }
    bool take(char c)
    {
        if (!at(c))
            return false;
        ++m_pos;
        return true;
    }
    void skipSpace()
    {
        while (m_pos < m_json.size() && std::isspace(static_cast<unsigned char>(m_json.at(m_pos))))
            ++m_pos;
    }
    // At '"': past the closing quote.
    bool skipString()
    {
        for (++m_pos; m_pos < m_json.size(); ++m_pos) {
            const char c = m_json.at(m_pos);
            if (c == '\\') {
                ++m_pos;
            } else if (c == '"') {
                ++m_pos;
                return true;
            }
        }
        return false;
    }
    bool skipValue()
    {
        if (at('"'))
            return skipString();
        if (at('{') || at('['))
            return skipContainer();
        const qsizetype begin = m_pos;
        while (m_pos < m_json.size()) {
            const char c = m_json.at(m_pos);
            if (c == ',' || c == ']' || c == '}' || std::isspace(static_cast<unsigned char>(c)))
                break;
            ++m_pos;
        }
        return m_pos > begin;
    }
    bool skipContainer()
    {
        QByteArray closers;
        while (m_pos < m_json.size()) {
            const char c = m_json.at(m_pos);
            if (c == '"') {
                if (!skipString())
                    return false;
                continue;
            }
            if (c == '{' || c == '[') {
                closers.append(c == '{' ? '}' : ']');
            } else if (c == '}' || c == ']') {
                if (closers.isEmpty() || closers.back() != c)
                    return false;
                closers.chop(1);
                if (closers.isEmpty()) {
                    ++m_pos;
                    return true;
                }
            }
            ++m_pos;
        }
        return false;
    }
    std::optional<EntrySpans> elements()
    {
        EntrySpans spans;
        spans.arrayBegin = m_pos;
        take('[');
        skipSpace();
        if (!take(']')) {
            do {
                skipSpace();
                const qsizetype begin = m_pos;
                if (!skipValue())
                    return std::nullopt;
                spans.elements.append({begin, m_pos});
                skipSpace();
            } while (take(','));
            if (!take(']'))
                return std::nullopt;
        }
        spans.arrayEnd = m_pos;
        return spans;
    }

    const QByteArray &m_json;
    qsizetype m_pos = 0;
};

Result<BundlePage> readObject(const QJsonObject &object)
{
    BundlePage page;
    const QString type = object.value(QLatin1String("resourceType")).toString();
    if (type == QLatin1String("OperationOutcome")) {
        const QList<Notice> issues = parseOperationOutcome(object);
        return Error{issues.isEmpty() ? tr("The server reported a problem.") : joinMessages(issues),
                     QStringLiteral("OperationOutcome instead of a result"),
                     ErrorCode::ServerOperationOutcome};
    }
    if (type == QLatin1String("CapabilityStatement")) {
        page.capabilities = parseCapabilityStatement(object);
        return page;
    }
    if (type != QLatin1String("Bundle")) {
        if (type.isEmpty())
            return unreadable(QStringLiteral("no resourceType"));
        addResource(object, page);
        return page;
    }

    if (const QJsonValue total = object.value(QLatin1String("total")); total.isDouble())
        page.total = total.toInt();
    const QJsonArray links = object.value(QLatin1String("link")).toArray();
    for (const QJsonValue &l : links) {
        const QJsonObject link = l.toObject();
        if (link.value(QLatin1String("relation")).toString() == QLatin1String("next")) {
            // Opaque: kept byte for byte, never rebuilt from parts.
            page.next = QUrl(link.value(QLatin1String("url")).toString());
            break;
        }
    }
    const QJsonArray entries = object.value(QLatin1String("entry")).toArray();
    page.observations.reserve(entries.size());
    for (const QJsonValue &e : entries) {
        const QJsonObject entry = e.toObject();
        const QJsonObject resource = entry.value(QLatin1String("resource")).toObject();
        const QString mode =
            entry.value(QLatin1String("search")).toObject().value(QLatin1String("mode")).toString();
        if (mode == QLatin1String("outcome") ||
            resource.value(QLatin1String("resourceType")).toString() ==
                QLatin1String("OperationOutcome")) {
            page.notices.append(parseOperationOutcome(resource));
            continue;
        }
        if (resource.isEmpty()) {
            ++page.unreadableResources;
            continue;
        }
        addResource(resource, page);
    }
    return page;
}

// The page without the entries that are not valid JSON on their own; nullopt when the rest of
// it is not a sound Bundle either.
std::optional<BundlePage> readEntryByEntry(const QByteArray &json)
{
    const std::optional<EntrySpans> spans = EntryScanner(json).scan();
    if (!spans || spans->elements.isEmpty())
        return std::nullopt;
    const QJsonDocument rest =
        QJsonDocument::fromJson(json.left(spans->arrayBegin) + "[]" + json.mid(spans->arrayEnd));
    if (!rest.isObject() ||
        rest.object().value(QLatin1String("resourceType")).toString() != QLatin1String("Bundle"))
        return std::nullopt;
    QJsonArray readable;
    QStringList problems;
    for (qsizetype i = 0; i < spans->elements.size(); ++i) {
        const auto [begin, end] = spans->elements.at(i);
        QJsonParseError error{};
        const QJsonDocument entry = QJsonDocument::fromJson(json.mid(begin, end - begin), &error);
        if (error.error == QJsonParseError::NoError && entry.isObject())
            readable.append(entry.object());
        else
            problems.append(QStringLiteral("entry %1 is not valid JSON (offset %2: %3)")
                                .arg(i)
                                .arg(begin + error.offset)
                                .arg(error.errorString()));
    }
    QJsonObject bundle = rest.object();
    bundle.insert(QLatin1String("entry"), readable);
    Result<BundlePage> page = readObject(bundle);
    if (!page.ok())
        return std::nullopt;
    page.value().unreadableResources += int(problems.size());
    page.value().unreadableDetails = (problems + page.value().unreadableDetails).mid(0, 10);
    return std::move(page).value();
}

} // namespace

Result<BundlePage> parseBundlePage(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        if (std::optional<BundlePage> page = readEntryByEntry(json)) {
            addUnreadableNotice(*page);
            return std::move(*page);
        }
        return unreadable(QStringLiteral("malformed JSON at offset %1: %2")
                              .arg(error.offset)
                              .arg(error.errorString()));
    }
    if (!document.isObject())
        return unreadable(QStringLiteral("JSON is not an object"));
    return parseBundlePage(document.object());
}

Result<BundlePage> parseBundlePage(const QJsonObject &object)
{
    Result<BundlePage> page = readObject(object);
    if (page.ok())
        addUnreadableNotice(page.value());
    return page;
}

} // namespace kete::fhir
