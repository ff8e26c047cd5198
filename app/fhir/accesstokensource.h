#pragma once

#include "common/result.h"

#include <QByteArray>
#include <functional>

class QNetworkAccessManager;

namespace kete::fhir {

// The signed-in connection as FhirClient sees it: the bearer token for each request and,
// optionally, the network manager the connection shares. The SMART sign-in (Session) implements
// it; tests implement it with a fixed string. Called on the thread that owns the FhirClient.
class AccessTokenSource
{
public:
    virtual ~AccessTokenSource() = default;

    // The access token to send now (without "Bearer "); empty when there is none.
    virtual QByteArray currentToken() const = 0;

    // Asked once when the server answers 401: get a new access token (refresh grant) and call
    // `done` exactly once, with the new token or the reason it could not be had. `done` may be
    // called synchronously or later on the same thread; FhirClient guards against having been
    // destroyed meanwhile.
    using RefreshDone = std::function<void(const Result<QByteArray> &newToken)>;
    virtual void refresh(RefreshDone done) = 0;

    // The connection's network manager, for FhirClient to share with the sign-in's own requests
    // (one connection pool per provider); nullptr when there is none, and the client makes its
    // own. Lives as long as the source.
    virtual QNetworkAccessManager *networkAccess() const { return nullptr; }
};

} // namespace kete::fhir
