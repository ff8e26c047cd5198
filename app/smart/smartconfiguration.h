#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace kete::smart {

// What a FHIR server says about its SMART authorization: from
// {base}/.well-known/smart-configuration, or for older servers from the CapabilityStatement's
// `oauth-uris` extension. Endpoint URLs are already resolved against the FHIR base.
struct SmartConfiguration
{
    QUrl fhirBase;
    QString issuer; // empty when the server does not name one
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl revocationEndpoint;    // optional
    QUrl introspectionEndpoint; // optional
    QUrl jwksUri;               // optional; needed to verify an id_token
    QUrl registrationEndpoint;  // optional; RFC 7591 dynamic client registration
    QStringList capabilities;
    QStringList codeChallengeMethods;
    QStringList scopesSupported;
    QStringList grantTypesSupported;
    QStringList tokenEndpointAuthMethods;
    bool viaCapabilityStatement = false; // the older discovery, which lists no capabilities
    // Where the user manages the apps they allowed (management_endpoint); optional.
    QUrl managementEndpoint;
    // SMART 2.2 User-access Brands: this server's brands Bundle and its own brand's website
    // identifier in it (user_access_brand_bundle, user_access_brand_identifier); optional.
    // The bundle URL is kept only when it may be fetched (https, or http on loopback).
    QUrl userAccessBrandBundle;
    QString userAccessBrandIdentifier;

    bool hasCapability(QStringView capability) const;
    bool supportsPermissionV2() const;

    static Result<SmartConfiguration> fromWellKnown(const QJsonObject &json, const QUrl &fhirBase);
    static Result<SmartConfiguration> fromCapabilityStatement(const QJsonObject &json,
                                                              const QUrl &fhirBase);

    // Whether Kete can do a standalone launch with PKCE S256 against this server; the reason in
    // plain words when not. The CapabilityStatement fallback cannot say, so it is given the
    // benefit of the doubt.
    std::optional<Error> checkStandaloneLaunch() const;
};

} // namespace kete::smart
