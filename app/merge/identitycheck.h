#pragma once

#include "fhir/patient.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace kete::merge {

// One provider's Patient, with the name the user knows the provider by.
struct SourcePatient
{
    QString source; // the source's id
    QString label;  // "Kete Family Practice"
    fhir::Patient patient;
};

// What differs between two providers' Patients.
struct IdentityDifference
{
    enum class Field
    {
        Name,
        BirthDate,
        Sex
    };
    Field field = Field::Name;
    QString source; // the source that differs from the first one
    QString firstValue;
    QString otherValue;
    // "Name: Maria García (Kete Family Practice) · Mary Smith (Kete City Hospital)".
    QString text;
};

struct IdentityCheck
{
    QList<IdentityDifference> differences;

    bool mayNotBeSamePerson() const { return !differences.isEmpty(); }
    // "These records may not belong to the same person: …", one difference a line; empty when
    // nothing differs.
    QString message() const;
};

// Compares every source's Patient with the first one's: family names, first given names and
// birth dates (and sex, when both say). Case, accents, extra middle names, name order among the
// names a Patient has and a birth date given less precisely (a year only) are tolerated; what
// is missing on one side is not a difference. Fewer than two Patients: nothing differs.
IdentityCheck checkIdentity(const QList<SourcePatient> &patients);

// A name as compared: accents removed, case folded, punctuation as spaces, words single-spaced.
QString comparableName(const QString &name);

} // namespace kete::merge
