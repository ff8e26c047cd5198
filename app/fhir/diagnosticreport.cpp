#include "fhir/diagnosticreport.h"

#include "fhir/attachmenttext.h"
#include "fhir/jsonreaders.h"

#include <QCoreApplication>

namespace kete::fhir {

Result<DiagnosticReport> parseDiagnosticReport(const json::Value &object)
{
    if (object["resourceType"].stringView() != "DiagnosticReport") {
        return Error{QCoreApplication::translate("kete::fhir", "A lab report could not be read."),
                     QStringLiteral("resourceType is not DiagnosticReport"),
                     ErrorCode::FhirUnreadable};
    }
    DiagnosticReport report;
    report.id = object["id"].toString();
    report.status = json::sharedString(object["status"]);
    report.categories = json::codeableConcepts(object["category"]);
    report.code = json::codeableConcept(object["code"]);
    if (const json::Value v = object["effectiveDateTime"]; v.isString())
        report.effective = json::dateTime(v);
    else
        report.effective = json::period(object["effectivePeriod"]).start;
    report.issued = json::dateTime(object["issued"]);
    for (const json::Value &r : object["result"].toArray()) {
        QString id = json::referenceId(r);
        if (!id.isEmpty())
            report.resultIds << std::move(id);
    }
    report.conclusion = object["conclusion"].toString().trimmed();
    QStringList forms;
    for (const json::Value &form : object["presentedForm"].toArray()) {
        const QString text =
            attachmentText(form["contentType"].toString(), form["data"].toString().toLatin1());
        if (!text.isEmpty())
            forms << text;
    }
    report.presentedText = forms.join(QStringLiteral("\n\n"));
    return report;
}

Result<DiagnosticReport> parseDiagnosticReport(const QJsonObject &object)
{
    return json::readQJson(object, [](const json::Value &v) { return parseDiagnosticReport(v); });
}

} // namespace kete::fhir
