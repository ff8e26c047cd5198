#pragma once

#include "models/performernames.h"

#include <QHash>
#include <QSet>

namespace kete::record {

class PatientRecord;

// The names of the practitioners and organizations (labs) who performed a record's results: a
// reference without a display ("Practitioner/dr-rangi-parata", "Organization/lab-1") is read once
// through the record's FhirClient (which sends the token and goes only to the FHIR base) and its
// name kept for as long as the record, never on disk. Only when the grant covers the type; until a
// name is there, or when it cannot be had, the performer is named by its kind ("a practitioner"). A
// name that cannot be fetched never fails the record's load.
class PerformerDirectory final : public models::PerformerNames
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PerformerDirectory)

public:
    explicit PerformerDirectory(PatientRecord *record);

    QString nameFor(const QString &performer) override;
    // How many reads it started (each reference once), for tests.
    int readsStarted() const { return m_readsStarted; }

private:
    void fetch(const QString &reference);

    PatientRecord *m_record;
    QHash<QString, QString> m_names; // by reference
    QSet<QString> m_asked;           // fetched, in flight or failed: never asked twice
    int m_readsStarted = 0;
};

} // namespace kete::record
