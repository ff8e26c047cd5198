// The record kept on this computer: one stored resource as the codec decodes it (a damaged or
// tampered file must give an error, never a crash). The first byte picks the resource type.
#include "fuzzer.h"
#include "offline/recordcodec.h"

KETE_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kete;
    if (size == 0)
        return 0;
    const QByteArray stored = fuzz::bytes(data + 1, size - 1);
    switch (data[0] % 4) {
    case 0:
        (void)offline::decode<fhir::Patient>(stored);
        break;
    case 1:
        (void)offline::decode<fhir::Observation>(stored);
        break;
    case 2:
        (void)offline::decode<fhir::Condition>(stored);
        break;
    default:
        (void)offline::decode<fhir::DiagnosticReport>(stored);
        break;
    }
    return 0;
}
