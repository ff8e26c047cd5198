#include "models/conditionsmodel.h"

#include <QDateTime>
#include <QLocale>

namespace kete::models {

using fhir::Condition;

ConditionsModel::ConditionsModel(record::RecordStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connectStore();
}

ConditionsModel::ConditionsModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(new record::RecordStore(this))
{
    connectStore();
}

void ConditionsModel::connectStore()
{
    using record::RecordStore;
    connect(m_store, &RecordStore::conditionsChanged, this, &ConditionsModel::onConditionsChanged);
    connect(m_store, &RecordStore::patientChanged, this, &ConditionsModel::onPatientChanged);
    connect(m_store, &RecordStore::aboutToClear, this, [this] { beginResetModel(); });
    connect(m_store, &RecordStore::cleared, this, [this] {
        m_positions.clear();
        endResetModel();
    });
    record::RecordChange known;
    for (int i = 0; i < m_store->conditionCount(); ++i)
        known.added.append(i);
    onConditionsChanged(known);
}

void ConditionsModel::setPatient(const fhir::Patient &patient)
{
    m_store->putPatient(patient, {});
}

void ConditionsModel::addConditions(const QList<Condition> &conditions)
{
    m_store->putConditions(conditions, {});
}

void ConditionsModel::clear()
{
    m_store->clear();
}

void ConditionsModel::onPatientChanged()
{
    if (!m_positions.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ConditionsModel::onConditionsChanged(const record::RecordChange &change)
{
    const auto shown = [this](int position) {
        return !m_store->conditionAt(position).value.isHidden();
    };
    // Replaced: changed in place, gone when now entered in error, back at the end when no
    // longer.
    QList<int> returning;
    for (const int position : change.replaced) {
        const int row = int(m_positions.indexOf(position));
        if (row >= 0 && shown(position)) {
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else if (row >= 0) {
            beginRemoveRows({}, row, row);
            m_positions.removeAt(row);
            endRemoveRows();
        } else if (shown(position)) {
            returning.append(position);
        }
    }
    QList<int> fresh = returning;
    for (const int position : change.added) {
        if (shown(position))
            fresh.append(position);
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_positions.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_positions.append(fresh);
    endInsertRows();
}

QString ConditionsModel::codesText(const Condition &c)
{
    QStringList codes;
    if (const QString snomed = c.snomedCode(); !snomed.isEmpty())
        codes << tr("SNOMED CT %1").arg(snomed);
    if (const QString icd = c.icd10Code(); !icd.isEmpty())
        codes << tr("ICD-10 %1").arg(icd);
    if (!c.severity.isEmpty())
        codes << tr("Severity: %1").arg(c.severity.displayText());
    return codes.join(QStringLiteral(", "));
}

QString ConditionsModel::accessibleText(const Condition &c)
{
    const QLocale locale;
    QStringList parts{c.displayName()};
    if (!c.clinicalStatusText().isEmpty())
        parts << c.clinicalStatusText();
    if (const QString since = sinceText(c, locale); !since.isEmpty())
        parts << since;
    if (!c.abatement.isEmpty())
        parts << tr("resolved %1").arg(timeText(c.abatement, locale));
    return parts.join(QStringLiteral(", "));
}

namespace {

// A day's date without its clock time: an onset is a day in someone's life, not a timestamp.
QString dateOnly(const fhir::FhirDateTime &when, const QLocale &locale)
{
    if (when.precision() == fhir::FhirDateTime::Precision::Time)
        return locale.toString(when.toDateTime().toLocalTime().date(), QLocale::ShortFormat);
    return when.toDisplayString(locale);
}

} // namespace

QString ConditionsModel::timeText(const fhir::ConditionTime &time, const QLocale &locale)
{
    using Kind = fhir::ConditionTime::Kind;
    switch (time.kind) {
    case Kind::DateTime:
        return dateOnly(time.start, locale);
    case Kind::Period:
        if (time.start.isValid() && time.end.isValid())
            return dateOnly(time.start, locale) + QStringLiteral(" – ") +
                   dateOnly(time.end, locale);
        return time.start.isValid() ? dateOnly(time.start, locale) : dateOnly(time.end, locale);
    default:
        return time.toDisplayString(locale);
    }
}

QString ConditionsModel::sinceText(const Condition &c, const QLocale &locale)
{
    using Kind = fhir::ConditionTime::Kind;
    switch (c.onset.kind) {
    case Kind::None:
        return QString();
    case Kind::DateTime:
    case Kind::Period:
        return tr("since %1")
            .arg(dateOnly(c.onset.start.isValid() ? c.onset.start : c.onset.end, locale));
    case Kind::Age:
        // "at age 45" → "since age 45"
        return c.onset.age ? tr("since age %1").arg(fhir::ageText(*c.onset.age, locale))
                           : QString();
    case Kind::Range:
    case Kind::String:
        return c.onset.toDisplayString(locale);
    }
    return QString();
}

int ConditionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_positions.size());
}

int ConditionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConditionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Condition &c = condition(index.row());
    const QLocale locale;
    const auto text = [&](int column) -> QString {
        switch (column) {
        case NameColumn:
            return c.displayName();
        case ClinicalStatusColumn:
            return c.clinicalStatusText();
        case VerificationColumn:
            return c.verificationStatusText();
        case CategoryColumn:
            return c.categoryText();
        case OnsetColumn:
            return timeText(c.onset, locale);
        case ResolvedColumn:
            return timeText(c.abatement, locale);
        case RecordedColumn:
            return c.recordedDate.toDisplayString(locale);
        }
        return QString();
    };
    switch (role) {
    case Qt::DisplayRole:
        return text(index.column());
    case Qt::ToolTipRole: {
        if (index.column() == OnsetColumn || index.column() == ResolvedColumn) {
            const fhir::ConditionTime &time = index.column() == OnsetColumn ? c.onset : c.abatement;
            const QString full = time.toDisplayString(locale);
            return full == text(index.column()) ? QVariant() : QVariant(full);
        }
        if (index.column() != NameColumn)
            return {};
        const QString codes = codesText(c);
        return codes.isEmpty() ? QVariant() : QVariant(codes);
    }
    case Qt::AccessibleTextRole:
        return accessibleText(c);
    case SortRole:
        switch (index.column()) {
        case OnsetColumn:
            return c.onset.sortKey(patient().birthDate.date());
        case ResolvedColumn:
            return c.abatement.sortKey(patient().birthDate.date());
        case RecordedColumn:
            return c.recordedDate.toDateTime();
        default:
            return text(index.column()).toCaseFolded();
        }
    case ActiveRole:
        return c.isActive();
    case ResolvedRole:
        return c.isResolved();
    case RemissionRole:
        return c.isInRemission();
    case CategoryRole:
        return int(c.category);
    case ConditionIdRole:
        return c.id;
    default:
        return {};
    }
}

QVariant ConditionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Condition");
    case ClinicalStatusColumn:
        return tr("Status");
    case VerificationColumn:
        return tr("Verification");
    case CategoryColumn:
        return tr("Category");
    case OnsetColumn:
        return tr("Onset");
    case ResolvedColumn:
        return tr("Resolved");
    case RecordedColumn:
        return tr("Recorded");
    }
    return {};
}

ConditionsProxyModel::ConditionsProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ConditionsModel::SortRole);
    setDynamicSortFilter(true);
}

void ConditionsProxyModel::setStatusFilter(StatusFilter filter)
{
    if (m_status == filter)
        return;
    m_status = filter;
    invalidateFilter();
}

void ConditionsProxyModel::setCategoryFilter(CategoryFilter filter)
{
    if (m_category == filter)
        return;
    m_category = filter;
    invalidateFilter();
}

bool ConditionsProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_status == StatusFilter::Active && !index.data(ConditionsModel::ActiveRole).toBool())
        return false;
    if (m_status == StatusFilter::Resolved && !index.data(ConditionsModel::ResolvedRole).toBool())
        return false;
    if (m_status == StatusFilter::InRemission &&
        !index.data(ConditionsModel::RemissionRole).toBool())
        return false;
    const auto category =
        fhir::ConditionCategory(index.data(ConditionsModel::CategoryRole).toInt());
    if (m_category == CategoryFilter::ProblemList &&
        category == fhir::ConditionCategory::EncounterDiagnosis)
        return false;
    if (m_category == CategoryFilter::EncounterDiagnoses &&
        category != fhir::ConditionCategory::EncounterDiagnosis)
        return false;
    return true;
}

bool ConditionsProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const bool a = left.data(ConditionsModel::ActiveRole).toBool();
    const bool b = right.data(ConditionsModel::ActiveRole).toBool();
    if (a != b) // active first, whichever way the column sorts
        return sortOrder() == Qt::AscendingOrder ? a : b;
    const int column = left.column();
    if (column != ConditionsModel::OnsetColumn && column != ConditionsModel::ResolvedColumn &&
        column != ConditionsModel::RecordedColumn)
        return QSortFilterProxyModel::lessThan(left, right);
    // A time column: rows without a time ("in her teens", no onset) after every dated row,
    // whichever way the column sorts; among themselves by recorded date, then by text.
    const QDateTime l = left.data(ConditionsModel::SortRole).toDateTime();
    const QDateTime r = right.data(ConditionsModel::SortRole).toDateTime();
    if (l.isValid() != r.isValid())
        return sortOrder() == Qt::AscendingOrder ? l.isValid() : r.isValid();
    if (l.isValid())
        return l < r;
    const auto recorded = [](const QModelIndex &index) {
        return index.siblingAtColumn(ConditionsModel::RecordedColumn)
            .data(ConditionsModel::SortRole)
            .toDateTime();
    };
    const QDateTime lr = recorded(left);
    const QDateTime rr = recorded(right);
    if (lr.isValid() != rr.isValid())
        return sortOrder() == Qt::AscendingOrder ? lr.isValid() : rr.isValid();
    if (lr != rr)
        return lr < rr;
    return left.data().toString().localeAwareCompare(right.data().toString()) < 0;
}

} // namespace kete::models
