#include "smart/smartconfiguration.h"

#include "common/logging.h"
#include "common/transportpolicy.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace kete::smart {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::smart::SmartConfiguration", text);
}

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        if (item.isString())
            list.append(item.toString());
    return list;
}

// A base ending in '/' so that relative endpoints land below it, as RFC 3986 resolution
// would otherwise drop the last path segment (".../fhir" + "auth" -> ".../auth").
QUrl directoryOf(const QUrl &base)
{
    QUrl directory = base;
    if (!directory.path().endsWith(QLatin1Char('/')))
        directory.setPath(directory.path() + QLatin1Char('/'));
    return directory;
}

QUrl resolve(const QUrl &base, const QString &reference)
{
    if (reference.isEmpty())
        return {};
    return directoryOf(base).resolved(QUrl(reference));
}

Error notSmart(const QUrl &base, const QString &why)
{
    return Error{QCoreApplication::translate(
                     "kete::smart::SmartConfiguration",
                     "%1 does not offer SMART sign-in, so Kete cannot connect to it.")
                     .arg(base.host()),
                 QStringLiteral("discovery.not-smart: ") + why, ErrorCode::NotSmart};
}

std::optional<Error> checkEndpoints(const SmartConfiguration &config)
{
    for (const QUrl &url : {config.authorizationEndpoint, config.tokenEndpoint}) {
        if (url.isEmpty())
            return notSmart(config.fhirBase,
                            QStringLiteral("authorization or token endpoint missing"));
    }
    for (const QUrl &url :
         {config.authorizationEndpoint, config.tokenEndpoint, config.revocationEndpoint,
          config.introspectionEndpoint, config.jwksUri}) {
        if (url.isEmpty())
            continue;
        if (auto problem = checkTransport(url))
            return problem;
    }
    return std::nullopt;
}

} // namespace

bool SmartConfiguration::hasCapability(QStringView capability) const
{
    return capabilities.contains(capability);
}

bool SmartConfiguration::supportsPermissionV2() const
{
    return hasCapability(u"permission-v2");
}

Result<SmartConfiguration> SmartConfiguration::fromWellKnown(const QJsonObject &json,
                                                             const QUrl &fhirBase)
{
    SmartConfiguration config;
    config.fhirBase = fhirBase;
    config.issuer = json.value(QLatin1String("issuer")).toString();
    config.authorizationEndpoint =
        resolve(fhirBase, json.value(QLatin1String("authorization_endpoint")).toString());
    config.tokenEndpoint =
        resolve(fhirBase, json.value(QLatin1String("token_endpoint")).toString());
    config.revocationEndpoint =
        resolve(fhirBase, json.value(QLatin1String("revocation_endpoint")).toString());
    config.introspectionEndpoint =
        resolve(fhirBase, json.value(QLatin1String("introspection_endpoint")).toString());
    config.jwksUri = resolve(fhirBase, json.value(QLatin1String("jwks_uri")).toString());
    config.capabilities = strings(json.value(QLatin1String("capabilities")));
    config.codeChallengeMethods =
        strings(json.value(QLatin1String("code_challenge_methods_supported")));
    config.scopesSupported = strings(json.value(QLatin1String("scopes_supported")));
    config.grantTypesSupported = strings(json.value(QLatin1String("grant_types_supported")));
    config.tokenEndpointAuthMethods =
        strings(json.value(QLatin1String("token_endpoint_auth_methods_supported")));
    if (auto problem = checkEndpoints(config))
        return *problem;
    // Optional links: one that Kete may not open is left out, never a reason to refuse the
    // server.
    const auto optionalLink = [&](const char *key) {
        const QUrl url = resolve(fhirBase, json.value(QLatin1String(key)).toString());
        return url.isEmpty() || checkTransport(url) ? QUrl() : url;
    };
    config.managementEndpoint = optionalLink("management_endpoint");
    config.registrationEndpoint = optionalLink("registration_endpoint");
    config.userAccessBrandBundle = optionalLink("user_access_brand_bundle");
    config.userAccessBrandIdentifier =
        json.value(QLatin1String("user_access_brand_identifier")).toString().trimmed();
    return config;
}

Result<SmartConfiguration> SmartConfiguration::fromCapabilityStatement(const QJsonObject &json,
                                                                       const QUrl &fhirBase)
{
    if (json.value(QLatin1String("resourceType")).toString() !=
        QLatin1String("CapabilityStatement"))
        return notSmart(fhirBase, QStringLiteral("metadata is not a CapabilityStatement"));

    SmartConfiguration config;
    config.fhirBase = fhirBase;
    config.viaCapabilityStatement = true;
    const QJsonArray rest = json.value(QLatin1String("rest")).toArray();
    for (const QJsonValue &entry : rest) {
        const QJsonArray extensions = entry.toObject()
                                          .value(QLatin1String("security"))
                                          .toObject()
                                          .value(QLatin1String("extension"))
                                          .toArray();
        for (const QJsonValue &extension : extensions) {
            const QJsonObject object = extension.toObject();
            if (object.value(QLatin1String("url")).toString() !=
                QLatin1String("http://fhir-registry.smarthealthit.org/StructureDefinition/"
                              "oauth-uris"))
                continue;
            const QJsonArray uris = object.value(QLatin1String("extension")).toArray();
            for (const QJsonValue &uri : uris) {
                const QJsonObject item = uri.toObject();
                const QString name = item.value(QLatin1String("url")).toString();
                const QUrl value =
                    resolve(fhirBase, item.value(QLatin1String("valueUri")).toString());
                if (name == QLatin1String("authorize"))
                    config.authorizationEndpoint = value;
                else if (name == QLatin1String("token"))
                    config.tokenEndpoint = value;
                else if (name == QLatin1String("revoke"))
                    config.revocationEndpoint = value;
                else if (name == QLatin1String("introspect"))
                    config.introspectionEndpoint = value;
            }
        }
    }
    if (auto problem = checkEndpoints(config))
        return *problem;
    return config;
}

std::optional<Error> SmartConfiguration::checkStandaloneLaunch() const
{
    if (viaCapabilityStatement)
        return std::nullopt;
    const QString host = fhirBase.host();
    if (!hasCapability(u"launch-standalone"))
        return Error{tr("%1 only allows sign-in started from inside its own patient portal, so "
                        "Kete cannot sign in to it directly.")
                         .arg(host),
                     QStringLiteral("discovery.no-standalone: capabilities lack "
                                    "launch-standalone"),
                     ErrorCode::NoStandaloneLaunch};
    if (!codeChallengeMethods.contains(QLatin1String("S256")))
        return Error{tr("%1 does not support the secure sign-in method Kete requires (PKCE "
                        "with S256), so Kete will not sign in to it.")
                         .arg(host),
                     QStringLiteral("discovery.no-s256: code_challenge_methods_supported = [%1]")
                         .arg(codeChallengeMethods.join(QLatin1Char(','))),
                     ErrorCode::NoPkceS256};
    return std::nullopt;
}

} // namespace kete::smart
