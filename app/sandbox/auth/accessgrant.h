#pragma once

#include "sandbox/data/resourcestore.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <memory>

namespace kete::sandbox {

struct ParsedScopes;

enum class Interaction
{
    Read,
    Search
};

// What one access token allows: issued by the authorization server, checked by the FHIR API on
// every request. A value type; the token itself is never kept, only its hash (in TokenStore).
struct AccessGrant
{
    QString clientId;
    QStringList scopes;  // as granted (may be narrower than requested)
    QString patientId;   // launch context; empty for user-level grants without a patient
    QString fhirUser;    // "Patient/<id>" or "Practitioner/<id>"
    QString audience;    // the FHIR base URL the token was issued for
    QDateTime expiresAt; // UTC

    // Whether some granted scope (SMART v1 `patient/Observation.read`, `patient/*.read`, or v2
    // `patient/Observation.rs`, `user/Condition.s?category=...`) covers this interaction on this
    // type. For searches the parameters are checked against v2 `?param=value` restrictions.
    // Compartment checks (patient-level scopes only reach patientId) are the FHIR API's job.
    bool permits(const QString &resourceType, Interaction interaction,
                 const QList<SearchParameter> &searchParameters = {}) const;

    // True when the FHIR API must confine the access to patientId's compartment: the scope that
    // permits it is a patient-level one (patient/...), or the user is not a Practitioner.
    // `user/` scopes mean "what this user may see": for a Patient user that is their own
    // record only; only a Practitioner's user-level scope reaches other patients.
    bool isPatientLevelFor(const QString &resourceType, Interaction interaction) const;

    // Parses `scopes` now and keeps the result with every copy, so that the checks above do not
    // parse them again on each request (TokenStore does it for the grants it issues). Used only
    // while `scopes` is still what was parsed; a changed list is parsed on each check as before.
    void keepParsedScopes();

private:
    std::shared_ptr<const ParsedScopes> parsedScopes() const;
    std::shared_ptr<const ParsedScopes> m_parsed;
};

} // namespace kete::sandbox
