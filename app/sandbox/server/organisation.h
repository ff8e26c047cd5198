#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace kete::sandbox {

// Which provider a SandboxServer plays. Each is a separate origin with its own authorization
// server, tokens, client registrations, demo accounts and records.
enum class Organisation
{
    Gp,       // "Kete Family Practice": the generated records (PatientGenerator), /fhir
    Hospital, // "Kete City Hospital": the same people as the hospital knows them, /hospital/fhir
};

struct OrganisationProfile
{
    QString name;
    // Prefix of the FHIR base and the authorization endpoints: {prefix}/fhir, {prefix}/auth.
    // The GP has none so that its base stays http://host:port/fhir, as before organisations.
    QString pathPrefix;
    // Its website in the brands Bundle: the smart-configuration's user_access_brand_identifier.
    QString brandIdentifier;
};

OrganisationProfile profileOf(Organisation organisation);
// Every organisation the sandbox can serve, in the order --organisations N takes them.
QList<Organisation> allOrganisations();

} // namespace kete::sandbox
