#include "fhir/capabilities.h"

#include "fhir/jsonreaders.h"

namespace kete::fhir {

namespace {

QSet<QString> paramNames(const json::Value &searchParams)
{
    QSet<QString> names;
    for (const json::Value &param : searchParams.toArray()) {
        const QString name = param["name"].toString();
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

ServerCapabilities parseCapabilityStatement(const json::Value &object)
{
    ServerCapabilities capabilities;
    for (const json::Value &rest : object["rest"].toArray()) {
        if (rest["mode"].stringView() == "client")
            continue;
        capabilities.commonSearchParams.unite(paramNames(rest["searchParam"]));
        for (const json::Value &type : rest["resource"].toArray()) {
            const QString name = type["type"].toString();
            if (!name.isEmpty())
                capabilities.searchParams[name].unite(paramNames(type["searchParam"]));
        }
    }
    return capabilities;
}

} // namespace kete::fhir
