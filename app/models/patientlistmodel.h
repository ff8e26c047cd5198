#pragma once

#include "fhir/patient.h"

#include <QAbstractTableModel>

namespace kete::models {

// Patients found by a search, or a clinician's recent patients: one row each with name, birth
// date, sex and identifier (the MRN when the server marks one). Appendable while pages arrive.
//
// Roles: Qt::DisplayRole (the column's text), Qt::AccessibleTextRole ("Amy Shaw, born 12/3/71,
// female, MRN 004"), PatientIdRole (QString), SortRole (QDate for birth dates, else the text).
class PatientListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PatientListModel)

public:
    enum Column
    {
        NameColumn,
        BirthDateColumn,
        SexColumn,
        IdentifierColumn,
        ColumnCount
    };
    enum Role
    {
        PatientIdRole = Qt::UserRole + 1,
        SortRole,
    };

    explicit PatientListModel(QObject *parent = nullptr);

    void addPatients(const QList<fhir::Patient> &patients);
    // Replaces a row with the same id (a recent patient whose name arrived), or appends it.
    void updatePatient(const fhir::Patient &patient);
    void clear();
    const fhir::Patient &patient(int row) const { return m_patients.at(row); }
    int rowForId(const QString &patientId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString sexText(fhir::Sex sex);
    // The MRN when an identifier is typed "MR", else the first identifier's value.
    static QString mainIdentifier(const fhir::Patient &patient);

private:
    QString text(const fhir::Patient &patient, int column) const;

    QList<fhir::Patient> m_patients;
};

} // namespace kete::models
