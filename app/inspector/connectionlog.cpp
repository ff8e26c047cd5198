#include "inspector/connectionlog.h"

#include "common/version.h"
#include "inspector/serverhabits.h"
#include "smart/session.h"

#include <QStringList>

namespace kete::inspector {

namespace {

using Mark = ReportLine::Mark;

QString urlText(const QUrl &url)
{
    return url.toString(QUrl::RemoveUserInfo);
}

QString yesNo(bool value)
{
    return value ? ConnectionLog::tr("yes") : ConnectionLog::tr("no");
}

QString markPrefix(Mark mark)
{
    switch (mark) {
    case Mark::Good:
        return QStringLiteral("✓ ");
    case Mark::Bad:
        return QStringLiteral("✗ ");
    case Mark::Optional:
        return QStringLiteral("○ ");
    case Mark::None:
        break;
    }
    return QStringLiteral("  ");
}

void addEndpoint(QList<ReportLine> &lines, const QString &label, const QUrl &url,
                 const QString &missing, Mark whenMissing = Mark::Optional)
{
    if (url.isEmpty())
        lines.append({label, missing, whenMissing});
    else
        lines.append({label, urlText(url)});
}

// The capabilities Kete relies on, each marked as there or missing.
void addCapabilities(QList<ReportLine> &lines, const smart::SmartConfiguration &config,
                     std::optional<bool> confidentialClient)
{
    const bool unknown = config.viaCapabilityStatement; // that discovery lists none
    const auto has = [&](const char *name) {
        return config.hasCapability(QString::fromLatin1(name));
    };
    const auto need = [&](const QString &label, bool present, const QString &meaning) {
        if (present)
            lines.append({label, ConnectionLog::tr("offered · %1").arg(meaning), Mark::Good});
        else
            lines.append({label,
                          unknown ? ConnectionLog::tr("not listed (the CapabilityStatement "
                                                      "cannot say) · %1")
                                        .arg(meaning)
                                  : ConnectionLog::tr("missing · %1").arg(meaning),
                          unknown ? Mark::Optional : Mark::Bad});
    };
    const auto nice = [&](const QString &label, bool present, const QString &meaning,
                          const QString &without) {
        if (present)
            lines.append({label, ConnectionLog::tr("offered · %1").arg(meaning), Mark::Good});
        else
            lines.append(
                {label, ConnectionLog::tr("not offered · %1").arg(without), Mark::Optional});
    };

    need(QStringLiteral("launch-standalone"), has("launch-standalone"),
         ConnectionLog::tr("Kete starts the sign-in itself, outside a patient portal"));

    const bool publicClient = has("client-public");
    const bool symmetric = has("client-confidential-symmetric");
    const QString clientLabel = QStringLiteral("client-public / client-confidential-symmetric");
    if (confidentialClient.has_value()) {
        const bool confidential = *confidentialClient;
        need(clientLabel, confidential ? symmetric : publicClient,
             confidential ? ConnectionLog::tr("Kete signs in as a confidential client "
                                              "(client-confidential-symmetric)")
                          : ConnectionLog::tr("Kete signs in as a public client (client-public)"));
    } else {
        QStringList offered;
        if (publicClient)
            offered.append(QStringLiteral("client-public"));
        if (symmetric)
            offered.append(QStringLiteral("client-confidential-symmetric"));
        need(clientLabel, !offered.isEmpty(),
             ConnectionLog::tr("Kete needs one of them: %1")
                 .arg(offered.isEmpty() ? ConnectionLog::tr("none listed")
                                        : offered.join(QStringLiteral(", "))));
    }

    if (has("permission-v2"))
        lines.append({QStringLiteral("permission-v2 / permission-v1"),
                      ConnectionLog::tr("permission-v2 offered · Kete asks for SMART v2 scopes"),
                      Mark::Good});
    else if (has("permission-v1"))
        lines.append({QStringLiteral("permission-v2 / permission-v1"),
                      ConnectionLog::tr("permission-v1 offered · Kete asks for SMART v1 scopes"),
                      Mark::Good});
    else
        lines.append({QStringLiteral("permission-v2 / permission-v1"),
                      ConnectionLog::tr("neither listed · Kete asks for SMART v1 scopes"),
                      Mark::Optional});

    nice(QStringLiteral("permission-offline"), has("permission-offline"),
         ConnectionLog::tr("Kete can stay signed in (refresh token)"),
         ConnectionLog::tr("Kete asks you to sign in again when the access token expires"));
    nice(QStringLiteral("sso-openid-connect"), has("sso-openid-connect"),
         ConnectionLog::tr("the provider says who signed in (a signed id_token)"),
         ConnectionLog::tr("Kete learns who signed in from the token answer only"));

    const bool s256 = config.codeChallengeMethods.contains(QLatin1String("S256"));
    const QString methods = config.codeChallengeMethods.isEmpty()
                                ? ConnectionLog::tr("none listed")
                                : config.codeChallengeMethods.join(QStringLiteral(", "));
    if (s256)
        lines.append({QStringLiteral("code_challenge_methods_supported"),
                      ConnectionLog::tr("%1 · Kete uses PKCE with S256").arg(methods), Mark::Good});
    else
        lines.append({QStringLiteral("code_challenge_methods_supported"),
                      ConnectionLog::tr("%1 · Kete needs S256").arg(methods),
                      unknown ? Mark::Optional : Mark::Bad});

    static const QStringList reliedOn{QStringLiteral("launch-standalone"),
                                      QStringLiteral("client-public"),
                                      QStringLiteral("client-confidential-symmetric"),
                                      QStringLiteral("permission-v2"),
                                      QStringLiteral("permission-v1"),
                                      QStringLiteral("permission-offline"),
                                      QStringLiteral("sso-openid-connect")};
    QStringList others;
    for (const QString &capability : config.capabilities)
        if (!reliedOn.contains(capability))
            others.append(capability);
    if (!others.isEmpty())
        lines.append({ConnectionLog::tr("Other capabilities"), others.join(QStringLiteral(", "))});
}

QList<ReportLine> discoveryLines(const smart::DiscoveryRecord &record,
                                 std::optional<bool> confidentialClient)
{
    QList<ReportLine> lines;
    for (int i = 0; i < record.fetches.size(); ++i) {
        const smart::DiscoveryFetch &fetch = record.fetches.at(i);
        const bool ok = fetch.httpStatus >= 200 && fetch.httpStatus < 300;
        const QString status = fetch.httpStatus == 0
                                   ? ConnectionLog::tr("no answer")
                                   : ConnectionLog::tr("HTTP %1").arg(fetch.httpStatus);
        lines.append({i == 0 ? ConnectionLog::tr("Discovery URL") : ConnectionLog::tr("Then tried"),
                      QStringLiteral("%1 → %2").arg(urlText(fetch.url), status),
                      ok ? Mark::Good : Mark::None});
    }
    if (!record.problem.isEmpty())
        lines.append({ConnectionLog::tr("Problem"), record.problem, Mark::Bad});
    if (!record.configuration)
        return lines;
    const smart::SmartConfiguration &config = *record.configuration;
    lines.append({ConnectionLog::tr("Found in"),
                  config.viaCapabilityStatement
                      ? ConnectionLog::tr("the CapabilityStatement (oauth-uris extension), the "
                                          "older way, which lists no capabilities")
                      : QStringLiteral(".well-known/smart-configuration")});
    if (!config.issuer.isEmpty())
        lines.append({ConnectionLog::tr("Issuer"), config.issuer});
    addEndpoint(lines, ConnectionLog::tr("Authorization endpoint"), config.authorizationEndpoint,
                ConnectionLog::tr("missing"), Mark::Bad);
    addEndpoint(lines, ConnectionLog::tr("Token endpoint"), config.tokenEndpoint,
                ConnectionLog::tr("missing"), Mark::Bad);
    addEndpoint(lines, ConnectionLog::tr("Revocation endpoint"), config.revocationEndpoint,
                ConnectionLog::tr("none · signing out only forgets the tokens on this computer"));
    addEndpoint(lines, ConnectionLog::tr("Introspection endpoint"), config.introspectionEndpoint,
                ConnectionLog::tr("none"));
    addEndpoint(lines, ConnectionLog::tr("Keys (jwks_uri)"), config.jwksUri,
                ConnectionLog::tr("none · an id_token cannot be verified"));
    addCapabilities(lines, config, confidentialClient);
    if (!config.tokenEndpointAuthMethods.isEmpty())
        lines.append({ConnectionLog::tr("Token endpoint auth methods"),
                      config.tokenEndpointAuthMethods.join(QStringLiteral(", "))});
    if (!config.scopesSupported.isEmpty())
        lines.append(
            {ConnectionLog::tr("Scopes supported"), config.scopesSupported.join(QLatin1Char(' '))});
    return lines;
}

QList<ReportLine> authorizationLines(const smart::AuthorizationRequestRecord &record)
{
    QList<ReportLine> lines;
    lines.append(
        {ConnectionLog::tr("Authorization endpoint"), urlText(record.authorizationEndpoint)});
    lines.append({ConnectionLog::tr("Shown in"),
                  record.browserMode == smart::BrowserMode::Embedded
                      ? ConnectionLog::tr("Kete's own sign-in window")
                      : ConnectionLog::tr("your web browser (redirect to 127.0.0.1)")});
    for (const auto &[name, value] : record.parameters) {
        Mark mark = Mark::None;
        if (name == QLatin1String("code_challenge_method"))
            mark = value == QLatin1String("S256") ? Mark::Good : Mark::Bad;
        lines.append({name, value, mark});
    }
    return lines;
}

QList<ReportLine> redirectLines(const smart::RedirectRecord &record)
{
    QList<ReportLine> lines;
    lines.append({ConnectionLog::tr("Redirect URI"), urlText(record.redirectUri)});
    lines.append({ConnectionLog::tr("Parameters received"),
                  record.parameterNames.isEmpty()
                      ? ConnectionLog::tr("none")
                      : record.parameterNames.join(QStringLiteral(", "))});
    lines.append({QStringLiteral("state"),
                  record.stateMatched ? ConnectionLog::tr("matched the one Kete sent")
                                      : ConnectionLog::tr("did not match the one Kete sent"),
                  record.stateMatched ? Mark::Good : Mark::Bad});
    if (record.error.isEmpty())
        lines.append({QStringLiteral("code"),
                      record.codeReceived ? ConnectionLog::tr("received (not shown)")
                                          : ConnectionLog::tr("missing"),
                      record.codeReceived ? Mark::Good : Mark::Bad});
    else
        lines.append({QStringLiteral("error"),
                      record.errorDescription.isEmpty()
                          ? record.error
                          : QStringLiteral("%1 · %2").arg(record.error, record.errorDescription),
                      Mark::Bad});
    if (!record.problem.isEmpty())
        lines.append({ConnectionLog::tr("Kete refused it"), record.problem, Mark::Bad});
    return lines;
}

QList<ReportLine> tokenLines(const smart::TokenExchangeRecord &record)
{
    QList<ReportLine> lines;
    lines.append({ConnectionLog::tr("Token endpoint"), urlText(record.tokenEndpoint)});
    lines.append({ConnectionLog::tr("Client authentication"),
                  record.confidentialClient
                      ? ConnectionLog::tr("HTTP Basic (the client secret is not shown)")
                      : ConnectionLog::tr("none: a public client, proven by PKCE")});
    for (const auto &[name, value] : record.requestParameters)
        lines.append({ConnectionLog::tr("sent %1").arg(name), value});
    if (!record.answered) {
        lines.append({ConnectionLog::tr("Answer"),
                      record.problem.isEmpty() ? ConnectionLog::tr("none") : record.problem,
                      Mark::Bad});
        return lines;
    }
    lines.append(
        {ConnectionLog::tr("Answer fields"), record.responseFields.join(QStringLiteral(", "))});
    lines.append({QStringLiteral("token_type"), record.tokenType,
                  record.tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) == 0
                      ? Mark::Good
                      : Mark::Bad});
    lines.append({QStringLiteral("expires_in"),
                  record.expiresIn ? ConnectionLog::tr("%1 s").arg(*record.expiresIn)
                                   : ConnectionLog::tr("not said")});
    lines.append({ConnectionLog::tr("scope requested"), record.requestedScope});
    lines.append({ConnectionLog::tr("scope granted"),
                  record.grantedScope.isEmpty()
                      ? ConnectionLog::tr("not said (the requested scope stands)")
                      : record.grantedScope,
                  record.notGranted.isEmpty() ? Mark::Good : Mark::Optional});
    if (!record.notGranted.isEmpty())
        lines.append({ConnectionLog::tr("not granted"),
                      record.notGranted.join(QStringLiteral(", ")), Mark::Optional});
    lines.append({QStringLiteral("patient"),
                  record.patient.isEmpty()
                      ? ConnectionLog::tr("not said · Kete looks the patient up itself")
                      : record.patient});
    lines.append({QStringLiteral("need_patient_banner"), record.needPatientBanner
                                                             ? yesNo(*record.needPatientBanner)
                                                             : ConnectionLog::tr("not said")});
    lines.append({QStringLiteral("fhirUser"), record.fhirUser.isEmpty()
                                                  ? ConnectionLog::tr("not in the answer")
                                                  : record.fhirUser});
    lines.append({QStringLiteral("refresh_token"),
                  record.refreshTokenReceived ? ConnectionLog::tr("received (not shown)")
                                              : ConnectionLog::tr("none · no staying signed in"),
                  record.refreshTokenReceived ? Mark::Good : Mark::Optional});
    lines.append({QStringLiteral("id_token"),
                  record.idTokenReceived ? ConnectionLog::tr("received (not shown)")
                                         : ConnectionLog::tr("none"),
                  record.idTokenReceived ? Mark::Good : Mark::Optional});
    if (record.idTokenReceived) {
        if (record.idTokenVerified) {
            lines.append(
                {ConnectionLog::tr("id_token verified"),
                 ConnectionLog::tr("signature (RS256, jwks_uri), iss, aud and exp checked"),
                 Mark::Good});
            lines.append({QStringLiteral("iss"), record.idTokenIssuer});
            lines.append({QStringLiteral("aud"), record.idTokenAudience});
            lines.append(
                {QStringLiteral("exp"), record.idTokenExpiresAt.toUTC().toString(Qt::ISODate)});
            lines.append({QStringLiteral("fhirUser (id_token)"), record.idTokenFhirUser.isEmpty()
                                                                     ? ConnectionLog::tr("none")
                                                                     : record.idTokenFhirUser});
        } else {
            lines.append(
                {ConnectionLog::tr("id_token verified"),
                 record.idTokenNote.isEmpty() ? ConnectionLog::tr("no") : record.idTokenNote,
                 Mark::Optional});
        }
    }
    if (!record.problem.isEmpty())
        lines.append({ConnectionLog::tr("Problem"), record.problem, Mark::Bad});
    return lines;
}

ReportLine requestLine(const fhir::RequestRecord &record)
{
    QStringList parts;
    parts.append(record.status == 0 ? ConnectionLog::tr("no HTTP answer")
                                    : QString::number(record.status));
    parts.append(ConnectionLog::tr("%1 ms").arg(record.durationMs));
    parts.append(ConnectionLog::tr("%1 bytes").arg(record.bytes));
    parts.append(record.pages == 1 ? ConnectionLog::tr("1 page")
                                   : ConnectionLog::tr("%1 pages").arg(record.pages));
    parts.append(record.resources == 1 ? ConnectionLog::tr("1 resource")
                                       : ConnectionLog::tr("%1 resources").arg(record.resources));
    if (record.retries > 0)
        parts.append(ConnectionLog::tr("%1 retries").arg(record.retries));
    if (record.tokenRefreshed)
        parts.append(ConnectionLog::tr("resent after a token refresh"));
    Mark mark = record.status >= 200 && record.status < 300 ? Mark::Good : Mark::None;
    if (record.cancelled) {
        parts.append(ConnectionLog::tr("cancelled"));
        mark = Mark::None;
    } else if (!record.problem.isEmpty()) {
        parts.append(record.problem);
        mark = Mark::Bad;
    }
    return {record.method + QLatin1Char(' ') + record.url, parts.join(QStringLiteral(" · ")), mark};
}

} // namespace

ConnectionLog::ConnectionLog(QObject *parent)
    : QObject(parent)
{}

void ConnectionLog::reset(const QUrl &fhirBase)
{
    m_fhirBase = fhirBase;
    m_discovery.reset();
    m_authorization.reset();
    m_redirect.reset();
    m_token.reset();
    m_activity.clear();
    m_dropped = 0;
    Q_EMIT changed();
}

void ConnectionLog::watchSignIn(smart::SmartDiscovery *discovery, smart::AuthorizationFlow *flow)
{
    connect(discovery, &smart::SmartDiscovery::discoveryFinished, this,
            &ConnectionLog::recordDiscovery);
    connect(flow, &smart::AuthorizationFlow::authorizationRequested, this,
            &ConnectionLog::recordAuthorizationRequest);
    connect(flow, &smart::AuthorizationFlow::redirectReceived, this,
            &ConnectionLog::recordRedirect);
    connect(flow, &smart::AuthorizationFlow::tokenExchanged, this,
            &ConnectionLog::recordTokenExchange);
}

void ConnectionLog::watchSession(smart::Session *session)
{
    connect(session, &smart::Session::refreshed, this, &ConnectionLog::recordRefresh);
}

void ConnectionLog::watchClient(fhir::FhirClient *client)
{
    connect(client, &fhir::FhirClient::requestFinished, this, &ConnectionLog::recordRequest);
}

void ConnectionLog::recordDiscovery(const smart::DiscoveryRecord &record)
{
    // A new attempt (a retry, or the switch to the system browser).
    m_authorization.reset();
    m_redirect.reset();
    m_token.reset();
    m_discovery = record;
    if (m_fhirBase.isEmpty())
        m_fhirBase = record.fhirBase;
    Q_EMIT changed();
}

void ConnectionLog::recordAuthorizationRequest(const smart::AuthorizationRequestRecord &record)
{
    m_redirect.reset();
    m_token.reset();
    m_authorization = record;
    Q_EMIT changed();
}

void ConnectionLog::recordRedirect(const smart::RedirectRecord &record)
{
    m_token.reset();
    m_redirect = record;
    Q_EMIT changed();
}

void ConnectionLog::recordTokenExchange(const smart::TokenExchangeRecord &record)
{
    m_token = record;
    Q_EMIT changed();
}

void ConnectionLog::recordRequest(const fhir::RequestRecord &record)
{
    m_activity.append(record);
    if (m_activity.size() > maxActivity) {
        m_activity.removeFirst();
        ++m_dropped;
    }
    Q_EMIT changed();
}

void ConnectionLog::recordRefresh(bool ok, const QString &detail)
{
    m_activity.append(RefreshRecord{QDateTime::currentDateTimeUtc(), ok, detail});
    if (m_activity.size() > maxActivity) {
        m_activity.removeFirst();
        ++m_dropped;
    }
    Q_EMIT changed();
}

void ConnectionLog::recordRegistration(const RegistrationRecord &record)
{
    m_activity.append(record);
    if (m_activity.size() > maxActivity) {
        m_activity.removeFirst();
        ++m_dropped;
    }
    Q_EMIT changed();
}

bool ConnectionLog::isEmpty() const
{
    return !m_discovery && !m_authorization && !m_redirect && !m_token && m_activity.isEmpty();
}

QString ConnectionLog::purposeOf(Step step)
{
    switch (step) {
    case Step::Discovery:
        return tr("Kete reads the provider's published SMART configuration to learn where to "
                  "sign in and what the server supports.");
    case Step::AuthorizationRequest:
        return tr("Kete opens the provider's sign-in page and says what it asks to read; PKCE "
                  "proves that the app redeeming the code is the app that asked for it.");
    case Step::Redirect:
        return tr("The provider sends you back to Kete with a one-time code; the state must "
                  "match so that Kete only accepts the answer to its own request.");
    case Step::TokenExchange:
        return tr("Kete trades the one-time code and its PKCE verifier for an access token; the "
                  "answer says what the provider granted, and for which patient.");
    case Step::Requests:
        return tr("Kete reads your record with the access token; each request is listed with "
                  "its answer, never with the token or the data.");
    case Step::Habits:
        return tr("What this server does its own way, as some real EHRs do, and how Kete went "
                  "along with it.");
    }
    return {};
}

QList<ReportSection> ConnectionLog::sections() const
{
    const std::optional<bool> confidential =
        m_authorization ? std::optional<bool>(m_authorization->confidentialClient) : std::nullopt;
    QList<ReportSection> sections;
    sections.append({tr("Discovery"), purposeOf(Step::Discovery),
                     m_discovery ? discoveryLines(*m_discovery, confidential) : QList<ReportLine>{},
                     tr("Not done in this session yet.")});
    sections.append({tr("Authorization request"), purposeOf(Step::AuthorizationRequest),
                     m_authorization ? authorizationLines(*m_authorization) : QList<ReportLine>{},
                     tr("Not reached.")});
    sections.append({tr("Redirect back to Kete"), purposeOf(Step::Redirect),
                     m_redirect ? redirectLines(*m_redirect) : QList<ReportLine>{},
                     tr("Not reached.")});
    sections.append({tr("Token exchange"), purposeOf(Step::TokenExchange),
                     m_token ? tokenLines(*m_token) : QList<ReportLine>{}, tr("Not reached.")});

    QList<ReportLine> activity;
    if (m_dropped > 0)
        activity.append(
            {tr("Earlier"), tr("%1 older entries not kept").arg(m_dropped), Mark::None});
    for (const Activity &entry : m_activity) {
        if (const auto *request = std::get_if<fhir::RequestRecord>(&entry)) {
            activity.append(requestLine(*request));
        } else if (const auto *registration = std::get_if<RegistrationRecord>(&entry)) {
            activity.append(
                {tr("Dynamic registration at %1").arg(registration->at.toString(Qt::ISODate)),
                 registration->ok
                     ? tr("%1 · this computer registered with its own key (client id %2); "
                          "tokens now come from a JWT bearer grant, never a refresh token")
                           .arg(urlText(registration->endpoint), registration->clientId)
                     : tr("%1 · refused · %2 · Kete stays signed in with its refresh token")
                           .arg(urlText(registration->endpoint), registration->detail),
                 registration->ok ? Mark::Good : Mark::Optional});
        } else {
            const auto &refresh = std::get<RefreshRecord>(entry);
            activity.append({tr("Token refresh at %1").arg(refresh.at.toString(Qt::ISODate)),
                             (refresh.ok ? tr("succeeded") : tr("failed")) + QStringLiteral(" · ") +
                                 refresh.detail,
                             refresh.ok ? Mark::Good : Mark::Bad});
        }
    }
    sections.append(
        {tr("Requests to the FHIR server"), purposeOf(Step::Requests), activity, tr("None yet.")});
    sections.append({tr("This server's habits"), purposeOf(Step::Habits),
                     serverHabitLines(m_token, m_activity),
                     tr("Nothing out of the ordinary met so far.")});
    return sections;
}

QString ConnectionLog::toText() const
{
    QStringList out;
    out.append(tr("Kete %1 · connection details").arg(versionString()));
    out.append(tr("Provider (FHIR base): %1")
                   .arg(m_fhirBase.isEmpty() ? tr("none yet") : urlText(m_fhirBase)));
    out.append(tr("Report made: %1").arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    out.append(tr("No token, code, verifier, state or client secret is in this report."));
    const QList<ReportSection> all = sections();
    for (int i = 0; i < all.size(); ++i) {
        const ReportSection &section = all.at(i);
        out.append(QString());
        out.append(QStringLiteral("%1. %2").arg(i + 1).arg(section.title));
        out.append(QStringLiteral("   ") + section.purpose);
        if (section.lines.isEmpty())
            out.append(QStringLiteral("   ") + section.pending);
        for (const ReportLine &line : section.lines)
            out.append(QStringLiteral("   ") + markPrefix(line.mark) + line.label +
                       QStringLiteral(": ") + line.value);
    }
    out.append(QString());
    out.append(tr("✓ what Kete needs, there · ✗ missing or failed · ○ Kete does without it"));
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace kete::inspector
