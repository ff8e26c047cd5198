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
    const QJsonValue expiresIn = json.value(QLatin1String("expires_in"));
    const qint64 seconds =
        expiresIn.isString() ? expiresIn.toString().toLongLong() : qint64(expiresIn.toDouble(-1));
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
