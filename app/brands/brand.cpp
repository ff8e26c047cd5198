#include "brands/brand.h"

namespace kete::brands {

QString ProviderEntry::city() const
{
    for (const BrandAddress &address : addresses) {
        if (!address.city.isEmpty())
            return address.city;
    }
    return {};
}

QUrl ProviderEntry::logo() const
{
    return portalLogo.isEmpty() ? brandLogo : portalLogo;
}

QUrl ProviderEntry::fhirBase() const
{
    for (const BrandEndpoint &endpoint : endpoints) {
        if (endpoint.fhirVersion.startsWith(QLatin1String("4.")))
            return endpoint.address;
    }
    return endpoints.isEmpty() ? QUrl() : endpoints.constFirst().address;
}

} // namespace kete::brands
