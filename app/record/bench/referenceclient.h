#pragma once

#include "common/result.h"

#include <QString>
#include <QUrl>

namespace kete::bench {

// One load of the record by the SMART reference JavaScript client (fhirclient-load.js).
struct ReferenceLoad
{
    double ms = 0; // access token -> last page
    int pages = 0;
    int resources = 0;
};

// Runs the SMART reference client (npm "fhirclient" on node) against a FHIR server whose
// authorization server auto-approves `patientId`, as kete-record-bench --compare-fhirclient does.
class ReferenceClient
{
public:
    // `npmPrefix`/node_modules holds fhirclient (installed there with npm when missing).
    ReferenceClient(QString npmPrefix, QString script);

    Result<bool> ensureInstalled() const;
    Result<ReferenceLoad> load(const QUrl &fhirBase, const QString &patientId, int timeoutMs) const;

private:
    QString m_npmPrefix;
    QString m_script;
};

} // namespace kete::bench
