#include "fhir/capabilities.h"

#include <QJsonArray>
#include <QJsonObject>

namespace kete::fhir {

namespace {

QSet<QString> paramNames(const QJsonValue &searchParams)
{
    QSet<QString> names;
    for (const QJsonValue &param : searchParams.toArray()) {
        const QString name = param.toObject().value(QLatin1String("name")).toString();
        if (!name.isEmpty())
            names.insert(name);
    }
    return names;
}

} // namespace

bool ServerCapabilities::supportsSearchParam(const QString &resourceType, const QString &name) const
{
    return commonSearchParams.contains(name) || searchParams.value(resourceType).contains(name);
}

QString ServerCapabilities::newestFirstSort(const QString &resourceType,
                                            const QString &dateParam) const
{
    if (supportsSearchParam(resourceType, QStringLiteral("_sort")) &&
        supportsSearchParam(resourceType, dateParam))
        return QLatin1Char('-') + dateParam;
    return {};
}

ServerCapabilities parseCapabilityStatement(const QJsonObject &object)
{
    ServerCapabilities capabilities;
    for (const QJsonValue &r : object.value(QLatin1String("rest")).toArray()) {
        const QJsonObject rest = r.toObject();
        if (rest.value(QLatin1String("mode")).toString() == QLatin1String("client"))
            continue;
        capabilities.commonSearchParams.unite(paramNames(rest.value(QLatin1String("searchParam"))));
        for (const QJsonValue &t : rest.value(QLatin1String("resource")).toArray()) {
            const QJsonObject type = t.toObject();
            const QString name = type.value(QLatin1String("type")).toString();
            if (!name.isEmpty())
                capabilities.searchParams[name].unite(
                    paramNames(type.value(QLatin1String("searchParam"))));
        }
    }
    return capabilities;
}

} // namespace kete::fhir
