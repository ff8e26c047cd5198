#include "sandbox/auth/smartscope.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace kete::sandbox {

namespace {

bool parsePermissions(const QString &text, SmartScope &scope)
{
    // v1
    if (text == QLatin1String("read")) {
        scope.read = scope.search = true;
        return true;
    }
    if (text == QLatin1String("write")) {
        scope.create = scope.update = scope.remove = true;
        return true;
    }
    if (text == QLatin1String("*")) {
        scope.create = scope.read = scope.update = scope.remove = scope.search = true;
        return true;
    }
    // v2: a non-empty subsequence of "cruds", in that order
    static const QRegularExpression v2(QStringLiteral("^c?r?u?d?s?$"));
    if (text.isEmpty() || !v2.match(text).hasMatch())
        return false;
    scope.isV2 = true;
    scope.create = text.contains(QLatin1Char('c'));
    scope.read = text.contains(QLatin1Char('r'));
    scope.update = text.contains(QLatin1Char('u'));
    scope.remove = text.contains(QLatin1Char('d'));
    scope.search = text.contains(QLatin1Char('s'));
    return true;
}

QStringList valuesOf(const QString &orList)
{
    return orList.split(QLatin1Char(','), Qt::SkipEmptyParts);
}

} // namespace

std::optional<SmartScope> SmartScope::parse(const QString &text)
{
    static const QRegularExpression shape(
        QStringLiteral("^(patient|user|system)/([A-Z][A-Za-z]*|\\*)\\.([a-z*]+)(\\?(.+))?$"));
    const QRegularExpressionMatch match = shape.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    SmartScope scope;
    const QString level = match.captured(1);
    scope.level = level == QLatin1String("patient") ? Level::Patient
                  : level == QLatin1String("user")  ? Level::User
                                                    : Level::System;
    scope.resourceType = match.captured(2);
    if (!parsePermissions(match.captured(3), scope))
        return std::nullopt;
    if (match.hasCaptured(4)) {
        if (!scope.isV2)
            return std::nullopt; // restrictions exist only in v2
        const QUrlQuery query(match.captured(5));
        for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded)) {
            if (name.isEmpty() || value.isEmpty())
                return std::nullopt;
            scope.restrictions.append({name, value});
        }
        if (scope.restrictions.isEmpty())
            return std::nullopt;
    }
    return scope;
}

bool SmartScope::permits(const QString &type, Interaction interaction,
                         const QList<SearchParameter> &searchParameters) const
{
    if (resourceType != QLatin1String("*") && resourceType != type)
        return false;
    if (interaction == Interaction::Read)
        // A restricted scope cannot be checked on a read by id without the resource, so it grants
        // searches only (the strict reading of SMART v2 §Finer-grained resource constraints).
        return read && restrictions.isEmpty();
    if (!search)
        return false;
    for (const auto &[name, allowed] : restrictions) {
        const QStringList allowedValues = valuesOf(allowed);
        bool carried = false;
        for (const auto &[paramName, paramValue] : searchParameters) {
            if (paramName != name)
                continue;
            const QStringList asked = valuesOf(paramValue);
            const bool inside = !asked.isEmpty() &&
                                std::all_of(asked.cbegin(), asked.cend(), [&](const QString &v) {
                                    return allowedValues.contains(v);
                                });
            if (inside)
                carried = true;
        }
        if (!carried)
            return false;
    }
    return true;
}

bool isContextScope(const QString &scope)
{
    static const QStringList known = {
        QStringLiteral("openid"),         QStringLiteral("fhirUser"),
        QStringLiteral("profile"),        QStringLiteral("launch/patient"),
        QStringLiteral("offline_access"), QStringLiteral("online_access"),
    };
    return known.contains(scope);
}

bool isSupportedScope(const QString &scope)
{
    if (isContextScope(scope))
        return true;
    const std::optional<SmartScope> parsed = SmartScope::parse(scope);
    return parsed && parsed->level != SmartScope::Level::System;
}

} // namespace kete::sandbox
