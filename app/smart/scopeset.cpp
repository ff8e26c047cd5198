#include "smart/scopeset.h"

#include "smart/smartconfiguration.h"

#include <QCoreApplication>

namespace kete::smart {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::smart", text);
}

struct ParsedScope
{
    QStringView context;      // patient, user, system
    QStringView resourceType; // Observation or *
    QStringView permissions;  // read, write, *, or v2 letters "rs"
    bool restricted = false;  // v2 "?category=..."
};

std::optional<ParsedScope> parseResourceScope(QStringView scope)
{
    const qsizetype slash = scope.indexOf(QLatin1Char('/'));
    if (slash <= 0)
        return std::nullopt;
    ParsedScope parsed;
    parsed.context = scope.first(slash);
    if (parsed.context != u"patient" && parsed.context != u"user" && parsed.context != u"system")
        return std::nullopt;
    QStringView rest = scope.sliced(slash + 1);
    const qsizetype query = rest.indexOf(QLatin1Char('?'));
    if (query >= 0) {
        parsed.restricted = true;
        rest = rest.first(query);
    }
    const qsizetype dot = rest.indexOf(QLatin1Char('.'));
    if (dot <= 0)
        return std::nullopt;
    parsed.resourceType = rest.first(dot);
    parsed.permissions = rest.sliced(dot + 1);
    return parsed;
}

bool permits(QStringView permissions, ScopeAccess access)
{
    if (permissions == u"*" || permissions == u"read")
        return true;
    if (permissions == u"write")
        return false;
    // v2: an ordered subset of "cruds".
    for (QChar letter : permissions)
        if (!QStringView(u"cruds").contains(letter))
            return false;
    return permissions.contains(access == ScopeAccess::Read ? QLatin1Char('r') : QLatin1Char('s'));
}

} // namespace

ScopeSet::ScopeSet(QStringList scopes)
    : m_scopes(std::move(scopes))
{
    m_scopes.removeAll(QString());
    m_scopes.removeDuplicates();
}

ScopeSet ScopeSet::parse(QStringView spaceSeparated)
{
    QStringList scopes;
    for (QStringView part : spaceSeparated.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        scopes.append(part.trimmed().toString());
    return ScopeSet(std::move(scopes));
}

QStringList ScopeSet::dataTypes()
{
    // DiagnosticReport: the lab panels ("Lipid panel") that group the results.
    return {QStringLiteral("Patient"), QStringLiteral("Observation"), QStringLiteral("Condition"),
            QStringLiteral("DiagnosticReport")};
}

ScopeSet ScopeSet::forSignIn(bool permissionV2, const ScopeChoice &choice)
{
    const bool clinician = choice.audience == ScopeAudience::Clinician;
    const QString context = clinician ? QStringLiteral("user/") : QStringLiteral("patient/");
    const QString permission = permissionV2 ? QStringLiteral(".rs") : QStringLiteral(".read");
    QStringList types = dataTypes();
    if (choice.essentialOnly) {
        types.removeAll(QStringLiteral("DiagnosticReport"));
    } else {
        // Who performed the results (the signed-in clinician's own name too): read only when a
        // result names them by reference alone, never searched.
        types.append(QStringLiteral("Practitioner"));
        types.append(QStringLiteral("Organization"));
    }
    QStringList scopes;
    for (const QString &type : std::as_const(types))
        scopes.append(context + type + permission);
    if (!clinician || choice.ehrPicksPatient)
        scopes.append(QStringLiteral("launch/patient"));
    if (!choice.essentialOnly) {
        scopes.append(QStringLiteral("openid"));
        scopes.append(QStringLiteral("fhirUser"));
        scopes.append(QStringLiteral("offline_access"));
    }
    return ScopeSet(std::move(scopes));
}

ScopeSet ScopeSet::forSignIn(const SmartConfiguration &configuration, const ScopeChoice &choice)
{
    return forSignIn(configuration.supportsPermissionV2(), choice);
}

QStringList ScopeSet::leftOutByEssentialOnly(ScopeChoice choice)
{
    choice.essentialOnly = false;
    const ScopeSet full = forSignIn(true, choice);
    choice.essentialOnly = true;
    return forSignIn(true, choice).notGrantedFrom(full);
}

bool ScopeSet::covers(QStringView resourceType, ScopeAccess access) const
{
    for (const QString &scope : m_scopes) {
        const auto parsed = parseResourceScope(scope);
        if (!parsed || parsed->context == u"system")
            continue;
        if (parsed->resourceType != resourceType && parsed->resourceType != u"*")
            continue;
        if (permits(parsed->permissions, access))
            return true;
    }
    return false;
}

bool ScopeSet::hasPatientLevelScope() const
{
    for (const QString &scope : m_scopes) {
        const auto parsed = parseResourceScope(scope);
        if (parsed && parsed->context == u"patient")
            return true;
    }
    return false;
}

QStringList ScopeSet::notGrantedFrom(const ScopeSet &requested) const
{
    QStringList missing;
    for (const QString &type : dataTypes()) {
        if (requested.covers(type) && !covers(type))
            missing.append(plainWordsFor(type));
    }
    if (requested.allowsStayingSignedIn() && !allowsStayingSignedIn())
        missing.append(QCoreApplication::translate("kete::smart::ScopeSet", "staying signed in"));
    return missing;
}

QString plainWordsFor(QStringView resourceType)
{
    if (resourceType == u"Observation")
        return tr("lab results");
    if (resourceType == u"Condition")
        return tr("conditions");
    if (resourceType == u"Patient")
        return tr("basic details (name, date of birth)");
    if (resourceType == u"DiagnosticReport")
        return tr("lab reports (which panel a result belongs to)");
    return resourceType.toString();
}

} // namespace kete::smart
