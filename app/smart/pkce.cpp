#include "smart/pkce.h"

#include "common/crypto.h"

namespace kete::smart {

Pkce Pkce::generate()
{
    Pkce pkce;
    pkce.verifier = crypto::randomToken(32);
    pkce.challenge = challengeFor(pkce.verifier);
    return pkce;
}

QByteArray Pkce::challengeFor(const QByteArray &verifier)
{
    return crypto::base64Url(crypto::sha256(verifier));
}

} // namespace kete::smart
