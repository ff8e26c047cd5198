#pragma once

#include "common/result.h"
#include "smart/scopeset.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>

namespace kete::smart {

// A token endpoint's answer (RFC 6749 §5.1 plus SMART's launch context). Lives in memory only;
// the access token is opaque and never parsed. Never stream or log one of these.
struct TokenSet
{
    QByteArray accessToken;
    QString tokenType;
    QDateTime expiresAt; // UTC; invalid when the server did not say
    QByteArray refreshToken;
    ScopeSet grantedScope;
    QString patient;
    bool needPatientBanner = false;
    QString encounter;
    QString fhirUser; // "Patient/123" or an absolute URL; from the id_token when not in the answer
    QByteArray idToken;

    // `requested` stands in for the granted scope when the answer leaves it out (RFC 6749 §5.1).
    static Result<TokenSet> fromResponse(const QJsonObject &json, const QDateTime &now,
                                         const ScopeSet &requested);

    bool hasAccessToken() const { return !accessToken.isEmpty(); }
    bool expiresWithin(qint64 seconds, const QDateTime &now) const;

    // A patient-level grant without a `patient` in the answer: the app must find the patient
    // itself (`GET Patient`, or fhirUser when it names a Patient).
    bool needsPatientLookup() const
    {
        return patient.isEmpty() && grantedScope.hasPatientLevelScope();
    }

    // What was asked for and not granted, in plain words. A refresh token counts as "staying
    // signed in" whatever the scope string says.
    QStringList notGrantedFrom(const ScopeSet &requested) const;

    // Applies a refresh answer: new access token and expiry; new refresh token when rotated,
    // the old one kept otherwise; launch context kept unless the answer repeats it.
    void mergeRefresh(const TokenSet &refreshed);
};

} // namespace kete::smart
