#pragma once

#include "fhir/fhirclient.h"
#include "smart/authorizationflow.h"
#include "smart/smartdiscovery.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QUrl>
#include <optional>
#include <variant>

namespace kete::smart {
class Session;
}

namespace kete::inspector {

// A refresh grant and how it went.
struct RefreshRecord
{
    QDateTime at; // UTC
    bool ok = false;
    QString detail;
};

// Dynamic registration (RFC 7591) after a sign-in, and how it went. The client id is not a
// secret; the key and the access token used are never here.
struct RegistrationRecord
{
    QDateTime at; // UTC
    QUrl endpoint;
    bool ok = false;
    QString clientId;
    QString detail; // why it was refused
};

// What happened on the connection after sign-in, in order.
using Activity = std::variant<fhir::RequestRecord, RefreshRecord, RegistrationRecord>;

// One line of the report: "label: value", marked when it is good or bad news.
struct ReportLine
{
    enum class Mark
    {
        None,
        Good,    // something Kete needs, and it is there
        Bad,     // something Kete needs, and it is missing or failed
        Optional // worth knowing, Kete does without it
    };
    QString label;
    QString value;
    Mark mark = Mark::None;
};

// One step of the handshake: a title, one sentence on what it is for, and what happened.
struct ReportSection
{
    QString title;
    QString purpose;
    QList<ReportLine> lines; // empty: the step has not happened (yet)
    QString pending;         // what to say when it has not
};

// The SMART handshake with the current provider as it happened, step by step, for the
// "Connection details" view and support tickets:
//
//   discovery -> authorization request -> redirect back -> token exchange -> FHIR requests
//
// Fed by signals of SmartDiscovery, AuthorizationFlow, Session and FhirClient (watch*()); the
// records hold no secret (they are redacted where they are made), so neither does toText().
// A new discovery starts a new attempt: the later sign-in steps of the previous one go.
class ConnectionLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionLog)

public:
    enum class Step
    {
        Discovery,
        AuthorizationRequest,
        Redirect,
        TokenExchange,
        Requests,
        Habits
    };

    explicit ConnectionLog(QObject *parent = nullptr);

    // Forgets everything: a new sign-in to `fhirBase` begins.
    void reset(const QUrl &fhirBase = {});

    void watchSignIn(smart::SmartDiscovery *discovery, smart::AuthorizationFlow *flow);
    void watchSession(smart::Session *session);
    void watchClient(fhir::FhirClient *client);

    void recordDiscovery(const smart::DiscoveryRecord &record);
    void recordAuthorizationRequest(const smart::AuthorizationRequestRecord &record);
    void recordRedirect(const smart::RedirectRecord &record);
    void recordTokenExchange(const smart::TokenExchangeRecord &record);
    void recordRequest(const fhir::RequestRecord &record);
    void recordRefresh(bool ok, const QString &detail);
    void recordRegistration(const RegistrationRecord &record);

    QUrl fhirBase() const { return m_fhirBase; }
    const std::optional<smart::DiscoveryRecord> &discovery() const { return m_discovery; }
    const std::optional<smart::AuthorizationRequestRecord> &authorizationRequest() const
    {
        return m_authorization;
    }
    const std::optional<smart::RedirectRecord> &redirect() const { return m_redirect; }
    const std::optional<smart::TokenExchangeRecord> &tokenExchange() const { return m_token; }
    const QList<Activity> &activity() const { return m_activity; }
    // Activity entries dropped from the front to keep the log bounded.
    int droppedActivity() const { return m_dropped; }
    bool isEmpty() const;

    static constexpr int maxActivity = 2000;

    // The plain-language sentence saying what a step is for.
    static QString purposeOf(Step step);
    // The report, section by section in handshake order (the view renders these).
    QList<ReportSection> sections() const;
    // The same as text for a support ticket.
    QString toText() const;

Q_SIGNALS:
    void changed();

private:
    QUrl m_fhirBase;
    std::optional<smart::DiscoveryRecord> m_discovery;
    std::optional<smart::AuthorizationRequestRecord> m_authorization;
    std::optional<smart::RedirectRecord> m_redirect;
    std::optional<smart::TokenExchangeRecord> m_token;
    QList<Activity> m_activity;
    int m_dropped = 0;
};

} // namespace kete::inspector
