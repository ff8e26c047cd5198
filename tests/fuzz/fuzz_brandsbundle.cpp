// A SMART User-access Brands Bundle (the provider directory a user imports or Kete fetches).
#include "brands/brandsparser.h"
#include "fuzzer.h"

KETE_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kete::brands;
    const auto parsed = parseBrandsBundle(kete::fuzz::bytes(data, size));
    if (parsed.ok()) {
        const QList<Brand> merged = mergeBrands(parsed->brands, parsed->brands);
        (void)providerEntries(merged);
    }
    return 0;
}
