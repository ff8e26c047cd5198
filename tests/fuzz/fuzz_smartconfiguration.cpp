// Discovery: .well-known/smart-configuration and, for older servers, the CapabilityStatement's
// OAuth extension.
#include "fuzzer.h"
#include "smart/smartconfiguration.h"

#include <QJsonDocument>

KETE_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using kete::smart::SmartConfiguration;
    const QJsonObject json = QJsonDocument::fromJson(kete::fuzz::bytes(data, size)).object();
    const QUrl fhirBase(QStringLiteral("https://fhir.example.org/r4"));
    if (const auto configuration = SmartConfiguration::fromWellKnown(json, fhirBase);
        configuration.ok())
        (void)configuration->checkStandaloneLaunch();
    if (const auto configuration = SmartConfiguration::fromCapabilityStatement(json, fhirBase);
        configuration.ok())
        (void)configuration->checkStandaloneLaunch();
    return 0;
}
