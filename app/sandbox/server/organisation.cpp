#include "sandbox/server/organisation.h"

#include "sandbox/data/hospitalgenerator.h"
#include "sandbox/server/brandspublisher.h"

namespace kete::sandbox {

OrganisationProfile profileOf(Organisation organisation)
{
    switch (organisation) {
    case Organisation::Gp:
        return {QStringLiteral("Kete Family Practice"), QString(),
                BrandsPublisher::demoIdentifier()};
    case Organisation::Hospital:
        return {HospitalGenerator::organizationName(), QStringLiteral("/hospital"),
                BrandsPublisher::hospitalIdentifier()};
    }
    return {};
}

QList<Organisation> allOrganisations()
{
    return {Organisation::Gp, Organisation::Hospital};
}

} // namespace kete::sandbox
