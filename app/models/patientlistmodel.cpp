#include "models/patientlistmodel.h"

#include <QLocale>

namespace kete::models {

PatientListModel::PatientListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PatientListModel::addPatients(const QList<fhir::Patient> &patients)
{
    QList<fhir::Patient> fresh;
    for (const fhir::Patient &patient : patients) {
        if (rowForId(patient.id) < 0)
            fresh.append(patient);
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, int(m_patients.size()), int(m_patients.size() + fresh.size() - 1));
    m_patients.append(fresh);
    endInsertRows();
}

void PatientListModel::updatePatient(const fhir::Patient &patient)
{
    const int row = rowForId(patient.id);
    if (row < 0) {
        addPatients({patient});
        return;
    }
    m_patients[row] = patient;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void PatientListModel::clear()
{
    beginResetModel();
    m_patients.clear();
    endResetModel();
}

int PatientListModel::rowForId(const QString &patientId) const
{
    for (int row = 0; row < m_patients.size(); ++row) {
        if (m_patients.at(row).id == patientId)
            return row;
    }
    return -1;
}

int PatientListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_patients.size());
}

int PatientListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PatientListModel::sexText(fhir::Sex sex)
{
    switch (sex) {
    case fhir::Sex::Female:
        return tr("Female");
    case fhir::Sex::Male:
        return tr("Male");
    case fhir::Sex::Other:
        return tr("Other");
    case fhir::Sex::Unknown:
        break;
    }
    return {};
}

QString PatientListModel::mainIdentifier(const fhir::Patient &patient)
{
    if (const QString mrn = patient.medicalRecordNumber(); !mrn.isEmpty())
        return mrn;
    return patient.identifiers.isEmpty() ? QString() : patient.identifiers.constFirst().value;
}

namespace {

// The day of death ("3/8/2020", "1990"), without the time; empty for deceasedBoolean.
QString deathDateText(const fhir::Patient &patient)
{
    if (!patient.deceased || !patient.deceased->isValid())
        return QString();
    const fhir::FhirDateTime &death = *patient.deceased;
    if (death.precision() == fhir::FhirDateTime::Precision::Time)
        return fhir::FhirDateTime::fromDate(death.date()).toDisplayString(QLocale());
    return death.toDisplayString(QLocale());
}

} // namespace

QString PatientListModel::text(const fhir::Patient &patient, int column) const
{
    switch (column) {
    case NameColumn:
        return patient.names.isEmpty() ? tr("Patient %1").arg(patient.id) : patient.displayName();
    case BirthDateColumn: {
        // Never an age or birth date alone for a patient who has died (issue 11 item 9).
        const QString born =
            patient.birthDate.isValid() ? patient.birthDate.toDisplayString(QLocale()) : QString();
        if (!patient.isDeceased())
            return born;
        const QString died = deathDateText(patient);
        const QString deceased = died.isEmpty() ? tr("deceased") : tr("deceased %1").arg(died);
        return born.isEmpty() ? deceased : tr("%1 (%2)").arg(born, deceased);
    }
    case SexColumn:
        return sexText(patient.sex);
    case IdentifierColumn:
        return mainIdentifier(patient);
    default:
        return {};
    }
}

QVariant PatientListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fhir::Patient &patient = m_patients.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return text(patient, index.column());
    case Qt::AccessibleTextRole: {
        QStringList parts{text(patient, NameColumn)};
        if (patient.birthDate.isValid())
            parts << tr("born %1").arg(patient.birthDate.toDisplayString(QLocale()));
        if (patient.isDeceased()) {
            const QString died = deathDateText(patient);
            parts << (died.isEmpty() ? tr("deceased") : tr("deceased %1").arg(died));
        }
        if (const QString sex = sexText(patient.sex); !sex.isEmpty())
            parts << sex;
        if (const QString id = mainIdentifier(patient); !id.isEmpty())
            parts << tr("identifier %1").arg(id);
        return parts.join(QStringLiteral(", "));
    }
    case PatientIdRole:
        return patient.id;
    case SortRole:
        if (index.column() == BirthDateColumn)
            return patient.birthDate.toDateTime();
        return text(patient, index.column());
    default:
        return {};
    }
}

QVariant PatientListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case BirthDateColumn:
        return tr("Born");
    case SexColumn:
        return tr("Sex");
    case IdentifierColumn:
        return tr("Identifier");
    default:
        return {};
    }
}

} // namespace kete::models
