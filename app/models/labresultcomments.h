#pragma once

#include "fhir/observation.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace kete::record {
class RecordStore;
}

namespace kete::models {

// What the lab wrote about one result, as MyChart shows result comments: the result's own
// notes (Observation.note), and its report's conclusion and presented text
// (DiagnosticReport.conclusion, presentedForm read by fhir::attachmentText()).
struct LabResultComments
{
    QStringList notes;
    QString conclusion;
    QString reportText;

    bool isEmpty() const { return notes.isEmpty() && conclusion.isEmpty() && reportText.isEmpty(); }
    // Each part on its own lines, the report's parts named: "Conclusion: …", "Report: …".
    QString text() const;
};

// The comments of each of `results` (by Observation id), from the results themselves and the
// DiagnosticReports in `store` that list them. Results without any are left out.
QHash<QString, LabResultComments> labResultComments(const QList<fhir::Observation> &results,
                                                    const record::RecordStore &store);

} // namespace kete::models
