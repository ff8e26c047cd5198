#include "fhir/operationoutcome.h"

#include "fhir/jsonreaders.h"

#include <QCoreApplication>

namespace kete::fhir {

static QString sentenceForCode(const QString &code)
{
    static const std::pair<QLatin1String, const char *> table[] = {
        {QLatin1String("not-found"), QT_TRANSLATE_NOOP("kete::fhir", "The record was not found.")},
        {QLatin1String("forbidden"), QT_TRANSLATE_NOOP("kete::fhir", "Access was refused.")},
        {QLatin1String("security"), QT_TRANSLATE_NOOP("kete::fhir", "Access was refused.")},
        {QLatin1String("login"), QT_TRANSLATE_NOOP("kete::fhir", "You need to sign in again.")},
        {QLatin1String("expired"), QT_TRANSLATE_NOOP("kete::fhir", "Your sign-in has expired.")},
        {QLatin1String("too-costly"),
         QT_TRANSLATE_NOOP("kete::fhir", "The server found too many records to send.")},
        {QLatin1String("throttled"),
         QT_TRANSLATE_NOOP("kete::fhir", "The server is busy. Try again later.")},
        {QLatin1String("transient"),
         QT_TRANSLATE_NOOP("kete::fhir", "The server has a temporary problem. Try again later.")},
        {QLatin1String("incomplete"),
         QT_TRANSLATE_NOOP("kete::fhir", "Some records may be missing.")},
        {QLatin1String("not-supported"),
         QT_TRANSLATE_NOOP("kete::fhir", "The server does not support this request.")},
    };
    for (const auto &[c, text] : table) {
        if (code == c)
            return QCoreApplication::translate("kete::fhir", text);
    }
    return QCoreApplication::translate("kete::fhir", "The server reported a problem.");
}

QList<Notice> parseOperationOutcome(const json::Value &object)
{
    QList<Notice> notices;
    for (const json::Value &issue : object["issue"].toArray()) {
        Notice notice;
        const QString severity = issue["severity"].toString();
        if (severity == QLatin1String("fatal") || severity == QLatin1String("error"))
            notice.severity = Notice::Severity::Error;
        else if (severity == QLatin1String("warning"))
            notice.severity = Notice::Severity::Warning;
        const QString code = issue["code"].toString();
        const CodeableConcept details = json::codeableConcept(issue["details"]);
        const QString diagnostics = issue["diagnostics"].toString().trimmed();
        if (!details.text.isEmpty())
            notice.message = details.text;
        else if (!diagnostics.isEmpty())
            notice.message = diagnostics;
        else if (!details.displayText().isEmpty() && !details.codings.isEmpty() &&
                 !details.codings.constFirst().display.isEmpty())
            notice.message = details.displayText();
        else
            notice.message = sentenceForCode(code);
        notice.detail = QStringLiteral("OperationOutcome %1/%2").arg(severity, code);
        notices.append(std::move(notice));
    }
    return notices;
}

QString joinMessages(const QList<Notice> &notices)
{
    QStringList messages;
    for (const Notice &n : notices) {
        if (!messages.contains(n.message))
            messages << n.message;
    }
    return messages.join(QLatin1Char(' '));
}

} // namespace kete::fhir
