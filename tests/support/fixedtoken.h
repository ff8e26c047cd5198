#pragma once

#include "fhir/accesstokensource.h"

namespace kete::test {

// A bearer token that never changes and cannot be refreshed: for FHIR tests whose server does
// not check tokens.
class FixedToken final : public fhir::AccessTokenSource
{
public:
    QByteArray currentToken() const override { return "token"; }
    void refresh(RefreshDone done) override
    {
        done(Error{QStringLiteral("no refresh here"), QStringLiteral("test.fixed-token")});
    }
};

} // namespace kete::test
