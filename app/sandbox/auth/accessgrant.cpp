#include "sandbox/auth/accessgrant.h"

#include "sandbox/auth/smartscope.h"

namespace kete::sandbox {

struct ParsedScopes
{
    QStringList source;
    QList<std::optional<SmartScope>> scopes; // one per source scope; nullopt: not a resource scope
};

namespace {

std::shared_ptr<const ParsedScopes> parse(const QStringList &scopes)
{
    auto parsed = std::make_shared<ParsedScopes>();
    parsed->source = scopes;
    parsed->scopes.reserve(scopes.size());
    for (const QString &text : scopes)
        parsed->scopes.append(SmartScope::parse(text));
    return parsed;
}

} // namespace

void AccessGrant::keepParsedScopes()
{
    m_parsed = parse(scopes);
}

std::shared_ptr<const ParsedScopes> AccessGrant::parsedScopes() const
{
    if (m_parsed && m_parsed->source == scopes)
        return m_parsed;
    return parse(scopes);
}

bool AccessGrant::permits(const QString &resourceType, Interaction interaction,
                          const QList<SearchParameter> &searchParameters) const
{
    const std::shared_ptr<const ParsedScopes> parsed = parsedScopes();
    for (const std::optional<SmartScope> &scope : parsed->scopes) {
        if (scope && scope->level != SmartScope::Level::System &&
            scope->permits(resourceType, interaction, searchParameters))
            return true;
    }
    return false;
}

bool AccessGrant::isPatientLevelFor(const QString &resourceType, Interaction interaction) const
{
    // Fail closed: anyone but a Practitioner (a Patient, or a grant naming nobody) is confined.
    if (!fhirUser.startsWith(QLatin1String("Practitioner/")))
        return true;
    // A user-level scope that permits the access wins: the clinician may see beyond one patient.
    // Search restrictions are ignored here; permits() has already checked them.
    bool patientLevel = false;
    const std::shared_ptr<const ParsedScopes> parsed = parsedScopes();
    for (const std::optional<SmartScope> &parsedScope : parsed->scopes) {
        if (!parsedScope)
            continue;
        SmartScope scope = *parsedScope;
        scope.restrictions.clear();
        if (!scope.permits(resourceType, interaction, {}))
            continue;
        if (scope.level == SmartScope::Level::User)
            return false;
        if (scope.level == SmartScope::Level::Patient)
            patientLevel = true;
    }
    return patientLevel;
}

} // namespace kete::sandbox
