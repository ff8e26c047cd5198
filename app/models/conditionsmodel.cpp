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
        m_members.clear();
        m_rowByGroup.clear();
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
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

QString ConditionsModel::groupKey(int position) const
{
    return m_grouping.keyFor ? m_grouping.keyFor(m_store->conditionAt(position).value) : QString();
}

int ConditionsModel::rowOfPosition(int position) const
{
    if (const qsizetype row = m_positions.indexOf(position); row >= 0)
        return int(row);
    if (!m_grouping.keyFor)
        return -1;
    for (qsizetype row = 0; row < m_members.size(); ++row) {
        if (m_members.at(row).contains(position))
            return int(row);
    }
    return -1;
}

void ConditionsModel::reindexGroups()
{
    m_rowByGroup.clear();
    for (int row = 0; row < int(m_positions.size()); ++row) {
        if (const QString key = groupKey(m_positions.at(row)); !key.isEmpty())
            m_rowByGroup.insert(key, row);
    }
}

void ConditionsModel::setGrouping(ConditionGrouping grouping)
{
    beginResetModel();
    m_grouping = std::move(grouping);
    m_positions.clear();
    m_members.clear();
    m_rowByGroup.clear();
    endResetModel();
    record::RecordChange known;
    for (int i = 0; i < m_store->conditionCount(); ++i)
        known.added.append(i);
    onConditionsChanged(known);
}

void ConditionsModel::onConditionsChanged(const record::RecordChange &change)
{
    const auto shown = [this](int position) {
        return !m_store->conditionAt(position).value.isHidden();
    };
    const auto rowChanged = [this](int row) {
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    };
    // Replaced: changed in place, gone when now entered in error, back at the end when no
    // longer. In a group, the next condition takes the place of one that goes.
    QList<int> returning;
    bool rowsRemoved = false;
    for (const int position : change.replaced) {
        const int row = rowOfPosition(position);
        if (row >= 0 && shown(position)) {
            rowChanged(row);
        } else if (row >= 0 && m_positions.at(row) != position) {
            m_members[row].removeOne(position);
            rowChanged(row);
        } else if (row >= 0 && !m_members.at(row).isEmpty()) {
            m_positions[row] = m_members[row].takeFirst();
            rowChanged(row);
        } else if (row >= 0) {
            beginRemoveRows({}, row, row);
            m_positions.removeAt(row);
            m_members.removeAt(row);
            endRemoveRows();
            rowsRemoved = true;
        } else if (shown(position)) {
            returning.append(position);
        }
    }
    if (rowsRemoved)
        reindexGroups();
    QList<int> fresh;
    QList<QList<int>> freshMembers;
    QHash<QString, int> freshByGroup;
    QList<int> grownRows;
    const auto place = [&](int position) {
        const QString key = groupKey(position);
        if (!key.isEmpty()) {
            if (const int row = m_rowByGroup.value(key, -1); row >= 0) {
                m_members[row].append(position);
                if (!grownRows.contains(row))
                    grownRows.append(row);
                return;
            }
            if (const int at = freshByGroup.value(key, -1); at >= 0) {
                freshMembers[at].append(position);
                return;
            }
            freshByGroup.insert(key, int(fresh.size()));
        }
        fresh.append(position);
        freshMembers.append(QList<int>());
    };
    for (const int position : std::as_const(returning))
        place(position);
    for (const int position : change.added) {
        if (shown(position))
            place(position);
    }
    for (const int row : std::as_const(grownRows))
        rowChanged(row);
    if (fresh.isEmpty())
        return;
    const int first = int(m_positions.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_positions.append(fresh);
    m_members.append(freshMembers);
    for (auto group = freshByGroup.cbegin(); group != freshByGroup.cend(); ++group)
        m_rowByGroup.insert(group.key(), first + group.value());
    endInsertRows();
}

QList<int> ConditionsModel::rowPositions(int row) const
{
    QList<int> positions{m_positions.at(row)};
    positions.append(m_members.at(row));
    return positions;
}

QStringList ConditionsModel::sources(int row) const
{
    if (!m_grouping.sourceName)
        return {};
    QStringList names;
    for (const int position : rowPositions(row)) {
        const QString name = m_grouping.sourceName(m_store->conditionAt(position).key);
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    return names;
}

bool ConditionsModel::statusDiffers(int row) const
{
    const fhir::ClinicalStatus first = condition(row).clinicalStatus;
    for (const int position : std::as_const(m_members.at(row))) {
        if (m_store->conditionAt(position).value.clinicalStatus != first)
            return true;
    }
    return false;
}

QString ConditionsModel::clinicalStatusText(int row) const
{
    if (!statusDiffers(row))
        return condition(row).clinicalStatusText();
    // Each status once, with the sources that say it: differing providers are shown, not
    // resolved silently.
    QStringList statuses;
    QHash<QString, QStringList> sourcesByStatus;
    for (const int position : rowPositions(row)) {
        const auto &entry = m_store->conditionAt(position);
        QString status = entry.value.clinicalStatusText();
        if (status.isEmpty())
            status = tr("No status");
        if (!statuses.contains(status))
            statuses.append(status);
        const QString name =
            m_grouping.sourceName ? m_grouping.sourceName(entry.key) : entry.key.source;
        if (!name.isEmpty() && !sourcesByStatus[status].contains(name))
            sourcesByStatus[status].append(name);
    }
    QStringList parts;
    for (const QString &status : std::as_const(statuses)) {
        const QStringList names = sourcesByStatus.value(status);
        parts << (names.isEmpty() ? status
                                  : tr("%1 (%2)").arg(status, names.join(QStringLiteral(", "))));
    }
    return parts.join(QStringLiteral(" · "));
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
    // The source column exists only when the rows can name their sources.
    return parent.isValid() ? 0 : showsSources() ? ColumnCount : SourceColumn;
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
            return clinicalStatusText(index.row());
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
        case SourceColumn:
            return sources(index.row()).join(QStringLiteral(", "));
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
        if (index.column() == SourceColumn ||
            (index.column() == ClinicalStatusColumn && statusDiffers(index.row())))
            return text(index.column()); // the column may cut a long list of providers
        if (index.column() != NameColumn)
            return {};
        QString codes = codesText(c);
        if (const QStringList names = sources(index.row()); !names.isEmpty())
            codes += (codes.isEmpty() ? QString() : QStringLiteral("\n")) +
                     tr("Listed by %1").arg(QLocale().createSeparatedList(names));
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
    case SourcesRole:
        return sources(index.row());
    case StatusDiffersRole:
        return statusDiffers(index.row());
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
    case SourceColumn:
        return tr("Listed by");
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
