// The token endpoint's answer (authorization code and refresh grants).
#include "fuzzer.h"
#include "smart/tokenset.h"

#include <QJsonDocument>
#include <QTimeZone>

KETE_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kete::smart;
    const QJsonObject json = QJsonDocument::fromJson(kete::fuzz::bytes(data, size)).object();
    const QDateTime now(QDate(2025, 6, 30), QTime(12, 0), QTimeZone::utc());
    const ScopeSet requested = ScopeSet::parse(
        QStringLiteral("openid fhirUser launch/patient offline_access patient/*.rs"));
    auto tokens = TokenSet::fromResponse(json, now, requested);
    if (tokens.ok()) {
        (void)tokens->notGrantedFrom(requested);
        (void)tokens->needsPatientLookup();
        TokenSet first = *tokens;
        first.mergeRefresh(*tokens);
    }
    return 0;
}
