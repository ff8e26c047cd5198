#include "fhir/bundle.h"

#include "fhir/jsonreaders.h"

#include <QCoreApplication>
#include <cctype>
#include <optional>

namespace kete::fhir {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::fhir", text);
}

void countUnreadable(const QString &detail, BundlePage &page)
{
    ++page.unreadableResources;
    if (page.unreadableDetails.size() < 10)
        page.unreadableDetails.append(detail);
}

template<typename T> void take(Result<T> &&parsed, QList<T> &into, BundlePage &page)
{
    if (parsed.ok())
        into.append(std::move(parsed).value());
    else
        countUnreadable(parsed.error().detail, page);
}

// Observations, by far the most numerous, are read in place.
void takeObservation(const json::Value &resource, BundlePage &page)
{
    Observation &observation = page.observations.emplace_back();
    if (const std::optional<QString> problem = readObservation(resource, observation)) {
        page.observations.removeLast();
        countUnreadable(*problem, page);
    }
}

void addResource(const json::Value &resource, std::string_view type, BundlePage &page)
{
    if (json::keyIs(type, "Observation"))
        takeObservation(resource, page);
    else if (json::keyIs(type, "Condition"))
        take(parseCondition(resource), page.conditions, page);
    else if (json::keyIs(type, "DiagnosticReport"))
        take(parseDiagnosticReport(resource), page.reports, page);
    else if (json::keyIs(type, "Patient"))
        take(parsePatient(resource), page.patients, page);
    else if (json::keyIs(type, "Practitioner"))
        take(parsePractitioner(resource), page.practitioners, page);
    else if (json::keyIs(type, "Organization"))
        take(parseOrganization(resource), page.organizations, page);
    else if (json::keyIs(type, "OperationOutcome"))
        page.notices.append(parseOperationOutcome(resource));
    else
        ++page.otherResources;
}

// One element of Bundle.entry.
void addEntry(const json::Value &entry, BundlePage &page)
{
    json::Value resource;
    std::string_view mode;
    for (const auto &[key, value] : entry.toObject()) {
        if (json::keyIs(key, "resource"))
            resource = value;
        else if (json::keyIs(key, "search"))
            mode = value["mode"].stringView();
    }
    const std::string_view type = resource["resourceType"].stringView();
    if (json::keyIs(mode, "outcome") || json::keyIs(type, "OperationOutcome")) {
        page.notices.append(parseOperationOutcome(resource));
        return;
    }
    if (resource.toObject().isEmpty()) {
        ++page.unreadableResources;
        return;
    }
    addResource(resource, type, page);
}

// Bundle.total and the `next` link.
void readBundleFields(const json::Value &bundle, BundlePage &page)
{
    if (const json::Value total = bundle["total"]; total.isNumber())
        page.total = total.toInt();
    for (const json::Value &link : bundle["link"].toArray()) {
        if (link["relation"].stringView() == "next") {
            // Opaque: kept byte for byte, never rebuilt from parts.
            page.next = QUrl(link["url"].toString());
            break;
        }
    }
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

Result<BundlePage> readObject(const json::Value &object)
{
    BundlePage page;
    const std::string_view type = object["resourceType"].stringView();
    if (json::keyIs(type, "OperationOutcome")) {
        const QList<Notice> issues = parseOperationOutcome(object);
        return Error{issues.isEmpty() ? tr("The server reported a problem.") : joinMessages(issues),
                     QStringLiteral("OperationOutcome instead of a result"),
                     ErrorCode::ServerOperationOutcome};
    }
    if (json::keyIs(type, "CapabilityStatement")) {
        page.capabilities = parseCapabilityStatement(object);
        return page;
    }
    if (type != "Bundle") {
        if (type.empty())
            return unreadable(QStringLiteral("no resourceType"));
        addResource(object, type, page);
        return page;
    }

    readBundleFields(object, page);
    const json::Array entries = object["entry"].toArray();
    page.observations.reserve(entries.size());
    for (const json::Value &entry : entries)
        addEntry(entry, page);
    return page;
}

// The page without the entries that are not valid JSON on their own; nullopt when the rest of
// it is not a sound Bundle either.
std::optional<BundlePage> readEntryByEntry(const QByteArray &json)
{
    const std::optional<EntrySpans> spans = EntryScanner(json).scan();
    if (!spans || spans->elements.isEmpty())
        return std::nullopt;
    BundlePage page;
    {
        const QByteArray restBytes =
            json.left(spans->arrayBegin) + "[]" + json.mid(spans->arrayEnd);
        const json::Document rest(restBytes);
        if (!rest.ok() || rest.root()["resourceType"].stringView() != "Bundle")
            return std::nullopt;
        readBundleFields(rest.root(), page);
    }
    QStringList problems;
    for (qsizetype i = 0; i < spans->elements.size(); ++i) {
        const auto [begin, end] = spans->elements.at(i);
        const json::Document entry(QByteArrayView(json).sliced(begin, end - begin));
        if (entry.ok())
            addEntry(entry.root(), page);
        else
            problems.append(QStringLiteral("entry %1 is not valid JSON (%2)")
                                .arg(i)
                                .arg(entry.errorText(begin)));
    }
    page.unreadableResources += int(problems.size());
    page.unreadableDetails = (problems + page.unreadableDetails).mid(0, 10);
    return page;
}

} // namespace

Result<BundlePage> parseBundlePage(const QByteArray &json)
{
    Result<BundlePage> page = [&]() -> Result<BundlePage> {
        const json::Document document(json);
        if (document.ok()) {
            if (!document.root().isObject())
                return unreadable(QStringLiteral("JSON is not an object"));
            return readObject(document.root());
        }
        const QString problem = document.errorText();
        if (std::optional<BundlePage> readable = readEntryByEntry(json))
            return std::move(*readable);
        return unreadable(QStringLiteral("malformed JSON: %1").arg(problem));
    }();
    if (page.ok())
        addUnreadableNotice(page.value());
    return page;
}

} // namespace kete::fhir
