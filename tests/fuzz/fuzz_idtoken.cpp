// The OpenID Connect id_token check: JWS compact form, its header, the JWK Set and the claims.
// Input: the id_token, a newline, then the JWK Set as JSON.
#include "fuzzer.h"
#include "smart/idtoken.h"

#include <QJsonDocument>
#include <QTimeZone>

KETE_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kete::smart;
    const auto [idToken, jwks] = kete::fuzz::splitAtNewline(kete::fuzz::bytes(data, size));
    IdTokenExpectations expected;
    expected.issuers = {QStringLiteral("http://127.0.0.1:8080/fhir")};
    expected.clientId = QStringLiteral("kete-desktop");
    expected.now = QDateTime(QDate(2025, 6, 30), QTime(12, 0), QTimeZone::utc());
    (void)verifyIdToken(idToken, QJsonDocument::fromJson(jwks).object(), expected);
    return 0;
}
