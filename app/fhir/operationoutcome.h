#pragma once

#include <QList>
#include <QString>

class QJsonObject;

namespace kete::fhir {

// Something the server (or Kete, reading a response) wants the user to know, short of failure:
// "Results before 2015 are not available", "2 results could not be read".
struct Notice
{
    enum class Severity
    {
        Information,
        Warning,
        Error
    };

    Severity severity = Severity::Information;
    QString message; // for the user
    QString detail;  // for the log; never health data
};

// OperationOutcome.issue → notices, each with the most readable text the server gave
// (details.text, diagnostics, details.coding.display, else a sentence for the issue code).
QList<Notice> parseOperationOutcome(const QJsonObject &object);

// One message out of several notices, for an Error: "Not found. Try again later."
QString joinMessages(const QList<Notice> &notices);

} // namespace kete::fhir
