#pragma once

#include <QByteArray>

namespace kete::smart {

// Proof Key for Code Exchange (RFC 7636) with the S256 method only: "plain" offers nothing.
struct Pkce
{
    QByteArray verifier;  // 43 base64url characters (32 random bytes)
    QByteArray challenge; // BASE64URL(SHA256(verifier))

    static Pkce generate();
    static QByteArray challengeFor(const QByteArray &verifier);
};

} // namespace kete::smart
