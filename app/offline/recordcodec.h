#pragma once

#include "common/result.h"
#include "fhir/condition.h"
#include "fhir/diagnosticreport.h"
#include "fhir/observation.h"
#include "fhir/patient.h"
#include "offline/offlinestore.h"
#include "recordstore/recordstore.h"

#include <QByteArray>
#include <QList>

namespace kete::offline {

// The value format of the record kept on this computer: one resource and its provenance as
// QDataStream bytes (version Qt_6_4, fixed), after a format number and the resource's kind, so
// that a later Kete can tell an older copy and bytes of one kind never read as another. It is
// lossless: decoding gives back every field of the value, and encoding that gives the same bytes.
// Bad bytes (cut short, an unknown format, garbage) give ErrorCode::OfflineCopyDamaged; nothing of
// them is returned. Older formats still read, the fields they lack left empty:
// 1: the first; 2: DiagnosticReport.presentedText.
inline constexpr quint32 kRecordFormat = 2;

template<typename Resource> struct DecodedResource
{
    Resource value;
    record::Provenance provenance;
    quint32 position = 0; // where it stood among its type in the record, for the same order back
};

QByteArray encode(const fhir::Patient &value, const record::Provenance &provenance,
                  quint32 position = 0);
QByteArray encode(const fhir::Observation &value, const record::Provenance &provenance,
                  quint32 position = 0);
QByteArray encode(const fhir::Condition &value, const record::Provenance &provenance,
                  quint32 position = 0);
QByteArray encode(const fhir::DiagnosticReport &value, const record::Provenance &provenance,
                  quint32 position = 0);

// For Resource one of fhir::Patient, Observation, Condition, DiagnosticReport.
template<typename Resource> Result<DecodedResource<Resource>> decode(const QByteArray &bytes);

// Every resource of the record, for OfflineStore::put: type is the FHIR resourceType, id the
// resource id (a resource without one gets a synthetic id, "~" and a hash of its value, the same
// for the same value fetched again), content the value format above.
QList<StoredResource> storedResources(const record::RecordSnapshot &record);
QList<StoredResource> storedResources(const record::RecordStore &store);
// The record those resources make, decoded in full (any thread): the same failures as below.
Result<record::RecordSnapshot> decodeRecord(const QList<StoredResource> &resources);
// Puts resources read back from an OfflineStore into `store` with their provenance, in the
// order they had: the patient, then one batch per type (views are signalled once per type).
// Any resource that does not decode, or of a type Kete does not keep, fails the whole: nothing is
// put.
Result<void> restoreInto(record::RecordStore &store, const QList<StoredResource> &resources);

} // namespace kete::offline
