#include "fhir/diagnosticreport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace kete::fhir {

Result<DiagnosticReport> parseDiagnosticReport(const QJsonObject &object)
{
    if (object.value(QLatin1String("resourceType")).toString() !=
        QLatin1String("DiagnosticReport")) {
        return Error{QCoreApplication::translate("kete::fhir", "A lab report could not be read."),
                     QStringLiteral("resourceType is not DiagnosticReport"),
                     ErrorCode::FhirUnreadable};
    }
    DiagnosticReport report;
    report.id = object.value(QLatin1String("id")).toString();
    report.status = object.value(QLatin1String("status")).toString();
    report.categories = json::codeableConcepts(object.value(QLatin1String("category")));
    report.code = json::codeableConcept(object.value(QLatin1String("code")));
    if (const QJsonValue v = object.value(QLatin1String("effectiveDateTime")); v.isString())
        report.effective = json::dateTime(v);
    else
        report.effective = json::period(object.value(QLatin1String("effectivePeriod"))).start;
    report.issued = json::dateTime(object.value(QLatin1String("issued")));
    const QJsonArray results = object.value(QLatin1String("result")).toArray();
    for (const QJsonValue &r : results) {
        const QString id = json::referenceId(r);
        if (!id.isEmpty())
            report.resultIds << id;
    }
    report.conclusion = object.value(QLatin1String("conclusion")).toString();
    return report;
}

} // namespace kete::fhir
