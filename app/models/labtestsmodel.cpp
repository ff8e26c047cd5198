#include "models/labtestsmodel.h"

#include <QColor>
#include <QFont>
#include <QLocale>
#include <algorithm>
#include <limits>
#include <numeric>

namespace kete::models {

using fhir::Observation;

namespace {

// The sort key: comparing QDateTimes converts local times again on every comparison.
qint64 timeKey(const Observation &o)
{
    const QDateTime when = o.when().toDateTime();
    return when.isValid() ? when.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
}

QColor flagColor(const fhir::Interpretation &interpretation)
{
    switch (interpretation.flag) {
    case fhir::Flag::High:
    case fhir::Flag::Abnormal:
        return QColor(0xc6, 0x28, 0x28);
    case fhir::Flag::CriticalHigh:
    case fhir::Flag::CriticalLow:
    case fhir::Flag::CriticalAbnormal:
        return QColor(0x8e, 0x00, 0x00);
    case fhir::Flag::Low:
        return QColor(0x15, 0x65, 0xc0);
    default:
        return QColor();
    }
}

} // namespace

LabTestsModel::LabTestsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString LabTestsModel::testKeyFor(const Observation &observation)
{
    // Blood pressure panels under their current and legacy LOINC codes are one test.
    if (fhir::isBloodPressure(observation))
        return QStringLiteral("blood-pressure");
    return observation.codeKey() + QLatin1Char('#') + observation.value.unitKey();
}

void LabTestsModel::setPatient(const fhir::Patient &patient)
{
    m_patient = patient;
    for (Test &test : m_tests)
        test.latestInterpretation = fhir::interpret(latest(test), m_patient);
    if (!m_tests.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void LabTestsModel::appendResults(Test &test, const QList<Observation> &page)
{
    QList<qint64> times;
    times.reserve(page.size());
    for (qsizetype i = 0; i < page.size(); ++i) {
        const qint64 time = timeKey(page.at(i));
        times.append(time);
        if (test.count == 0 || time >= test.latestTime) {
            test.latestTime = time;
            test.latestResult = page.at(i);
        }
        ++test.count;
    }
    test.pendingPages.append(page); // shared, not copied
    test.pendingTimes.append(times);
}

void LabTestsModel::sortResults(const Test &test)
{
    if (test.pendingPages.isEmpty())
        return;
    // (page, index): page -1 is what is already sorted; arrival order is page order.
    QList<std::pair<int, int>> order;
    order.reserve(test.count);
    for (int i = 0; i < int(test.results.size()); ++i)
        order.append({-1, i});
    for (int p = 0; p < int(test.pendingPages.size()); ++p) {
        for (int i = 0; i < int(test.pendingPages.at(p).size()); ++i)
            order.append({p, i});
    }
    const auto timeOf = [&](const std::pair<int, int> &at) {
        return at.first < 0 ? test.times.at(at.second)
                            : test.pendingTimes.at(at.first).at(at.second);
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](const auto &a, const auto &b) { return timeOf(a) < timeOf(b); });
    QList<Observation> results;
    QList<qint64> times;
    results.reserve(order.size());
    times.reserve(order.size());
    for (const auto &at : std::as_const(order)) {
        times.append(timeOf(at));
        results.append(at.first < 0 ? std::move(test.results[at.second])
                                    : test.pendingPages.at(at.first).at(at.second));
    }
    test.results = std::move(results);
    test.times = std::move(times);
    test.pendingPages.clear();
    test.pendingTimes.clear();
}

void LabTestsModel::updatePanel(Test &test) const
{
    test.panel.clear();
    if (m_panelByObservationId.isEmpty())
        return;
    qint64 newest = std::numeric_limits<qint64>::min();
    bool found = false;
    const auto consider = [&](const Observation &o, qint64 time) {
        const auto panel = m_panelByObservationId.constFind(o.id);
        if (panel == m_panelByObservationId.cend() || (found && time < newest))
            return;
        test.panel = *panel;
        newest = time;
        found = true;
    };
    for (qsizetype i = 0; i < test.results.size(); ++i)
        consider(test.results.at(i), test.times.at(i));
    for (qsizetype p = 0; p < test.pendingPages.size(); ++p) {
        for (qsizetype i = 0; i < test.pendingPages.at(p).size(); ++i)
            consider(test.pendingPages.at(p).at(i), test.pendingTimes.at(p).at(i));
    }
}

void LabTestsModel::addObservations(const QList<Observation> &observations)
{
    // Grouped by test first, in the order the tests first appear.
    QHash<QString, QList<Observation>> arrived;
    QStringList keys;
    bool panelsChanged = false;
    for (const Observation &o : observations) {
        if (o.isHidden())
            continue;
        if (o.isPanel()) { // a grouper names its members' panel, like a DiagnosticReport
            for (const QString &id : o.memberIds)
                m_panelByObservationId.insert(id, o.displayName());
            panelsChanged = true;
            continue;
        }
        if (!o.id.isEmpty()) {
            if (m_seenIds.contains(o.id))
                continue;
            m_seenIds.insert(o.id);
        }
        const QString key = testKeyFor(o);
        auto group = arrived.find(key);
        if (group == arrived.end()) {
            group = arrived.insert(key, {});
            keys.append(key);
        }
        group->append(o);
    }
    if (panelsChanged) {
        for (Test &test : m_tests)
            updatePanel(test);
        if (!m_tests.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
    QList<Test> newTests;
    QList<int> changedRows;
    for (const QString &key : std::as_const(keys)) {
        const QList<Observation> results = arrived.value(key);
        Test *test = nullptr;
        if (const auto row = m_rowByKey.constFind(key); row != m_rowByKey.cend()) {
            test = &m_tests[*row];
            changedRows.append(*row);
        } else {
            newTests.append(Test{});
            test = &newTests.last();
            test->key = key;
        }
        appendResults(*test, results);
        updatePanel(*test);
    }
    for (const int row : std::as_const(changedRows)) {
        Test &test = m_tests[row];
        test.latestInterpretation = fhir::interpret(latest(test), m_patient);
        emitRowChanged(row);
    }
    if (newTests.isEmpty())
        return;
    const int first = int(m_tests.size());
    beginInsertRows({}, first, first + int(newTests.size()) - 1);
    for (Test &test : newTests) {
        test.latestInterpretation = fhir::interpret(latest(test), m_patient);
        m_rowByKey.insert(test.key, int(m_tests.size()));
        m_tests.append(std::move(test));
    }
    endInsertRows();
}

void LabTestsModel::addReports(const QList<fhir::DiagnosticReport> &reports)
{
    bool any = false;
    for (const fhir::DiagnosticReport &report : reports) {
        const QString panel = report.panelName();
        if (panel.isEmpty())
            continue;
        for (const QString &id : report.resultIds) {
            m_panelByObservationId.insert(id, panel);
            any = true;
        }
    }
    if (!any)
        return;
    for (Test &test : m_tests)
        updatePanel(test);
    if (!m_tests.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void LabTestsModel::clear()
{
    beginResetModel();
    m_patient = {};
    m_tests.clear();
    m_rowByKey.clear();
    m_seenIds.clear();
    m_panelByObservationId.clear();
    endResetModel();
}

QString LabTestsModel::testKey(int row) const
{
    return row >= 0 && row < m_tests.size() ? m_tests.at(row).key : QString();
}

int LabTestsModel::rowForTestKey(const QString &key) const
{
    return m_rowByKey.value(key, -1);
}

QList<Observation> LabTestsModel::observations(const QString &testKey) const
{
    const int row = rowForTestKey(testKey);
    if (row < 0)
        return {};
    sortResults(m_tests.at(row));
    return m_tests.at(row).results;
}

int LabTestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tests.size());
}

int LabTestsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LabTestsModel::panelFor(const Test &test) const
{
    return test.panel;
}

QString LabTestsModel::rangeTextFor(const Test &test) const
{
    const Observation &o = latest(test);
    const QLocale locale;
    if (o.value.isEmpty() && !o.components.isEmpty() && o.referenceRanges.isEmpty()) {
        // Blood pressure: each part's own range, "≤ 130 mm[Hg] / ≤ 85 mm[Hg]".
        QStringList parts;
        for (const fhir::ObservationComponent &c : o.components) {
            if (const fhir::ReferenceRange *range =
                    fhir::selectReferenceRange(c.referenceRanges, m_patient, o.when().date()))
                parts << range->toDisplayString(locale);
        }
        return parts.join(QStringLiteral(" / "));
    }
    const fhir::ReferenceRange *range =
        fhir::selectReferenceRange(o.referenceRanges, m_patient, o.when().date());
    return range ? range->toDisplayString(locale) : QString();
}

QString LabTestsModel::rangeCellFor(const Test &test) const
{
    if (const QString range = rangeTextFor(test); !range.isEmpty())
        return range;
    const Observation &o = latest(test);
    bool sentAny = !o.referenceRanges.isEmpty();
    for (const fhir::ObservationComponent &c : o.components)
        sentAny = sentAny || !c.referenceRanges.isEmpty();
    // Ranges for another sex or age do not apply; saying "none" would hide that the lab sent some.
    return sentAny ? tr("no range for this patient") : tr("no range from the lab");
}

void LabTestsModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QVariant LabTestsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Test &test = m_tests.at(index.row());
    const Observation &last = latest(test);
    const QLocale locale;
    const fhir::Interpretation &interpretation = test.latestInterpretation;

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return last.displayName();
        case ValueColumn:
            return last.valueDisplayString(locale);
        case RangeColumn:
            return rangeCellFor(test);
        case FlagColumn:
            return interpretation.flagText();
        case DateColumn:
            return last.when().toDisplayString(locale);
        case CountColumn:
            return locale.toString(qlonglong(test.count));
        case PanelColumn:
            return panelFor(test);
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == FlagColumn && interpretation.isOutOfRange())
            return flagColor(interpretation);
        return {};
    case Qt::FontRole:
        if (index.column() == RangeColumn && rangeTextFor(test).isEmpty()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == FlagColumn && !interpretation.explanation.isEmpty())
            return interpretation.explanation;
        if (index.column() == FlagColumn && !interpretation.senderText.isEmpty())
            return tr("Flagged by the lab: %1").arg(interpretation.senderText);
        // Long names ("Erythrocyte distribution width [Entitic volume] ...") are cut in the
        // table; the whole name is one hover away.
        if (index.column() == NameColumn || index.column() == PanelColumn)
            return data(index, Qt::DisplayRole);
        return {};
    case Qt::AccessibleTextRole: {
        QStringList parts{last.displayName(), last.valueDisplayString(locale)};
        if (!interpretation.flagText().isEmpty())
            parts << (interpretation.computed
                          ? tr("%1 (computed by Kete)").arg(interpretation.flagText())
                          : interpretation.flagText());
        parts << last.when().toDisplayString(locale);
        return parts.join(QStringLiteral(", "));
    }
    case TestKeyRole:
        return test.key;
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            return last.displayName().toCaseFolded();
        case ValueColumn:
            if (const auto v = last.value.numeric())
                return *v;
            return last.valueDisplayString(locale);
        case RangeColumn:
            return rangeTextFor(test);
        case FlagColumn:
            return int(interpretation.flag);
        case DateColumn:
            return last.when().toDateTime();
        case CountColumn:
            return int(test.count);
        case PanelColumn:
            return panelFor(test).toCaseFolded();
        }
        return {};
    case FlagRole:
        return int(interpretation.flag);
    case OutOfRangeRole:
        return interpretation.isOutOfRange();
    case ComputedFlagRole:
        return interpretation.computed;
    case LatestDateRole:
        return last.when().toDateTime();
    case PanelRole:
        return panelFor(test);
    case HasRangeRole:
        return !rangeTextFor(test).isEmpty();
    case StatusBadgeRole:
        return last.statusBadge();
    case SearchTextRole: {
        QStringList words{last.displayName(), panelFor(test)};
        for (const fhir::Coding &c : last.code.codings)
            words << c.code << c.display;
        return words.join(QLatin1Char(' '));
    }
    default:
        return {};
    }
}

QVariant LabTestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Test");
    case ValueColumn:
        return tr("Latest result");
    case RangeColumn:
        return tr("Normal range");
    case FlagColumn:
        return tr("Flag");
    case DateColumn:
        return tr("Date");
    case CountColumn:
        return tr("Results");
    case PanelColumn:
        return tr("Panel");
    }
    return {};
}

LabTestsProxyModel::LabTestsProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(LabTestsModel::SortRole);
    setDynamicSortFilter(true);
}

void LabTestsProxyModel::setSearchText(const QString &text)
{
    if (m_searchText == text)
        return;
    m_searchText = text;
    invalidateFilter();
}

void LabTestsProxyModel::setOutOfRangeOnly(bool only)
{
    if (m_outOfRangeOnly == only)
        return;
    m_outOfRangeOnly = only;
    invalidateFilter();
}

void LabTestsProxyModel::setGroupByPanel(bool group)
{
    if (m_groupByPanel == group)
        return;
    m_groupByPanel = group;
    invalidate();
}

bool LabTestsProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_outOfRangeOnly && !index.data(LabTestsModel::OutOfRangeRole).toBool())
        return false;
    const QString text = m_searchText.trimmed();
    if (text.isEmpty())
        return true;
    const QString haystack = index.data(LabTestsModel::SearchTextRole).toString();
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return std::all_of(words.cbegin(), words.cend(), [&](const QString &word) {
        return haystack.contains(word, Qt::CaseInsensitive);
    });
}

bool LabTestsProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_groupByPanel) {
        const QString a = left.data(LabTestsModel::PanelRole).toString();
        const QString b = right.data(LabTestsModel::PanelRole).toString();
        if (a != b) {
            // Grouping keeps its order whichever way the column sorts; no panel goes last.
            const bool aFirst = b.isEmpty() || (!a.isEmpty() && a.localeAwareCompare(b) < 0);
            return sortOrder() == Qt::AscendingOrder ? aFirst : !aFirst;
        }
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace kete::models
