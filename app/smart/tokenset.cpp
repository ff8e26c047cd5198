#include "smart/tokenset.h"

#include <QCoreApplication>

namespace kete::smart {

Result<TokenSet> TokenSet::fromResponse(const QJsonObject &json, const QDateTime &now,
                                        const ScopeSet &requested)
{
    TokenSet tokens;
    tokens.accessToken = json.value(QLatin1String("access_token")).toString().toUtf8();
    tokens.tokenType = json.value(QLatin1String("token_type")).toString();
    if (tokens.accessToken.isEmpty())
        return Error{QCoreApplication::translate("kete::smart::TokenSet",
                                                 "The provider's answer to the sign-in did not "
                                                 "contain an access token."),
                     QStringLiteral("token.no-access-token"), ErrorCode::TokenResponseInvalid};
    if (tokens.tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0)
        return Error{QCoreApplication::translate("kete::smart::TokenSet",
                                                 "The provider answered the sign-in with a kind "
                                                 "of token Kete does not know."),
                     QStringLiteral("token.type: ") + tokens.tokenType.left(20),
                     ErrorCode::TokenResponseInvalid};
    // A lifetime past a year is not believed (and a huge number would not fit the integer):
    // the token is taken to last a year, so Kete still refreshes it in time.
    constexpr qint64 kLongestLifetime = 366LL * 24 * 3600;
    const QJsonValue expiresIn = json.value(QLatin1String("expires_in"));
    const double given =
        expiresIn.isString() ? expiresIn.toString().toDouble() : expiresIn.toDouble(-1);
    const qint64 seconds = given >= double(kLongestLifetime) ? kLongestLifetime : qint64(given);
    if (seconds > 0)
        tokens.expiresAt = now.toUTC().addSecs(seconds);
    tokens.refreshToken = json.value(QLatin1String("refresh_token")).toString().toUtf8();
    const QString scope = json.value(QLatin1String("scope")).toString();
    tokens.grantedScope = scope.isEmpty() ? requested : ScopeSet::parse(scope);
    tokens.patient = json.value(QLatin1String("patient")).toString();
    tokens.needPatientBanner = json.value(QLatin1String("need_patient_banner")).toBool(false);
    tokens.encounter = json.value(QLatin1String("encounter")).toString();
    tokens.fhirUser = json.value(QLatin1String("fhirUser")).toString();
    tokens.idToken = json.value(QLatin1String("id_token")).toString().toUtf8();
    return tokens;
}

bool TokenSet::expiresWithin(qint64 seconds, const QDateTime &now) const
{
    return expiresAt.isValid() && now.secsTo(expiresAt) <= seconds;
}

QStringList TokenSet::notGrantedFrom(const ScopeSet &requested) const
{
    QStringList missing = grantedScope.notGrantedFrom(requested);
    if (!refreshToken.isEmpty() && !grantedScope.allowsStayingSignedIn() &&
        requested.allowsStayingSignedIn())
        missing.removeLast(); // "staying signed in" is always the last item
    return missing;
}

void TokenSet::mergeRefresh(const TokenSet &refreshed)
{
    accessToken = refreshed.accessToken;
    tokenType = refreshed.tokenType;
    expiresAt = refreshed.expiresAt;
    if (!refreshed.refreshToken.isEmpty())
        refreshToken = refreshed.refreshToken;
    grantedScope = refreshed.grantedScope;
    if (!refreshed.patient.isEmpty())
        patient = refreshed.patient;
    if (!refreshed.encounter.isEmpty())
        encounter = refreshed.encounter;
    if (!refreshed.fhirUser.isEmpty())
        fhirUser = refreshed.fhirUser;
    if (!refreshed.idToken.isEmpty())
        idToken = refreshed.idToken;
    needPatientBanner = needPatientBanner || refreshed.needPatientBanner;
}

} // namespace kete::smart
