#include "record/performerdirectory.h"

#include "common/logging.h"
#include "fhir/bundle.h"
#include "record/patientrecord.h"

namespace kete::record {

PerformerDirectory::PerformerDirectory(PatientRecord *record)
    : models::PerformerNames(record)
    , m_record(record)
{}

QString PerformerDirectory::nameFor(const QString &performer)
{
    if (!models::isPerformerReference(performer))
        return performer;
    if (const auto name = m_names.constFind(performer); name != m_names.cend())
        return *name;
    fetch(performer);
    return models::performerFallbackName(performer);
}

void PerformerDirectory::fetch(const QString &reference)
{
    const QString type = models::referenceType(reference);
    const QString id = models::referenceId(reference);
    const bool named =
        type == QLatin1String("Practitioner") || type == QLatin1String("Organization");
    // Only a relative reference is read: an absolute one may point anywhere but the FHIR base.
    if (m_asked.contains(reference) || !named || id.isEmpty() ||
        reference.contains(QLatin1Char(':')) || !m_record->mayRead(type) || !m_record->client())
        return;
    m_asked.insert(reference);
    ++m_readsStarted;
    fhir::FhirRequest *request = m_record->client()->read(type, id);
    connect(request, &fhir::FhirRequest::pageReceived, this,
            [this, reference](const fhir::BundlePage &page) {
                QStringList names;
                for (const fhir::Practitioner &p : page.practitioners)
                    names << p.displayName();
                for (const fhir::Organization &o : page.organizations)
                    names << o.name;
                names.removeAll(QString());
                if (!names.isEmpty()) {
                    m_names.insert(reference, names.constFirst());
                    Q_EMIT namesChanged();
                }
            });
    connect(request, &fhir::FhirRequest::finished, this,
            [this, reference](const fhir::RequestOutcome &outcome) {
                if (outcome.cancelled) // asked again when next shown
                    m_asked.remove(reference);
                else if (!outcome.ok())
                    qCInfo(lcFhir)
                        << "a performer's name could not be read:" << int(outcome.error->code);
            });
}

} // namespace kete::record
