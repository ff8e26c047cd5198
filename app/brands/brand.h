#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace kete::brands {

// SMART App Launch 2.2 "User-access Brands and Endpoints", as plain values: what a brands
// Bundle says about one provider, already resolved (endpoints looked up, affiliates joined).

// A FHIR base the portal's users can connect an app to (a user-access Endpoint).
struct BrandEndpoint
{
    QUrl address;        // the FHIR base
    QString fhirVersion; // "4.0.1" from the endpoint-fhir-version extension; may be empty
    QString name;

    friend bool operator==(const BrandEndpoint &, const BrandEndpoint &) = default;
};

struct BrandAddress
{
    QString city;
    QString state;
    QString postalCode;
    QString country;

    friend bool operator==(const BrandAddress &, const BrandAddress &) = default;
};

// A patient portal (the organization-portal extension).
struct BrandPortal
{
    QString name;
    QString description; // markdown, as published
    QUrl url;
    QUrl logo;
    QList<BrandEndpoint> endpoints;

    friend bool operator==(const BrandPortal &, const BrandPortal &) = default;
};

// A user-access brand (an Organization of the Bundle).
struct Brand
{
    QString id; // the Organization's id in its Bundle
    QString name;
    QStringList aliases;
    QStringList websites; // identifiers with system urn:ietf:rfc:3986: https://example.org
    QList<BrandAddress> addresses;
    QStringList categories; // Organization.type codes
    QUrl logo;              // brandLogo: https or a small data: image
    QUrl brandBundle;       // brandBundle: where this brand's affiliates are published
    QString partOf;         // the Organization whose portals this brand uses ("access provided by")
    QList<BrandPortal> portals;

    friend bool operator==(const Brand &, const Brand &) = default;
};

// What the "Find your provider" list shows: one portal of one brand.
struct ProviderEntry
{
    QString brandName;
    QStringList aliases;
    QStringList websites;
    QList<BrandAddress> addresses;
    QUrl brandLogo;
    QString portalName;
    QString portalDescription;
    QUrl portalUrl;
    QUrl portalLogo;
    QList<BrandEndpoint> endpoints; // never empty

    // The first address's city, for the results list ("" when none is published).
    QString city() const;
    // The logo to show: the portal's, else the brand's.
    QUrl logo() const;
    // The FHIR base to connect to: the first R4 endpoint, else the first one.
    QUrl fhirBase() const;

    friend bool operator==(const ProviderEntry &, const ProviderEntry &) = default;
};

} // namespace kete::brands
