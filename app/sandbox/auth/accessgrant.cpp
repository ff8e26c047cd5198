#include "sandbox/auth/accessgrant.h"

#include "sandbox/auth/smartscope.h"

namespace kete::sandbox {

bool AccessGrant::permits(const QString &resourceType, Interaction interaction,
                          const QList<SearchParameter> &searchParameters) const
{
    for (const QString &text : scopes) {
        const std::optional<SmartScope> scope = SmartScope::parse(text);
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
    for (const QString &text : scopes) {
        std::optional<SmartScope> scope = SmartScope::parse(text);
        if (!scope)
            continue;
        scope->restrictions.clear();
        if (!scope->permits(resourceType, interaction, {}))
            continue;
        if (scope->level == SmartScope::Level::User)
            return false;
        if (scope->level == SmartScope::Level::Patient)
            patientLevel = true;
    }
    return patientLevel;
}

} // namespace kete::sandbox
