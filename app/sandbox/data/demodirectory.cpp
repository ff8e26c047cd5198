#include "sandbox/data/demodirectory.h"

#include "common/crypto.h"

#include <algorithm>

namespace kete::sandbox {

namespace {

template<typename List, typename Predicate>
auto findIn(const List &list, Predicate predicate) -> std::optional<typename List::value_type>
{
    const auto found = std::find_if(list.cbegin(), list.cend(), predicate);
    if (found == list.cend())
        return std::nullopt;
    return *found;
}

} // namespace

QString DemoDirectory::password()
{
    return QStringLiteral("demo");
}

bool DemoDirectory::isDemoPassword(const QString &typed)
{
    return crypto::constantTimeEquals(typed.toUtf8(), password().toUtf8());
}

std::optional<DemoPatient> DemoDirectory::patientByLogin(const QString &login) const
{
    return findIn(patients, [&](const DemoPatient &p) {
        return p.login.compare(login, Qt::CaseInsensitive) == 0;
    });
}

std::optional<DemoClinician> DemoDirectory::clinicianByLogin(const QString &login) const
{
    return findIn(clinicians, [&](const DemoClinician &c) {
        return c.login.compare(login, Qt::CaseInsensitive) == 0;
    });
}

std::optional<DemoPatient> DemoDirectory::patientById(const QString &patientId) const
{
    return findIn(patients, [&](const DemoPatient &p) { return p.patientId == patientId; });
}

void DemoDirectory::merge(const DemoDirectory &other)
{
    const auto loginTaken = [this](const QString &login) {
        return patientByLogin(login).has_value() || clinicianByLogin(login).has_value();
    };
    for (const DemoPatient &patient : other.patients) {
        if (!patientById(patient.patientId) && !loginTaken(patient.login))
            patients.append(patient);
    }
    for (const DemoClinician &clinician : other.clinicians) {
        const bool idTaken =
            std::any_of(clinicians.cbegin(), clinicians.cend(), [&](const auto &c) {
                return c.practitionerId == clinician.practitionerId;
            });
        if (!idTaken && !loginTaken(clinician.login))
            clinicians.append(clinician);
    }
}

} // namespace kete::sandbox
