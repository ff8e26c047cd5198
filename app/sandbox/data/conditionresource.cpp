#include "sandbox/data/conditionresource.h"

#include "sandbox/data/fhirjson.h"

#include <QTimeZone>

namespace kete::sandbox {

QJsonObject conditionResource(const people::ConditionSpec &spec, const QString &id,
                              const QString &patientId, const QJsonObject &recorder)
{
    namespace sys = fhirjson::system;
    using fhirjson::codeableConcept;
    QJsonArray codings{fhirjson::coding(sys::snomed, spec.snomed, spec.snomedDisplay)};
    if (!spec.icd10.isEmpty())
        codings.append(fhirjson::coding(sys::icd10cm, spec.icd10, spec.icd10Display));
    const QDateTime recorded(spec.recorded, QTime(9, 0), QTimeZone::utc());
    QJsonObject condition{
        {QStringLiteral("resourceType"), QStringLiteral("Condition")},
        {QStringLiteral("id"), id},
        {QStringLiteral("meta"), fhirjson::meta(recorded)},
        {QStringLiteral("verificationStatus"),
         codeableConcept(sys::conditionVerification, spec.verificationStatus)},
        {QStringLiteral("category"),
         QJsonArray{codeableConcept(sys::conditionCategory, spec.category)}},
        {QStringLiteral("code"),
         codeableConcept(codings, QString(spec.snomedDisplay)
                                      .remove(QStringLiteral(" (disorder)"))
                                      .remove(QStringLiteral(" (finding)")))},
        {QStringLiteral("subject"), fhirjson::reference(QStringLiteral("Patient"), patientId)},
        {QStringLiteral("recordedDate"), spec.recorded.toString(Qt::ISODate)}};
    if (!recorder.isEmpty())
        condition.insert(QStringLiteral("recorder"), recorder);
    if (!spec.clinicalStatus.isEmpty()) {
        condition.insert(QStringLiteral("clinicalStatus"),
                         codeableConcept(sys::conditionClinical, spec.clinicalStatus));
    }
    if (!spec.onsetKey.isEmpty())
        condition.insert(spec.onsetKey, spec.onset);
    if (!spec.abatementKey.isEmpty())
        condition.insert(spec.abatementKey, spec.abatement);
    return condition;
}

} // namespace kete::sandbox
