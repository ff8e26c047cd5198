#include "sandbox/fhirapi/capabilitystatement.h"

#include "common/version.h"

#include <QJsonArray>
#include <QStringList>

namespace kete::sandbox {

namespace {

QJsonObject extensionUrl(const QString &name, const QUrl &url)
{
    return {{QStringLiteral("url"), name},
            {QStringLiteral("valueUri"), url.toString(QUrl::FullyEncoded)}};
}

QJsonObject searchParam(const QString &name, const QString &type)
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("type"), type}};
}

QJsonObject resource(const QString &type, bool searchable, const QJsonArray &params)
{
    QJsonArray interactions{QJsonObject{{QStringLiteral("code"), QStringLiteral("read")}}};
    if (searchable)
        interactions.append(QJsonObject{{QStringLiteral("code"), QStringLiteral("search-type")}});
    QJsonObject object{{QStringLiteral("type"), type},
                       {QStringLiteral("interaction"), interactions}};
    if (!params.isEmpty())
        object.insert(QStringLiteral("searchParam"), params);
    return object;
}

} // namespace

QJsonObject capabilityStatement(const QUrl &fhirBase, const OAuthEndpoints &oauth,
                                const QString &organisationName)
{
    const QString token = QStringLiteral("token");
    const QString date = QStringLiteral("date");
    const QString reference = QStringLiteral("reference");
    const QString string = QStringLiteral("string");
    // _sort takes the type's date parameters (and _id), "-" for newest first; declared per type
    // because that is where clients look for it (rest.resource[].searchParam).
    const QJsonObject sort{
        {QStringLiteral("name"), QStringLiteral("_sort")},
        {QStringLiteral("type"), QStringLiteral("special")},
        {QStringLiteral("documentation"),
         QStringLiteral("Sort by the type's date parameters or _id; \"-\" for descending. "
                        "Resources without the value come last.")}};
    // Clients that keep an offline copy fetch only what changed: _lastUpdated=gt<instant>.
    const QJsonObject lastUpdated = searchParam(QStringLiteral("_lastUpdated"), date);

    const QJsonObject oauthUris{
        {QStringLiteral("url"),
         QStringLiteral("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")},
        {QStringLiteral("extension"),
         QJsonArray{extensionUrl(QStringLiteral("authorize"), oauth.authorize),
                    extensionUrl(QStringLiteral("token"), oauth.token),
                    extensionUrl(QStringLiteral("revoke"), oauth.revoke),
                    extensionUrl(QStringLiteral("introspect"), oauth.introspect)}}};
    const QJsonObject smartCoding{
        {QStringLiteral("system"),
         QStringLiteral("http://terminology.hl7.org/CodeSystem/restful-security-service")},
        {QStringLiteral("code"), QStringLiteral("SMART-on-FHIR")},
        {QStringLiteral("display"), QStringLiteral("SMART-on-FHIR")}};
    const QJsonObject security{
        {QStringLiteral("extension"), QJsonArray{oauthUris}},
        {QStringLiteral("service"),
         QJsonArray{QJsonObject{{QStringLiteral("coding"), QJsonArray{smartCoding}}}}},
        {QStringLiteral("description"),
         QStringLiteral("Every request needs an OAuth 2.0 bearer token issued by this sandbox "
                        "(SMART App Launch 2.2).")}};

    const QJsonArray resources{
        resource(QStringLiteral("Patient"), true,
                 {searchParam(QStringLiteral("name"), string),
                  searchParam(QStringLiteral("birthdate"), date),
                  searchParam(QStringLiteral("identifier"), token)}),
        resource(QStringLiteral("Observation"), true,
                 {searchParam(QStringLiteral("patient"), reference),
                  searchParam(QStringLiteral("category"), token),
                  searchParam(QStringLiteral("code"), token),
                  searchParam(QStringLiteral("date"), date), lastUpdated, sort}),
        resource(QStringLiteral("Condition"), true,
                 {searchParam(QStringLiteral("patient"), reference),
                  searchParam(QStringLiteral("clinical-status"), token),
                  searchParam(QStringLiteral("category"), token),
                  searchParam(QStringLiteral("onset-date"), date),
                  searchParam(QStringLiteral("recorded-date"), date), lastUpdated, sort}),
        resource(QStringLiteral("DiagnosticReport"), true,
                 {searchParam(QStringLiteral("patient"), reference),
                  searchParam(QStringLiteral("category"), token),
                  searchParam(QStringLiteral("date"), date), lastUpdated, sort}),
        resource(QStringLiteral("Practitioner"), false, {}),
        resource(QStringLiteral("Organization"), false, {}),
    };

    const QJsonObject rest{{QStringLiteral("mode"), QStringLiteral("server")},
                           {QStringLiteral("security"), security},
                           {QStringLiteral("resource"), resources}};

    return {{QStringLiteral("resourceType"), QStringLiteral("CapabilityStatement")},
            {QStringLiteral("status"), QStringLiteral("active")},
            {QStringLiteral("date"), QStringLiteral("2025-06-30")},
            {QStringLiteral("kind"), QStringLiteral("instance")},
            {QStringLiteral("software"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("Kete SMART sandbox")},
                         {QStringLiteral("version"), kete::versionString()}}},
            {QStringLiteral("implementation"),
             QJsonObject{{QStringLiteral("description"),
                          organisationName.isEmpty()
                              ? QStringLiteral("Kete SMART sandbox")
                              : organisationName + QStringLiteral(" (Kete SMART sandbox)")},
                         {QStringLiteral("url"), fhirBase.toString(QUrl::FullyEncoded)}}},
            {QStringLiteral("fhirVersion"), QStringLiteral("4.0.1")},
            {QStringLiteral("format"),
             QJsonArray{QStringLiteral("application/fhir+json"), QStringLiteral("json")}},
            {QStringLiteral("rest"), QJsonArray{rest}}};
}

} // namespace kete::sandbox
