#pragma once

#include "common/result.h"
#include "fhir/capabilities.h"
#include "fhir/condition.h"
#include "fhir/diagnosticreport.h"
#include "fhir/observation.h"
#include "fhir/operationoutcome.h"
#include "fhir/patient.h"

#include <QByteArray>
#include <QList>
#include <QUrl>
#include <optional>

namespace kete::fhir {

// One page of a search (a searchset Bundle), or a single resource read, as value types.
struct BundlePage
{
    QList<Patient> patients;
    QList<Observation> observations;
    QList<Condition> conditions;
    QList<DiagnosticReport> reports;
    QList<Practitioner> practitioners;
    QList<Organization> organizations;
    std::optional<ServerCapabilities> capabilities; // a CapabilityStatement read (GET metadata)
    // search.mode = outcome entries, and entries that could not be read.
    QList<Notice> notices;
    QUrl next;                // the `next` link exactly as sent (opaque); empty on the last page
    std::optional<int> total; // Bundle.total when the server counts
    int otherResources = 0;   // entries of types Kete does not use (Encounter, Claim...)
    int unreadableResources = 0;
    QStringList unreadableDetails; // the first few reasons, for the log (ids, never values)

    int resourceCount() const
    {
        return int(patients.size() + observations.size() + conditions.size() + reports.size() +
                   practitioners.size() + organizations.size());
    }
};

// Parses a Bundle (any type; entries with search.mode=outcome become notices) or a single
// Patient / Observation / Condition / DiagnosticReport / CapabilityStatement. Errors only when
// the whole thing is not readable: not JSON, not an object, or an OperationOutcome alone (its
// issues in the message). A Bundle whose structure is sound but one of whose entries is not
// valid JSON (an invalid UTF-8 byte, a number like 1e999) loses that entry only: it is counted
// in unreadableResources and the rest of the page is read. Read with simdjson (jsonvalue.h), on
// this thread, without a QJsonDocument.
Result<BundlePage> parseBundlePage(const QByteArray &json);

} // namespace kete::fhir
