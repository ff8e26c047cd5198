#pragma once

#include <QList>
#include <QString>

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

// One message out of several notices, for an Error: "Not found. Try again later."
QString joinMessages(const QList<Notice> &notices);

} // namespace kete::fhir
