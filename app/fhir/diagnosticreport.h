#pragma once

#include "common/result.h"
#include "fhir/datatypes.h"

#include <QStringList>

class QJsonObject;

namespace kete::fhir {

// A lab report: its code names the panel ("Basic Metabolic Panel"); `resultIds` are the ids of
// the Observations it groups.
struct DiagnosticReport
{
    QString id;
    QString status;
    QList<CodeableConcept> categories;
    CodeableConcept code;
    FhirDateTime effective;
    FhirDateTime issued;
    QStringList resultIds;
    QString conclusion;
    // The readable text of presentedForm (attachmentText(): inline text or HTML only, reduced to
    // plain text); several forms one after another. Empty when there is none Kete may show.
    QString presentedText;

    QString panelName() const { return code.displayText(); }

    friend bool operator==(const DiagnosticReport &, const DiagnosticReport &) = default;
};

// For a caller that holds the resource as a QJsonObject (tests, small documents): read by the
// same simdjson reader as parseBundlePage(), which is how resources from a server are read.
Result<DiagnosticReport> parseDiagnosticReport(const QJsonObject &object);

} // namespace kete::fhir
