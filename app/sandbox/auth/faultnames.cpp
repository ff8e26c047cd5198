#include "sandbox/faults.h"

#include <array>
#include <utility>

namespace kete::sandbox {

namespace {

constexpr std::array<std::pair<Fault, const char *>, 24> names = {{
    {Fault::InvalidClient, "invalid-client"},
    {Fault::InvalidScope, "invalid-scope"},
    {Fault::ConsentDenied, "consent-denied"},
    {Fault::RefreshTokenExpired, "refresh-token-expired"},
    {Fault::ScopeDowngrade, "scope-downgrade"},
    {Fault::ShortTokenLifetime, "short-token-lifetime"},
    {Fault::ExpireAccessToken, "expire-access-token"},
    {Fault::InvalidToken, "invalid-token"},
    {Fault::SlowResponses, "slow-responses"},
    {Fault::TooManyRequests, "too-many-requests"},
    {Fault::ServiceUnavailable, "service-unavailable"},
    {Fault::DropConnection, "drop-connection"},
    {Fault::MalformedJson, "malformed-json"},
    {Fault::OutcomeWarning, "outcome-warning"},
    {Fault::RequireCategory, "require-category"},
    {Fault::CollapseDoubleSlash, "collapse-double-slash"},
    {Fault::SilentOfflineAccess, "silent-offline-access"},
    {Fault::TenMinuteTokens, "ten-minute-tokens"},
    {Fault::SmallPages, "small-pages"},
    {Fault::ExpiringPageLinks, "expiring-page-links"},
    {Fault::ExactAudience, "exact-audience"},
    {Fault::RateLimit, "rate-limit"},
    {Fault::DynamicRegistration, "dynamic-registration"},
    {Fault::OverlappingWindows, "overlapping-windows"},
}};

const QList<Persona> &personas()
{
    static const QList<Persona> all{
        {QStringLiteral("epic-like"),
         {Fault::RequireCategory, Fault::SilentOfflineAccess, Fault::DynamicRegistration}},
        {QStringLiteral("cerner-like"), {Fault::TenMinuteTokens, Fault::SmallPages}},
        {QStringLiteral("hapi-like"), {Fault::ExpiringPageLinks}},
        {QStringLiteral("athena-like"), {Fault::ExactAudience}},
        {QStringLiteral("rate-limited"), {Fault::RateLimit}},
    };
    return all;
}

} // namespace

std::optional<Fault> FaultPlan::fromName(const QString &name)
{
    for (const auto &[fault, text] : names) {
        if (name == QLatin1String(text))
            return fault;
    }
    return std::nullopt;
}

QString FaultPlan::name(Fault fault)
{
    for (const auto &[candidate, text] : names) {
        if (candidate == fault)
            return QLatin1String(text);
    }
    return {};
}

QStringList FaultPlan::allNames()
{
    QStringList all;
    for (const auto &[fault, text] : names)
        all.append(QLatin1String(text));
    return all;
}

std::optional<Persona> Persona::fromName(const QString &name)
{
    for (const Persona &persona : personas()) {
        if (persona.name == name)
            return persona;
    }
    return std::nullopt;
}

QStringList Persona::allNames()
{
    QStringList all;
    for (const Persona &persona : personas())
        all.append(persona.name);
    return all;
}

} // namespace kete::sandbox
