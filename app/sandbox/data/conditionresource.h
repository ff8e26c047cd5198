#pragma once

#include "sandbox/data/demopeople.h"

#include <QJsonObject>
#include <QString>

namespace kete::sandbox {

// The FHIR R4 Condition for one condition of a demo person: SNOMED CT (and ICD-10-CM where there
// is one) coding, statuses, category, onset/abatement as written in demo-people.json. `recorder`
// is a Practitioner reference, or empty for none. Shared by the GP's and the hospital's records so
// that both code a condition alike.
QJsonObject conditionResource(const people::ConditionSpec &spec, const QString &id,
                              const QString &patientId, const QJsonObject &recorder = {});

} // namespace kete::sandbox
