#pragma once

#include <QJsonObject>
#include <QUrl>

namespace kete::sandbox {

// Where the authorization server listens; advertised in /metadata (SMART oauth-uris extension).
struct OAuthEndpoints
{
    QUrl authorize;
    QUrl token;
    QUrl revoke;
    QUrl introspect;
};

// The server's CapabilityStatement: FHIR 4.0.1, JSON, the types and search parameters served,
// and rest.security with the SMART-on-FHIR service and the oauth-uris extension. The
// implementation's description names the organisation the server plays, when there is one.
QJsonObject capabilityStatement(const QUrl &fhirBase, const OAuthEndpoints &oauth,
                                const QString &organisationName = {});

} // namespace kete::sandbox
