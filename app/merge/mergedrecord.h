#pragma once

#include "fhir/patient.h"
#include "fhir/recordloader.h"
#include "merge/identitycheck.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "record/shownrecord.h"
#include "recordstore/recordstore.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <optional>

namespace kete::record {
class PatientRecord;
}

namespace kete::merge {

// One patient's record from several providers, merged on this computer. Follows any number of
// sources (a signed-in PatientRecord, or a RecordStore such as a kept copy) and keeps ONE
// RecordStore with all their entries: each entry's Provenance.source is its source's id, so keys
// never collide. The lab table and the conditions are views over it, one row per test and per
// condition across providers.
//
//   MergedRecord merged;
//   merged.addSource("gp", tr("Kete Family Practice"), gpRecord);
//   merged.addSource("hospital", tr("Kete City Hospital"), hospitalRecord);
//   -> patientChanged, progressChanged (per page of any source) -> loaded (all have finished)
//
// Incremental: a source's page is merged as it arrives (one batch per page, never a rebuild).
// The same result from two providers (same code — or the same analyte, unitconversions.h —
// same effective time, same value after unit conversion) is ONE entry listing every source
// (sourcesOf()). Conditions are kept per source; the conditions model puts one condition (SNOMED
// code, else ICD-10) in one row and shows differing statuses. removeSource() takes out only that
// source's entries (the views are reset once), as does a source's own reset (a complete reload).
//
// The same surface as PatientRecord for what a record view reads: patient(), hasPatient(),
// labTests(), conditions(), store(), partState(), isLoading(), progress(), dataAsOf(),
// isShowingKeptCopy(), mayRead(), statusText() and the signals patientChanged, progressChanged,
// loaded.
class MergedRecord final : public record::ShownRecord
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MergedRecord)

public:
    explicit MergedRecord(QObject *parent = nullptr);
    ~MergedRecord() override;

    // Follows `record` (which must outlive this or be removed first; one going away is
    // removed): what it holds now and every batch it brings. `id` names the source in keys and
    // provenance; `label` is what the user reads ("Kete Family Practice"). An id already
    // followed is replaced.
    void addSource(const QString &id, const QString &label, record::PatientRecord *record);
    // A store with nothing loading it (a kept copy, a test, the benchmark).
    void addSource(const QString &id, const QString &label, record::RecordStore *store);
    void removeSource(const QString &id);
    QStringList sourceIds() const;
    QString sourceLabel(const QString &id) const;
    int sourceCount() const { return int(m_sources.size()); }

    // Every source id that sent the entry at `key` (a key of store()), the holder's first.
    QStringList sourcesOf(const record::RecordKey &key) const;
    // The same as labels ("Kete Family Practice").
    QStringList sourceLabelsOf(const record::RecordKey &key) const;
    // Each source's Patient compared (identitycheck.h).
    IdentityCheck identityCheck() const;

    // What a record view reads, as PatientRecord has it.
    // The first source's Patient (in the order added) that has one.
    const fhir::Patient &patient() const override { return m_store->patient(); }
    record::RecordStore *store() const override { return m_store; }
    models::LabTestsModel *labTests() const override { return m_labTests; }
    models::ConditionsModel *conditions() const override { return m_conditions; }
    // The least finished of the sources': Loading while any loads; else Failed, Cancelled or
    // Loaded as the worst of those that were asked; NotAsked when none was.
    fhir::PartState partState(fhir::RecordPart part) const override;
    using ShownRecord::isLoading;
    bool isLoading() const override;
    // The sources' progress added up.
    fhir::LoadProgress progress() const override;
    // The oldest of the sources' times: everything shown is at least that recent. Invalid
    // while any source has loaded nothing.
    QDateTime dataAsOf() const override;
    // Some source shows its kept copy, not (yet) brought up to date.
    bool isShowingKeptCopy() const override;
    // Some source's grant lets Kete read the type.
    bool mayRead(QStringView resourceType) const override;
    // One line per source: "Kete Family Practice: Loaded 484 lab results, 22 conditions".
    QString statusText() const override;
    // The sources' ids together: where the pins of this combination would be kept.
    QString source() const override;
    // What the last loads ended with, together: an error only when every source failed;
    // each notice says its source. Kept up to date when sources are added or removed.
    const std::optional<fhir::RecordOutcome> &outcome() const { return m_outcome; }

    // How the merged lab table groups results: one row per analyte in convertible units
    // (unitconversions.h), else per code and unit (LabTestsModel::testKeyFor, units spelt as
    // UCUM has them).
    static QString testKeyFor(const fhir::Observation &observation);
    // One row per condition: "snomed|<code>", else "icd10|<code>", else none.
    static QString conditionKeyFor(const fhir::Condition &condition);
    // What makes two providers' results the same result: code (or analyte), effective time,
    // value (three significant digits in the analyte's first unit after conversion) and unit.
    // Empty: never a duplicate (no time, or nothing to compare).
    static QString duplicateKeyFor(const fhir::Observation &observation);

Q_SIGNALS:
    // loaded(): every source has finished loading (after any source's load).
    void sourcesChanged();

private:
    struct Source
    {
        QString id;
        QString label;
        QPointer<record::PatientRecord> record;
        QPointer<record::RecordStore> store;
        QList<QMetaObject::Connection> connections;
    };

    void follow(Source &source);
    Source *find(const QString &id);
    const Source *find(const QString &id) const;
    void takeObservations(const Source &source, const QList<int> &positions);
    void takeConditions(const Source &source, const QList<int> &positions);
    void takeReports(const Source &source, const QList<int> &positions);
    void takeEverything(const Source &source);
    void updatePatient();
    // Everything again from the sources (a source removed or reset): the views reset once.
    void rebuild();
    void onSourceLoaded(const QString &id);
    // The sources' last outcomes together (none while no source has finished a load).
    void updateOutcome();

    QList<Source> m_sources;
    record::RecordStore *m_store;
    models::LabTestsModel *m_labTests;
    models::ConditionsModel *m_conditions;
    // Per duplicate key: the entry that holds the result.
    QHash<QString, record::RecordKey> m_holderByDuplicateKey;
    // Per holder: the other sources that sent the same result.
    QHash<record::RecordKey, QStringList> m_alsoFrom;
    // Per source entry not kept because another source's holds it: that holder.
    QHash<record::RecordKey, record::RecordKey> m_duplicateOf;
    std::optional<fhir::RecordOutcome> m_outcome;
    QString m_patientSource;
    bool m_rebuilding = false;
};

} // namespace kete::merge
