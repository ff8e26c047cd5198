#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace kete::sandbox {

// Who can sign in to the sandbox: the people behind the synthetic records. Every demo account
// uses the one documented password below; these are made-up people, there is nothing to protect.
struct DemoPatient
{
    QString patientId;   // Patient resource id
    QString displayName; // "Amy Shaw"
    QString login;       // what to type on the sign-in page
};

struct DemoClinician
{
    QString practitionerId; // Practitioner resource id
    QString displayName;
    QString login;
};

struct DemoDirectory
{
    QList<DemoPatient> patients;
    QList<DemoClinician> clinicians;

    // The password of every demo account (documented in the README and on the sign-in page).
    static QString password();
    // Constant-time check of a typed password against password().
    static bool isDemoPassword(const QString &typed);

    std::optional<DemoPatient> patientByLogin(const QString &login) const;
    std::optional<DemoClinician> clinicianByLogin(const QString &login) const;
    std::optional<DemoPatient> patientById(const QString &patientId) const;

    // Adds the accounts of `other` whose ids and logins are not taken yet.
    void merge(const DemoDirectory &other);
};

} // namespace kete::sandbox
