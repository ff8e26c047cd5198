#include "sandbox/data/bundleloader.h"

#include "common/logging.h"
#include "sandbox/data/resourcestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUrlQuery>
#include <algorithm>

namespace kete::sandbox {

namespace {

// A resource read from a file, waiting for its references to be rewritten.
struct Pending
{
    QJsonObject resource;
    QString file;
    QString source;
};

bool isResourceType(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Z][A-Za-z]+$"));
    return pattern.match(text).hasMatch();
}

bool isFhirId(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9.-]{1,64}$"));
    return pattern.match(text).hasMatch();
}

// Everything one load knows about the resources it has read: where each entry's fullUrl
// points, and which resource carries which identifier (for conditional references).
class ReferenceMap
{
public:
    void addFullUrl(const QString &fullUrl, const QString &typeAndId)
    {
        if (!fullUrl.isEmpty())
            m_fullUrls.insert(fullUrl, typeAndId);
    }

    void addIdentifiers(const QJsonObject &resource)
    {
        const QString type = resource.value(QLatin1String("resourceType")).toString();
        const QString id = resource.value(QLatin1String("id")).toString();
        for (const QJsonValue &identifier : resource.value(QLatin1String("identifier")).toArray()) {
            const QJsonObject object = identifier.toObject();
            const QString key = type + QLatin1Char('|') +
                                object.value(QLatin1String("system")).toString() +
                                QLatin1Char('|') + object.value(QLatin1String("value")).toString();
            m_identifiers.insert(key, type + QLatin1Char('/') + id);
        }
    }

    // The "Type/id" a reference stands for; nullopt when it needs no rewriting (already
    // Type/id, contained "#x", or an external URL we never saw); "" when it should resolve to
    // something in the load but does not.
    std::optional<QString> resolve(const QString &reference) const
    {
        if (const auto found = m_fullUrls.constFind(reference); found != m_fullUrls.cend())
            return *found;
        if (reference.startsWith(QLatin1String("urn:")))
            return QString();
        const qsizetype question = reference.indexOf(QLatin1Char('?'));
        if (question > 0 && !reference.contains(QLatin1String("://"))) {
            const QString type = reference.left(question);
            const QUrlQuery query(reference.mid(question + 1));
            const QString identifier =
                query.queryItemValue(QStringLiteral("identifier"), QUrl::FullyDecoded);
            if (!isResourceType(type) || identifier.isEmpty())
                return QString();
            const qsizetype bar = identifier.indexOf(QLatin1Char('|'));
            const QString key = bar < 0 ? QString(type + QStringLiteral("||") + identifier)
                                        : QString(type + QLatin1Char('|') + identifier);
            return m_identifiers.value(key);
        }
        return std::nullopt;
    }

private:
    QHash<QString, QString> m_fullUrls;    // fullUrl -> Type/id
    QHash<QString, QString> m_identifiers; // Type|system|value -> Type/id
};

// Rewrites every Reference.reference under `value`; true when something changed.
bool rewriteReferences(QJsonValue &value, const ReferenceMap &map, int &unresolved)
{
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        bool changed = false;
        for (qsizetype i = 0; i < array.size(); ++i) {
            QJsonValue item = array.at(i);
            if (rewriteReferences(item, map, unresolved)) {
                array.replace(i, item);
                changed = true;
            }
        }
        if (changed)
            value = array;
        return changed;
    }
    if (!value.isObject())
        return false;
    QJsonObject object = value.toObject();
    bool changed = false;
    const QStringList keys = object.keys();
    for (const QString &key : keys) {
        QJsonValue item = object.value(key);
        if (key == QLatin1String("reference") && item.isString()) {
            const auto resolved = map.resolve(item.toString());
            if (!resolved)
                continue;
            if (resolved->isEmpty()) {
                ++unresolved;
                continue;
            }
            object.insert(key, *resolved);
            changed = true;
        } else if ((item.isObject() || item.isArray()) &&
                   rewriteReferences(item, map, unresolved)) {
            object.insert(key, item);
            changed = true;
        }
    }
    if (changed)
        value = object;
    return changed;
}

class FileReader
{
public:
    FileReader(QList<Pending> &pending, ReferenceMap &map, QList<LoadProblem> &problems)
        : m_pending(pending)
        , m_map(map)
        , m_problems(problems)
    {}

    bool read(const QString &path)
    {
        const QString name = QFileInfo(path).fileName();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            m_problems.append(
                {name, QStringLiteral("cannot be opened: %1").arg(file.errorString())});
            return false;
        }
        const QByteArray bytes = file.readAll();
        if (path.endsWith(QLatin1String(".ndjson"), Qt::CaseInsensitive))
            readNdjson(name, bytes);
        else
            readJson(name, bytes);
        return true;
    }

private:
    void readNdjson(const QString &name, const QByteArray &bytes)
    {
        int lineNumber = 0;
        for (const QByteArray &line : bytes.split('\n')) {
            ++lineNumber;
            if (line.trimmed().isEmpty())
                continue;
            const QString source = QStringLiteral("%1 line %2").arg(name).arg(lineNumber);
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line, &error);
            if (!document.isObject()) {
                m_problems.append(
                    {source,
                     error.error == QJsonParseError::NoError
                         ? QStringLiteral("is not a JSON object")
                         : QStringLiteral("is not valid JSON: %1").arg(error.errorString())});
                continue;
            }
            addResource(document.object(), QString(), name, source);
        }
    }

    void readJson(const QString &name, const QByteArray &bytes)
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
        if (!document.isObject()) {
            m_problems.append({name, error.error == QJsonParseError::NoError
                                         ? QStringLiteral("is not a JSON object")
                                         : QStringLiteral("is not valid JSON: %1 at offset %2")
                                               .arg(error.errorString())
                                               .arg(error.offset)});
            return;
        }
        const QJsonObject root = document.object();
        if (root.value(QLatin1String("resourceType")).toString() != QLatin1String("Bundle")) {
            addResource(root, QString(), name, name);
            return;
        }
        static const QStringList supported{QStringLiteral("transaction"), QStringLiteral("batch"),
                                           QStringLiteral("collection"),
                                           QStringLiteral("searchset")};
        const QString type = root.value(QLatin1String("type")).toString();
        if (!supported.contains(type)) {
            m_problems.append(
                {name, QStringLiteral("is a Bundle of type '%1' (expected transaction, batch, "
                                      "collection or searchset)")
                           .arg(type)});
            return;
        }
        const QJsonValue entryValue = root.value(QLatin1String("entry"));
        if (!entryValue.isUndefined() && !entryValue.isArray()) {
            // Read as an empty array it would load nothing without a word.
            m_problems.append({name, QStringLiteral("is a Bundle whose 'entry' is not an array; "
                                                    "nothing in it was loaded")});
            return;
        }
        const QJsonArray entries = entryValue.toArray();
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const QString source = QStringLiteral("%1 entry %2").arg(name).arg(i);
            if (!entries.at(i).isObject()) {
                m_problems.append({source, QStringLiteral("is not a JSON object")});
                continue;
            }
            const QJsonObject entry = entries.at(i).toObject();
            const QJsonObject search = entry.value(QLatin1String("search")).toObject();
            if (search.value(QLatin1String("mode")).toString() == QLatin1String("outcome"))
                continue;
            const QJsonObject request = entry.value(QLatin1String("request")).toObject();
            const QString method = request.value(QLatin1String("method")).toString();
            if (!method.isEmpty() && method != QLatin1String("POST") &&
                method != QLatin1String("PUT")) {
                m_problems.append(
                    {source, QStringLiteral("has request method %1, only POST and PUT are loaded")
                                 .arg(method)});
                continue;
            }
            QJsonObject resource = entry.value(QLatin1String("resource")).toObject();
            if (resource.isEmpty()) {
                m_problems.append({source, QStringLiteral("has no resource")});
                continue;
            }
            const QString fullUrl = entry.value(QLatin1String("fullUrl")).toString();
            if (!resource.contains(QLatin1String("id"))) {
                // A transaction may name its resources only by fullUrl or by PUT Type/id.
                QString id;
                if (fullUrl.startsWith(QLatin1String("urn:uuid:")))
                    id = fullUrl.mid(9);
                else if (method == QLatin1String("PUT"))
                    id = request.value(QLatin1String("url"))
                             .toString()
                             .section(QLatin1Char('/'), 1, 1);
                if (!id.isEmpty())
                    resource.insert(QStringLiteral("id"), id);
            }
            addResource(resource, fullUrl, name, source);
        }
    }

    void addResource(const QJsonObject &resource, const QString &fullUrl, const QString &file,
                     const QString &source)
    {
        const QString type = resource.value(QLatin1String("resourceType")).toString();
        const QString id = resource.value(QLatin1String("id")).toString();
        if (!isResourceType(type)) {
            m_problems.append({source, QStringLiteral("has no valid resourceType")});
            return;
        }
        if (type == QLatin1String("Bundle") || type == QLatin1String("OperationOutcome")) {
            m_problems.append({source, QStringLiteral("is a %1, not loaded").arg(type)});
            return;
        }
        if (!isFhirId(id)) {
            m_problems.append({source, QStringLiteral("%1 has no valid id").arg(type)});
            return;
        }
        const QString typeAndId = type + QLatin1Char('/') + id;
        m_map.addFullUrl(fullUrl, typeAndId);
        m_map.addIdentifiers(resource);
        m_pending.append({resource, file, source});
    }

    QList<Pending> &m_pending;
    ReferenceMap &m_map;
    QList<LoadProblem> &m_problems;
};

QString displayName(const QJsonObject &resource)
{
    const QJsonArray names = resource.value(QLatin1String("name")).toArray();
    if (names.isEmpty())
        return resource.value(QLatin1String("id")).toString();
    const QJsonObject name = names.first().toObject();
    QString text = name.value(QLatin1String("text")).toString();
    if (text.isEmpty()) {
        QStringList parts;
        for (const QJsonValue &given : name.value(QLatin1String("given")).toArray())
            parts.append(given.toString());
        parts.append(name.value(QLatin1String("family")).toString());
        parts.removeAll(QString());
        text = parts.join(QLatin1Char(' '));
    }
    // Synthea numbers its names ("Josue444 Sipes810"); people read them without.
    static const QRegularExpression digits(QStringLiteral("\\d+"));
    text.remove(digits);
    return text.simplified();
}

} // namespace

BundleLoader::BundleLoader(ResourceStore &store)
    : m_store(store)
{}

Result<LoadReport> BundleLoader::loadFolder(const QString &folder)
{
    const QDir dir(folder);
    if (!dir.exists() || !dir.isReadable()) {
        return Error{
            QCoreApplication::translate("kete::sandbox::BundleLoader",
                                        "The folder with the sandbox's records cannot be read."),
            QStringLiteral("Folder %1 does not exist or is not readable").arg(folder)};
    }
    QStringList paths;
    const QStringList names = dir.entryList({QStringLiteral("*.json"), QStringLiteral("*.ndjson")},
                                            QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &name : names)
        paths.append(dir.filePath(name));
    return loadFiles(paths);
}

LoadReport BundleLoader::loadFiles(const QStringList &paths)
{
    QElapsedTimer timer;
    timer.start();
    LoadReport report;
    QList<Pending> pending;
    ReferenceMap map;
    FileReader reader(pending, map, report.problems);
    for (const QString &path : paths) {
        if (reader.read(path))
            ++report.filesRead;
    }

    // References are rewritten once everything is read: a bundle may point into another file.
    QHash<QString, int> unresolvedBySource;
    QList<QJsonObject> loaded;
    loaded.reserve(pending.size());
    for (Pending &item : pending) {
        int unresolved = 0;
        QJsonValue value(item.resource);
        if (rewriteReferences(value, map, unresolved))
            item.resource = value.toObject();
        if (unresolved > 0)
            unresolvedBySource[item.file] += unresolved;
        m_store.add(item.resource);
        loaded.append(item.resource);
        ++report.resourcesAdded;
    }
    for (auto it = unresolvedBySource.cbegin(); it != unresolvedBySource.cend(); ++it) {
        report.problems.append(
            {it.key(), QStringLiteral("%1 references point to nothing in the loaded files and were "
                                      "left as they are")
                           .arg(it.value())});
    }
    report.directory = directoryFor(loaded);
    qCInfo(lcSandbox) << "Loaded" << report.resourcesAdded << "resources from" << report.filesRead
                      << "files in" << timer.elapsed() << "ms;" << report.problems.size()
                      << "problems";
    return report;
}

DemoDirectory BundleLoader::directoryFor(const QList<QJsonObject> &resources)
{
    DemoDirectory directory;
    for (const QJsonObject &resource : resources) {
        const QString type = resource.value(QLatin1String("resourceType")).toString();
        const QString id = resource.value(QLatin1String("id")).toString();
        const auto sameId = [&](const auto &account) { return account.login == id; };
        if (type == QLatin1String("Patient") &&
            std::none_of(directory.patients.cbegin(), directory.patients.cend(), sameId))
            directory.patients.append({id, displayName(resource), id});
        else if (type == QLatin1String("Practitioner") &&
                 std::none_of(directory.clinicians.cbegin(), directory.clinicians.cend(), sameId))
            directory.clinicians.append({id, displayName(resource), id});
    }
    return directory;
}

} // namespace kete::sandbox
