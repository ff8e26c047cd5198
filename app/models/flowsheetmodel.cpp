#include "models/flowsheetmodel.h"

#include "labnames/labnames.h"
#include "models/labglance.h"
#include "models/labtestsmodel.h"

#include <QFont>
#include <QLocale>
#include <QTimer>
#include <algorithm>
#include <limits>

namespace kete::models {

using fhir::Observation;

FlowsheetModel::FlowsheetModel(LabTestsModel *tests, QObject *parent)
    : QAbstractTableModel(parent)
    , m_tests(tests)
{
    // Late pages, new tests, panels named by reports that came after their results.
    connect(tests, &QAbstractItemModel::rowsInserted, this, &FlowsheetModel::scheduleRebuild);
    connect(tests, &QAbstractItemModel::rowsRemoved, this, &FlowsheetModel::scheduleRebuild);
    // The store positions held go with a cleared store: nothing is shown until the rebuild.
    connect(tests, &QAbstractItemModel::modelAboutToBeReset, this, &FlowsheetModel::empty);
    connect(tests, &QAbstractItemModel::modelReset, this, &FlowsheetModel::scheduleRebuild);
    connect(tests, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (!m_panel.isEmpty()) { // a report may have named a panel member
                    scheduleRebuild();
                    return;
                }
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                    if (m_chosenKeys.contains(m_tests->testKey(row))) {
                        scheduleRebuild();
                        return;
                    }
                }
            });
}

FlowsheetModel::~FlowsheetModel() = default;

void FlowsheetModel::showPanel(const QString &panel)
{
    m_panel = panel;
    m_chosenKeys.clear();
    rebuild();
}

void FlowsheetModel::showTests(const QStringList &testKeys)
{
    m_panel.clear();
    m_chosenKeys = testKeys;
    rebuild();
}

QStringList FlowsheetModel::testKeys() const
{
    QStringList keys;
    for (const Row &row : m_rows)
        keys << row.key;
    return keys;
}

void FlowsheetModel::setDrawLimit(int limit)
{
    limit = std::max(1, limit);
    if (limit == m_drawLimit)
        return;
    const int before = columnCount();
    m_drawLimit = limit;
    const int after = columnCount();
    if (after > before) {
        beginInsertColumns({}, before, after - 1);
        endInsertColumns();
    } else if (after < before) {
        beginRemoveColumns({}, after, before - 1);
        endRemoveColumns();
    }
}

void FlowsheetModel::scheduleRebuild()
{
    if (m_rebuildPending)
        return;
    m_rebuildPending = true;
    QTimer::singleShot(0, this, [this] {
        if (m_rebuildPending)
            rebuild();
    });
}

void FlowsheetModel::empty()
{
    beginResetModel();
    m_rows.clear();
    m_draws.clear();
    m_drawPositions.clear();
    endResetModel();
}

void FlowsheetModel::rebuild()
{
    m_rebuildPending = false;
    beginResetModel();
    m_rows.clear();
    m_draws.clear();
    m_drawPositions.clear();
    QHash<qint64, int> draws; // time -> a result's position
    const auto addRow = [&](const QString &key, const LabTestsModel::ResultPositions &results) {
        if (results.positions.isEmpty() || !m_tests)
            return;
        const LatestLabResult latest = m_tests->latestResult(m_tests->rowForTestKey(key));
        Row row;
        row.key = key;
        row.name = latest.name.isEmpty() ? latest.observation.displayName() : latest.name;
        row.range = latest.rangeCell();
        row.unit = latest.observation.value.unitDisplay();
        row.unitAsSent = latest.observation.value.unitDisplay(fhir::UnitStyle::AsSent);
        row.loinc = latest.observation.loincCode();
        // A result without a time has no place in a draw.
        const auto timed = std::upper_bound(results.times.cbegin(), results.times.cend(),
                                            std::numeric_limits<qint64>::min()) -
                           results.times.cbegin();
        row.positions = results.positions.mid(timed);
        row.times = results.times.mid(timed);
        if (row.positions.isEmpty())
            return;
        for (qsizetype i = 0; i < row.times.size(); ++i)
            draws.insert(row.times.at(i), row.positions.at(i));
        m_rows.append(std::move(row));
    };
    if (m_tests) {
        if (!m_panel.isEmpty()) {
            for (int r = 0; r < m_tests->rowCount(); ++r) {
                const QString key = m_tests->testKey(r);
                addRow(key, m_tests->resultPositionsInPanel(key, m_panel));
            }
            std::sort(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) {
                return a.name.localeAwareCompare(b.name) < 0;
            });
        } else {
            for (const QString &key : std::as_const(m_chosenKeys))
                addRow(key, m_tests->resultPositions(key));
        }
    }
    m_draws = draws.keys();
    std::sort(m_draws.begin(), m_draws.end(), std::greater<>());
    m_drawPositions.reserve(m_draws.size());
    for (const qint64 time : std::as_const(m_draws))
        m_drawPositions.append(draws.value(time));
    endResetModel();
}

int FlowsheetModel::positionAt(int row, int column) const
{
    if (row < 0 || row >= m_rows.size() || column < 0 || column >= columnCount())
        return -1;
    const Row &r = m_rows.at(row);
    // The last of equal times: the last to arrive.
    const auto after = std::upper_bound(r.times.cbegin(), r.times.cend(), m_draws.at(column));
    if (after == r.times.cbegin() || *(after - 1) != m_draws.at(column))
        return -1;
    return r.positions.at(after - 1 - r.times.cbegin());
}

const Observation *FlowsheetModel::result(int row, int column) const
{
    const int position = positionAt(row, column);
    if (position < 0 || !m_tests || position >= m_tests->store()->observationCount())
        return nullptr;
    return &m_tests->store()->observationAt(position).value;
}

fhir::Interpretation FlowsheetModel::interpretation(int row, int column) const
{
    const Observation *observation = result(row, column);
    if (!observation)
        return {};
    QHash<int, fhir::Interpretation> &cache = m_rows.at(row).interpretations;
    const int position = positionAt(row, column);
    auto cached = cache.constFind(position);
    if (cached == cache.cend())
        cached = cache.insert(position, fhir::interpret(*observation, m_tests->patient()));
    return *cached;
}

QString FlowsheetModel::testName(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).name : QString();
}

QString FlowsheetModel::rangeText(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).range : QString();
}

QString FlowsheetModel::unitText(int row, fhir::UnitStyle style) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    return style == fhir::UnitStyle::AsSent ? m_rows.at(row).unitAsSent : m_rows.at(row).unit;
}

QString FlowsheetModel::loincCode(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).loinc : QString();
}

fhir::FhirDateTime FlowsheetModel::drawTime(int column) const
{
    if (column < 0 || column >= m_drawPositions.size() || !m_tests ||
        m_drawPositions.at(column) >= m_tests->store()->observationCount())
        return {};
    return m_tests->store()->observationAt(m_drawPositions.at(column)).value.when();
}

QString FlowsheetModel::valueText(const Observation &observation, const QLocale &locale)
{
    if (observation.value.kind == fhir::ObservationValue::Kind::Quantity) {
        fhir::Quantity number = observation.value.quantity;
        number.unit.clear();
        number.code.clear();
        return number.toDisplayString(locale).trimmed();
    }
    if (observation.value.isEmpty() && !observation.components.isEmpty()) {
        QStringList parts; // blood pressure: "120/80"
        for (const fhir::ObservationComponent &component : observation.components) {
            fhir::Quantity number = component.value.quantity;
            number.unit.clear();
            number.code.clear();
            parts << number.toDisplayString(locale).trimmed();
        }
        return parts.join(QLatin1Char('/'));
    }
    return observation.valueDisplayString(locale);
}

QString FlowsheetModel::flagText(const fhir::Interpretation &interpretation)
{
    const QString code = interpretation.flagCode();
    return interpretation.isCritical() ? code + QStringLiteral(" ‼") : code;
}

int FlowsheetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FlowsheetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : std::min(m_drawLimit, int(m_draws.size()));
}

QVariant FlowsheetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == TestKeyRole)
        return row.key;
    if (role == DrawTimeRole)
        return drawTime(index.column()).toDateTime();
    const Observation *result = this->result(index.row(), index.column());
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (!result) {
        if (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole)
            return tr("%1: no result in this draw").arg(row.name);
        return role == ObservationIdRole ? QVariant(QString()) : QVariant();
    }
    const Observation &o = *result;
    const fhir::Interpretation flag = interpretation(index.row(), index.column());
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole: {
        const QString value = valueText(o, locale);
        const QString code = flagText(flag);
        return code.isEmpty() ? value : value + QLatin1Char(' ') + code;
    }
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole: {
        QStringList parts{row.name, o.valueDisplayString(locale)};
        if (!flag.flagText().isEmpty())
            parts << (flag.computed ? tr("%1 (computed by Kete)").arg(flag.flagText())
                                    : flag.flagText());
        if (const fhir::ReferenceRange *range =
                fhir::selectReferenceRange(o.referenceRanges, m_tests->patient(), o.when().date()))
            parts << tr("normal range %1").arg(range->toDisplayString(locale));
        else
            parts << tr("no range from the lab");
        parts << o.when().toDisplayString(locale);
        if (const QString badge = o.statusBadge(); !badge.isEmpty())
            parts << badge;
        return parts.join(QStringLiteral(", "));
    }
    case Qt::DecorationRole:
        if (flag.isOutOfRange())
            return flagColor(flag);
        return {};
    case Qt::FontRole:
        if (flag.isCritical()) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case FlagRole:
        return int(flag.flag);
    case OutOfRangeRole:
        return flag.isOutOfRange();
    case CriticalRole:
        return flag.isCritical();
    case ObservationIdRole:
        return o.id;
    default:
        return {};
    }
}

QVariant FlowsheetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    const QLocale locale;
    if (orientation == Qt::Vertical && section >= 0 && section < m_rows.size()) {
        const Row &row = m_rows.at(section);
        switch (role) {
        case Qt::DisplayRole:
            if (row.range.isEmpty())
                return row.name;
            // Without a range the unit still says how to read the numbers.
            if (!row.unit.isEmpty() && !row.range.contains(row.unit))
                return tr("%1 (%2) · %3").arg(row.name, row.unit, row.range);
            return tr("%1 · %2").arg(row.name, row.range);
        case Qt::ToolTipRole: {
            const int testRow = m_tests ? m_tests->rowForTestKey(row.key) : -1;
            const QString technical =
                testRow >= 0 ? m_tests->latestResult(testRow).technicalName : QString();
            return technical.isEmpty() ? row.name : technical;
        }
        case TestKeyRole:
            return row.key;
        default:
            break;
        }
    }
    if (orientation == Qt::Horizontal && section >= 0 && section < columnCount()) {
        const fhir::FhirDateTime when = drawTime(section);
        switch (role) {
        case Qt::DisplayRole: {
            const QDateTime local = when.toDateTime().toLocalTime();
            if (when.precision() < fhir::FhirDateTime::Precision::Time)
                return when.toDisplayString(locale);
            QString time = locale.timeFormat(QLocale::ShortFormat);
            time.remove(QStringLiteral(":ss"));
            return QString(locale.toString(local.date(), QLocale::ShortFormat) + QLatin1Char('\n') +
                           locale.toString(local.time(), time));
        }
        case Qt::ToolTipRole:
            return when.toDisplayString(locale);
        case DrawTimeRole:
            return when.toDateTime();
        default:
            break;
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace kete::models
