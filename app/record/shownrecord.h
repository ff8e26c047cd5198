#pragma once

#include "fhir/patient.h"
#include "fhir/recordloader.h"

#include <QDateTime>
#include <QObject>

namespace kete::models {
class ConditionsModel;
class LabTestsModel;
} // namespace kete::models

namespace kete::record {

class RecordStore;

// What a view of one patient's record reads, whether the record comes from one provider
// (PatientRecord) or from several put together (merge::MergedRecord): the data, as models over
// one store, and how far it has loaded.
//
//   patientChanged()          the patient (banner) changed
//   progressChanged(progress) a page arrived or a part's state changed
//   loaded(outcome)           loading has ended (every source, for a merged record)
class ShownRecord : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShownRecord)

public:
    using QObject::QObject;
    ~ShownRecord() override = default;

    virtual const fhir::Patient &patient() const = 0;
    bool hasPatient() const { return !patient().id.isEmpty(); }
    virtual RecordStore *store() const = 0;
    virtual models::LabTestsModel *labTests() const = 0;
    virtual models::ConditionsModel *conditions() const = 0;

    virtual bool isLoading() const = 0;
    virtual fhir::PartState partState(fhir::RecordPart part) const = 0;
    bool isLoading(fhir::RecordPart part) const
    {
        return partState(part) == fhir::PartState::Loading;
    }
    virtual fhir::LoadProgress progress() const = 0;
    // Whether the grant (every grant, for a merged record) lets Kete read this type at all.
    virtual bool mayRead(QStringView resourceType) const = 0;
    // When what is shown was last brought up to date; invalid: nothing has been loaded.
    virtual QDateTime dataAsOf() const = 0;
    // Shown from a copy kept on this computer, not (yet) brought up to date in this run.
    virtual bool isShowingKeptCopy() const = 0;
    // "Loading… 3 pages, 412 results" / "Loaded 484 lab results, 22 conditions · 1 notice".
    virtual QString statusText() const = 0;
    // Where the record is read from: names where its per-record choices (pinned tests) are kept.
    virtual QString source() const = 0;

Q_SIGNALS:
    void patientChanged();
    void progressChanged(const kete::fhir::LoadProgress &progress);
    void loaded(const kete::fhir::RecordOutcome &outcome);
};

} // namespace kete::record
