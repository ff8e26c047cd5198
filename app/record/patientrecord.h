#pragma once

#include "fhir/fhirclient.h"
#include "fhir/patient.h"
#include "fhir/recordloader.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "record/shownrecord.h"
#include "recordstore/recordstore.h"

#include <QObject>
#include <QPointer>
#include <memory>
#include <optional>

namespace kete::record {

// One patient's record on one signed-in connection: owns the FHIR client (and keeps the token
// source alive), loads the record page by page into its RecordStore (the models the views show
// are views over it), and says in plain words how far it got. Dropping it cancels whatever is
// still loading.
//
//   PatientRecord record(tokens, fhirBase, patientId);
//   record.load();   -> patientChanged, progressChanged (per page, per part) -> loaded(outcome)
//   record.load();   again after a failure: what is shown stays, what is new is added
class PatientRecord final : public ShownRecord
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PatientRecord)

public:
    // An empty `patientId`: the grant is patient-level but the server named no patient; the
    // record finds it with `GET Patient` (the compartment holds exactly one).
    // `mayRead`: the resource types the grant covers (see RecordLoader::setReadableTypes).
    PatientRecord(std::shared_ptr<fhir::AccessTokenSource> tokens, const QUrl &fhirBase,
                  QString patientId, fhir::RecordLoader::TypeFilter mayRead = {},
                  fhir::FhirClientOptions options = {}, QObject *parent = nullptr);
    ~PatientRecord() override;

    void load();
    void cancel();
    // The next load() asks only for what changed after `since` where the server can say (the
    // record already holds the rest: a copy kept on this computer). Invalid: everything, and
    // after that complete load what the server no longer sent goes (it was deleted there).
    void setUpdatedSince(const QDateTime &since) { m_updatedSince = since; }
    // The connection's sign-in was renewed (a restore after starting offline): later requests
    // use `tokens`. Anything loading is cancelled.
    void setTokens(std::shared_ptr<fhir::AccessTokenSource> tokens);
    bool isLoading() const override;
    // Where one part of the record stands: Loading from load() (the patient lookup and the
    // CapabilityStatement included) until that part's search has ended, so that "latest" values
    // and empty lists can say they are not final yet. progressChanged() follows every change;
    // loaded() the last one. NotAsked before load() and for types the grant does not cover.
    fhir::PartState partState(fhir::RecordPart part) const override;
    using ShownRecord::isLoading;

    QString patientId() const { return m_patientId; }
    // Whether the grant lets Kete read this type at all.
    bool mayRead(QStringView resourceType) const override
    {
        return !m_mayRead || m_mayRead(resourceType);
    }
    const fhir::Patient &patient() const override { return m_store->patient(); }
    QDateTime loadedAt() const { return m_loadedAt; }
    // When the latest load() began (UTC): everything it fetched is no older.
    QDateTime loadStartedAt() const { return m_loadStartedAt; }
    // The record shown was read from the copy on this computer, brought up to date at `asOf`.
    void setKeptCopyAsOf(const QDateTime &asOf);
    // When what is shown was last brought up to date: the last complete load in this run, or
    // the kept copy's time. Invalid: nothing has been loaded.
    QDateTime dataAsOf() const override
    {
        return m_loadedAt.isValid() ? m_loadedAt : m_keptCopyAsOf;
    }
    // Shown from the kept copy, and not (yet) brought up to date in this run.
    bool isShowingKeptCopy() const override
    {
        return m_keptCopyAsOf.isValid() && !m_loadedAt.isValid();
    }

    // What has arrived, kept once per resource with where and when it was fetched.
    RecordStore *store() const override { return m_store; }
    // The store's source: the connection the record is read from (for now its FHIR base).
    QString source() const override { return m_source; }
    models::LabTestsModel *labTests() const override { return m_labTests; }
    models::ConditionsModel *conditions() const override { return m_conditions; }
    fhir::FhirClient *client() const { return m_client.get(); }

    fhir::LoadProgress progress() const override { return m_progress; }
    const std::optional<fhir::RecordOutcome> &outcome() const { return m_outcome; }
    // "Loading… 3 pages, 412 results" / "Loaded 484 lab results, 22 conditions · 1 notice".
    QString statusText() const override;

Q_SIGNALS:
    // The FHIR client was replaced (setTokens): watch the new one.
    void clientChanged(kete::fhir::FhirClient *client);

private:
    void findPatientThenLoad();
    void startLoader();
    void onLoaderFinished(const fhir::RecordOutcome &outcome);
    Provenance fetchedNow() const;
    bool loadedInFull() const;

    std::shared_ptr<fhir::AccessTokenSource> m_tokens;
    QUrl m_fhirBase;
    fhir::FhirClientOptions m_options;
    std::unique_ptr<fhir::FhirClient> m_client;
    QString m_patientId;
    fhir::RecordLoader::TypeFilter m_mayRead;
    QString m_source;
    RecordStore *m_store;
    models::LabTestsModel *m_labTests;
    models::ConditionsModel *m_conditions;
    QPointer<fhir::RecordLoader> m_loader;
    QPointer<fhir::FhirRequest> m_patientSearch;
    fhir::LoadProgress m_progress;
    std::optional<fhir::RecordOutcome> m_outcome;
    QDateTime m_loadedAt;
    QDateTime m_keptCopyAsOf;
    QDateTime m_updatedSince;
    QDateTime m_loadStartedAt;
    bool m_foundBySearch = false;
};

} // namespace kete::record
