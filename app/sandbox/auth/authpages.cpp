#include "sandbox/auth/authpages.h"

#include "sandbox/auth/smartscope.h"

#include <QCoreApplication>

namespace kete::sandbox::pages {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::sandbox::pages", text);
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QByteArray page(const QString &title, const QString &body)
{
    static const QString style = QStringLiteral(
        "body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1d2733;margin:0}"
        "main{max-width:34rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.15)}"
        "h1{font-size:1.4rem;margin-top:0}label{display:block;margin:.6rem 0}"
        "input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem;"
        "box-sizing:border-box}"
        "button{font-size:1rem;padding:.55rem 1.2rem;margin:.8rem .6rem 0 0;border-radius:4px;"
        "border:1px solid #1f5fa8;background:#1f5fa8;color:#fff;cursor:pointer}"
        "button.secondary{background:#fff;color:#1f5fa8}"
        ".demo{background:#fff8e0;border:1px solid #e8d48b;padding:.8rem;border-radius:4px;"
        "font-size:.92rem}.problem{color:#a11d1d;font-weight:600}"
        "ul.choices{list-style:none;padding:0}");
    const QString html =
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width\">"
                       "<title>") +
        escaped(title) + QStringLiteral("</title><style>") + style +
        QStringLiteral("</style></head><body><main>") + body +
        QStringLiteral("</main></body></html>\n");
    return html.toUtf8();
}

QString hiddenTransaction(const QString &transactionId)
{
    return QStringLiteral("<input type=\"hidden\" name=\"transaction\" value=\"") +
           escaped(transactionId) + QStringLiteral("\">");
}

QString typeWords(const QString &type, const SmartScope &scope)
{
    for (const auto &[name, value] : scope.restrictions) {
        if (name == QLatin1String("category") && value.endsWith(QLatin1String("laboratory")))
            return tr("lab results");
        if (name == QLatin1String("category") && value.endsWith(QLatin1String("vital-signs")))
            return tr("vital signs");
    }
    if (type == QLatin1String("*"))
        return tr("whole health record");
    if (type == QLatin1String("Observation"))
        return tr("lab results and other measurements");
    if (type == QLatin1String("Condition"))
        return tr("health problems (conditions)");
    if (type == QLatin1String("DiagnosticReport"))
        return tr("test reports");
    if (type == QLatin1String("Patient"))
        return tr("personal details (name, birth date)");
    if (type == QLatin1String("Practitioner"))
        return tr("clinicians' names");
    if (type == QLatin1String("Organization"))
        return tr("care providers' names (labs, practices)");
    return type;
}

} // namespace

QString describeScope(const QString &scope, bool forClinician)
{
    if (scope == QLatin1String("openid"))
        return tr("Confirm that it is you who signed in");
    if (scope == QLatin1String("fhirUser") || scope == QLatin1String("profile"))
        return tr("Know who you are (your name in the record)");
    if (scope == QLatin1String("launch/patient"))
        return tr("Know which patient's record you open");
    if (scope == QLatin1String("offline_access"))
        return tr("Stay connected, even when you are not using the app");
    if (scope == QLatin1String("online_access"))
        return tr("Stay connected while you use the app");
    const std::optional<SmartScope> parsed = SmartScope::parse(scope);
    if (!parsed)
        return scope;
    // A patient's user/ scope reaches only their own record (AccessGrant::isPatientLevelFor).
    const bool patientLevel = parsed->level == SmartScope::Level::Patient;
    const QString whose = !forClinician  ? tr("your")
                          : patientLevel ? tr("the chosen patient's")
                                         : tr("every patient's");
    const QString what = typeWords(parsed->resourceType, *parsed);
    QStringList verbs;
    if (parsed->read || parsed->search)
        verbs.append(tr("Read"));
    if (parsed->create || parsed->update || parsed->remove)
        verbs.append(tr("change"));
    return verbs.join(tr(" and ")) + QLatin1Char(' ') + whose + QLatin1Char(' ') + what;
}

QByteArray signIn(const QString &clientName, const QString &formAction,
                  const QString &transactionId, const DemoDirectory &directory,
                  const QString &problem)
{
    QString accounts;
    for (const DemoPatient &patient : directory.patients)
        accounts += QStringLiteral("<li><code>") + escaped(patient.login) +
                    QStringLiteral("</code> — ") + escaped(patient.displayName) +
                    QStringLiteral("</li>");
    for (const DemoClinician &clinician : directory.clinicians)
        accounts += QStringLiteral("<li><code>") + escaped(clinician.login) +
                    QStringLiteral("</code> — ") + escaped(clinician.displayName) +
                    QLatin1Char(' ') + tr("(clinician)") + QStringLiteral("</li>");
    QString body =
        QStringLiteral("<h1>") + tr("Sign in to the Kete demo health record") +
        QStringLiteral("</h1><p>") +
        tr("<strong>%1</strong> would like to see your health record.").arg(escaped(clientName)) +
        QStringLiteral("</p>");
    if (!problem.isEmpty())
        body += QStringLiteral("<p class=\"problem\" id=\"problem\">") + escaped(problem) +
                QStringLiteral("</p>");
    body += QStringLiteral("<form id=\"sign-in-form\" method=\"post\" action=\"") +
            escaped(formAction) + QStringLiteral("\">") + hiddenTransaction(transactionId) +
            QStringLiteral("<label>") + tr("User name") +
            QStringLiteral(" <input type=\"text\" id=\"username\" name=\"username\" "
                           "autocomplete=\"username\" autofocus></label><label>") +
            tr("Password") +
            QStringLiteral(" <input type=\"password\" id=\"password\" name=\"password\" "
                           "autocomplete=\"current-password\"></label>"
                           "<button type=\"submit\" id=\"sign-in\">") +
            tr("Sign in") + QStringLiteral("</button></form><div class=\"demo\"><p>") +
            tr("This is a demonstration with made-up people. Every account uses the password "
               "<code>%1</code>.")
                .arg(escaped(DemoDirectory::password())) +
            QStringLiteral("</p><ul>") + accounts + QStringLiteral("</ul></div>");
    return page(tr("Sign in"), body);
}

QByteArray patientPicker(const QString &clientName, const QString &formAction,
                         const QString &transactionId, const QList<DemoPatient> &patients)
{
    QString choices;
    bool first = true;
    for (const DemoPatient &patient : patients) {
        choices += QStringLiteral("<li><label><input type=\"radio\" name=\"patient\" value=\"") +
                   escaped(patient.patientId) + QLatin1Char('"') +
                   (first ? QStringLiteral(" checked") : QString()) + QStringLiteral("> ") +
                   escaped(patient.displayName) + QStringLiteral("</label></li>");
        first = false;
    }
    const QString body =
        QStringLiteral("<h1>") + tr("Choose a patient") + QStringLiteral("</h1><p>") +
        tr("Whose record should <strong>%1</strong> open?").arg(escaped(clientName)) +
        QStringLiteral("</p><form id=\"patient-form\" method=\"post\" action=\"") +
        escaped(formAction) + QStringLiteral("\">") + hiddenTransaction(transactionId) +
        QStringLiteral("<ul class=\"choices\">") + choices +
        QStringLiteral("</ul><button type=\"submit\" id=\"continue\">") + tr("Continue") +
        QStringLiteral("</button></form>");
    return page(tr("Choose a patient"), body);
}

QByteArray consent(const QString &clientName, const QString &formAction,
                   const QString &transactionId, const QString &userName,
                   const QList<ConsentItem> &items)
{
    QString choices;
    for (const ConsentItem &item : items)
        choices += QStringLiteral("<li><label><input type=\"checkbox\" name=\"scope\" value=\"") +
                   escaped(item.scope) + QStringLiteral("\" checked> ") +
                   escaped(item.description) + QStringLiteral("</label></li>");
    const QString body =
        QStringLiteral("<h1>") +
        tr("Allow %1 to use your health record?").arg(escaped(clientName)) +
        QStringLiteral("</h1><p>") + tr("Signed in as %1.").arg(escaped(userName)) +
        QStringLiteral(" ") +
        tr("Untick anything you do not want to share. You can stop sharing at any time.") +
        QStringLiteral("</p><form id=\"consent-form\" method=\"post\" action=\"") +
        escaped(formAction) + QStringLiteral("\">") + hiddenTransaction(transactionId) +
        QStringLiteral("<ul class=\"choices\">") + choices +
        QStringLiteral("</ul><button type=\"submit\" id=\"approve\" name=\"decision\" "
                       "value=\"approve\">") +
        tr("Allow") +
        QStringLiteral("</button><button type=\"submit\" id=\"deny\" "
                       "name=\"decision\" value=\"deny\" class=\"secondary\">") +
        tr("Don't allow") + QStringLiteral("</button></form>");
    return page(tr("Allow access"), body);
}

QByteArray manageAccess()
{
    const QString body =
        QStringLiteral("<h1 id=\"manage-access\">") + tr("Apps with access to your record") +
        QStringLiteral("</h1><p>") +
        tr("At a real provider this page lists the apps you allowed to read your record, with "
           "what each may read, and lets you end an app's access.") +
        QStringLiteral("</p><p>") +
        tr("In this sandbox, signing out of Kete ends its access: Kete revokes its tokens.") +
        QStringLiteral("</p>");
    return page(tr("Apps with access"), body);
}

QByteArray error(const QString &oauthError, const QString &explanation)
{
    const QString body = QStringLiteral("<h1>") + tr("This sign-in cannot continue") +
                         QStringLiteral("</h1><p id=\"explanation\">") + escaped(explanation) +
                         QStringLiteral("</p><p>") + tr("Go back to the app and try again.") +
                         QStringLiteral("</p><p><small>") + tr("Error code:") +
                         QStringLiteral(" <code id=\"error\">") + escaped(oauthError) +
                         QStringLiteral("</code></small></p>");
    return page(tr("Sign-in error"), body);
}

} // namespace kete::sandbox::pages
