#pragma once

#include "brands/brand.h"
#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

namespace kete::brands {

struct ParseLimits
{
    // Larger bundles are refused before parsing (the largest published ones are about 90 MB).
    qsizetype maxBundleBytes = qsizetype(256) * 1024 * 1024;
    // A data: logo larger than this (decoded) is dropped; https logos are not fetched here.
    qsizetype maxLogoBytes = 64 * 1024;
    // Warnings kept word for word; the counts below go on beyond.
    qsizetype maxWarnings = 100;
};

// What was left out of a bundle, and why; the rest of the directory is kept.
struct ParseReport
{
    QDateTime timestamp;          // Bundle.timestamp
    int organizations = 0;        // Organizations read
    int endpoints = 0;            // Endpoints read
    int skippedOrganizations = 0; // no usable endpoint, no name, unreadable
    int refusedEndpoints = 0;     // not https (and not loopback), or no address
    int droppedLogos = 0;         // not an image, too large, not https
    int mergedOrganizations = 0;  // folded into a brand with the same identifier
    QList<Error> warnings;        // the first ParseLimits::maxWarnings, in bundle order

    int problems() const { return skippedOrganizations + refusedEndpoints + droppedLogos; }
};

struct ParsedBrands
{
    QList<Brand> brands; // brands with at least one portal that has an endpoint
    ParseReport report;
};

// Reads a User-access Brands Bundle (SMART App Launch 2.2): a Bundle of type collection with
// Organizations (organization-brand, organization-portal) and the Endpoints they reference by
// fullUrl (also urn:uuid:) or by "Endpoint/id". Organizations sharing a website identifier become
// one brand; a brand "partOf" another without portals of its own uses that one's portals.
// An Error only when nothing can be read (not JSON, not a Bundle, too large).
Result<ParsedBrands> parseBrandsBundle(const QByteArray &json, const ParseLimits &limits = {});

// One entry per portal, for the index.
QList<ProviderEntry> providerEntries(const QList<Brand> &brands);

// `preferred` (a server's own bundle) first; a brand of `others` with a website identifier
// already in `preferred` is left out.
QList<Brand> mergeBrands(const QList<Brand> &preferred, const QList<Brand> &others);

// Whether `logo` may be shown: https (or loopback) by the transport policy, or a data: URL of a
// PNG, JPEG, GIF, WebP or SVG image no larger than `maxBytes`. The reason when not.
std::optional<Error> checkLogo(const QUrl &logo, qsizetype maxBytes);

} // namespace kete::brands
