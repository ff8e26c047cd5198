#include "fhir/bundle.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

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
    return Error{tr("The server sent a response Kete cannot read."), detail};
}

} // namespace

Result<BundlePage> parseBundlePage(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return unreadable(QStringLiteral("malformed JSON at offset %1: %2")
                              .arg(error.offset)
                              .arg(error.errorString()));
    if (!document.isObject())
        return unreadable(QStringLiteral("JSON is not an object"));
    return parseBundlePage(document.object());
}

Result<BundlePage> parseBundlePage(const QJsonObject &object)
{
    BundlePage page;
    const QString type = object.value(QLatin1String("resourceType")).toString();
    if (type == QLatin1String("OperationOutcome")) {
        const QList<Notice> issues = parseOperationOutcome(object);
        return Error{issues.isEmpty() ? tr("The server reported a problem.") : joinMessages(issues),
                     QStringLiteral("OperationOutcome instead of a result")};
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
    if (page.unreadableResources > 0) {
        page.notices.append(
            Notice{Notice::Severity::Warning,
                   QCoreApplication::translate("kete::fhir", "%n record(s) could not be read.",
                                               nullptr, page.unreadableResources),
                   QStringLiteral("%1 unreadable entries").arg(page.unreadableResources)});
    }
    return page;
}

} // namespace kete::fhir
