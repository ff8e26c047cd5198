#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>
#include <chrono>

namespace kete::jws {
class RsaKey;
}

namespace kete::smart {

inline constexpr char kJwtBearerGrant[] = "urn:ietf:params:oauth:grant-type:jwt-bearer";

// How long an assertion is good for: servers accept at most 5 minutes (Epic, RFC 7523 practice);
// a little less leaves room for a clock that runs ahead.
inline constexpr std::chrono::seconds kAssertionLifetime{240};

// The JWT a dynamically registered Kete signs to get tokens with the JWT bearer grant
// (RFC 7523 §2.1, §3): iss = sub = the client id the provider gave it, aud = the token endpoint,
// iat = now, exp = now + kAssertionLifetime, a random jti never sent before. RS256 with the
// installation's key. The assertion is a secret: never logged or shown.
QByteArray clientAssertion(const jws::RsaKey &key, const QString &clientId,
                           const QUrl &tokenEndpoint, const QDateTime &now);

} // namespace kete::smart
