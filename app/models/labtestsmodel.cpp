#include "models/labtestsmodel.h"

#include "labnames/labnames.h"
#include "models/csvexport.h"

#include <QColor>
#include <QFont>
#include <QLocale>
#include <QSet>
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

} // namespace

LabTestsModel::LabTestsModel(record::RecordStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connectStore();
}

LabTestsModel::LabTestsModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(new record::RecordStore(this))
{
    connectStore();
}

void LabTestsModel::connectStore()
{
    using record::RecordStore;
    connect(m_store, &RecordStore::observationsChanged, this,
            &LabTestsModel::onObservationsChanged);
    connect(m_store, &RecordStore::reportsChanged, this, &LabTestsModel::onReportsChanged);
    connect(m_store, &RecordStore::patientChanged, this, &LabTestsModel::onPatientChanged);
    connect(m_store, &RecordStore::aboutToClear, this, &LabTestsModel::onAboutToClear);
    connect(m_store, &RecordStore::cleared, this, &LabTestsModel::onCleared);
    if (m_store->reportCount() > 0) {
        record::RecordChange reports;
        for (int i = 0; i < m_store->reportCount(); ++i)
            reports.added.append(i);
        onReportsChanged(reports);
    }
    if (m_store->observationCount() > 0) {
        record::RecordChange observations;
        for (int i = 0; i < m_store->observationCount(); ++i)
            observations.added.append(i);
        onObservationsChanged(observations);
    }
}

QString LabTestsModel::testKeyFor(const Observation &observation)
{
    // Blood pressure panels under their current and legacy LOINC codes are one test.
    if (fhir::isBloodPressure(observation))
        return QStringLiteral("blood-pressure");
    return observation.codeKey() + QLatin1Char('#') + observation.value.unitKey();
}

QString LabTestsModel::keyOf(const Observation &observation) const
{
    return m_grouping.keyFor ? m_grouping.keyFor(observation) : testKeyFor(observation);
}

void LabTestsModel::setGrouping(TestGrouping grouping)
{
    beginResetModel();
    m_grouping = std::move(grouping);
    m_tests.clear();
    m_rowByKey.clear();
    m_rowByPosition.clear();
    m_shownResults = 0;
    endResetModel();
    if (m_store->observationCount() > 0) {
        record::RecordChange observations;
        for (int i = 0; i < m_store->observationCount(); ++i)
            observations.added.append(i);
        onObservationsChanged(observations);
    }
}

void LabTestsModel::setPreferredUnit(const QString &testKey, const QString &unit)
{
    if (unit.isEmpty())
        m_preferredUnits.remove(testKey);
    else
        m_preferredUnits.insert(testKey, unit);
    if (const int row = rowForTestKey(testKey); row >= 0)
        emitRowChanged(row);
}

DisplayUnit LabTestsModel::displayUnit(const QString &testKey) const
{
    const int row = rowForTestKey(testKey);
    if (row < 0 || !m_grouping.valueIn)
        return {};
    const QString preferred = m_preferredUnits.value(testKey);
    return {preferred.isEmpty() ? latest(m_tests.at(row)).value.unitKey() : preferred,
            m_grouping.valueIn};
}

QStringList LabTestsModel::sourcesAt(int position) const
{
    if (!m_grouping.sourcesOf || position < 0 || position >= m_store->observationCount())
        return {};
    return m_grouping.sourcesOf(m_store->observationAt(position).key);
}

QStringList LabTestsModel::sourcesOf(const Test &test) const
{
    if (!m_grouping.sourcesOf)
        return {};
    if (test.sources)
        return *test.sources;
    QStringList names;
    const auto add = [&](int position) {
        for (const QString &name : sourcesAt(position)) {
            if (!names.contains(name))
                names.append(name);
        }
    };
    for (const int position : std::as_const(test.results))
        add(position);
    for (const int position : std::as_const(test.pending))
        add(position);
    test.sources = names;
    return names;
}

void LabTestsModel::sourcesChanged(const QList<int> &positions)
{
    QList<int> rows;
    for (const int position : positions) {
        const int row =
            position >= 0 && position < m_rowByPosition.size() ? m_rowByPosition.at(position) : -1;
        if (row >= 0 && !rows.contains(row))
            rows.append(row);
    }
    for (const int row : std::as_const(rows)) {
        m_tests[row].sources.reset();
        emitRowChanged(row);
    }
}

QStringList LabTestsModel::sources(const QString &testKey) const
{
    const int row = rowForTestKey(testKey);
    return row < 0 ? QStringList() : sourcesOf(m_tests.at(row));
}

void LabTestsModel::setPatient(const fhir::Patient &patient)
{
    m_store->putPatient(patient, {});
}

void LabTestsModel::addObservations(const QList<Observation> &observations)
{
    m_store->putObservations(observations, {});
}

void LabTestsModel::addReports(const QList<fhir::DiagnosticReport> &reports)
{
    m_store->putReports(reports, {});
}

void LabTestsModel::clear()
{
    m_store->clear();
}

const fhir::Patient &LabTestsModel::patient() const
{
    return m_store->patient();
}

const Observation &LabTestsModel::observationAt(int position) const
{
    return m_store->observationAt(position).value;
}

void LabTestsModel::onPatientChanged()
{
    for (Test &test : m_tests) {
        test.latestInterpretation = fhir::interpret(latest(test), patient());
        test.lastOutOfRange.reset();
    }
    if (!m_tests.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void LabTestsModel::onAboutToClear()
{
    beginResetModel();
}

void LabTestsModel::onCleared()
{
    m_tests.clear();
    m_rowByKey.clear();
    m_rowByPosition.clear();
    m_shownResults = 0;
    m_panelByObservationId.clear();
    endResetModel();
}

void LabTestsModel::appendResults(Test &test, const QList<int> &positions) const
{
    for (const int position : positions) {
        const qint64 time = timeKey(observationAt(position));
        if (test.count() == 0 || time >= test.latestTime) {
            test.latestTime = time;
            test.latest = position;
        }
        test.pending.append(position);
        test.pendingTimes.append(time);
    }
}

void LabTestsModel::sortResults(const Test &test)
{
    if (test.pending.isEmpty())
        return;
    QList<int> order(test.pending.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return test.pendingTimes.at(a) < test.pendingTimes.at(b);
    });
    // What is sorted arrived first: on equal times it stays in front.
    QList<int> results;
    QList<qint64> times;
    results.reserve(test.count());
    times.reserve(test.count());
    qsizetype i = 0;
    for (const int p : std::as_const(order)) {
        const qint64 time = test.pendingTimes.at(p);
        for (; i < test.results.size() && test.times.at(i) <= time; ++i) {
            results.append(test.results.at(i));
            times.append(test.times.at(i));
        }
        results.append(test.pending.at(p));
        times.append(time);
    }
    for (; i < test.results.size(); ++i) {
        results.append(test.results.at(i));
        times.append(test.times.at(i));
    }
    test.results = std::move(results);
    test.times = std::move(times);
    test.pending.clear();
    test.pendingTimes.clear();
}

void LabTestsModel::findLatest(Test &test) const
{
    test.latest = -1;
    const auto consider = [&](int position, qint64 time) {
        if (test.latest < 0 || time >= test.latestTime) {
            test.latest = position;
            test.latestTime = time;
        }
    };
    for (qsizetype i = 0; i < test.results.size(); ++i)
        consider(test.results.at(i), test.times.at(i));
    for (qsizetype i = 0; i < test.pending.size(); ++i)
        consider(test.pending.at(i), test.pendingTimes.at(i));
}

void LabTestsModel::updatePanel(Test &test) const
{
    test.panel.clear();
    if (m_panelByObservationId.isEmpty())
        return;
    for (qsizetype i = 0; i < test.results.size(); ++i)
        considerForPanel(test, test.results.at(i), test.times.at(i));
    for (qsizetype i = 0; i < test.pending.size(); ++i)
        considerForPanel(test, test.pending.at(i), test.pendingTimes.at(i));
}

void LabTestsModel::considerForPanel(Test &test, int position, qint64 time) const
{
    const auto panel = m_panelByObservationId.constFind(observationAt(position).id);
    if (panel == m_panelByObservationId.cend() || (!test.panel.isEmpty() && time < test.panelTime))
        return;
    test.panel = *panel;
    test.panelTime = time;
}

bool LabTestsModel::addPanelMembers(const QString &source, const QStringList &ids,
                                    const QString &panel, QSet<int> &changedRows)
{
    bool kept = true;
    for (const QString &id : ids) {
        const auto known = m_panelByObservationId.constFind(id);
        if (known != m_panelByObservationId.cend()) {
            kept = kept && *known == panel;
            continue;
        }
        m_panelByObservationId.insert(id, panel);
        const int position =
            m_store->positionOf(record::RecordKey{source, QStringLiteral("Observation"), id});
        if (position < 0 || position >= m_rowByPosition.size())
            continue;
        if (const int row = m_rowByPosition.at(position); row >= 0) {
            considerForPanel(m_tests[row], position, timeKey(observationAt(position)));
            changedRows.insert(row);
        }
    }
    if (!kept) {
        for (const QString &id : ids)
            m_panelByObservationId.insert(id, panel);
    }
    return kept;
}

void LabTestsModel::updateAllPanels()
{
    for (Test &test : m_tests)
        updatePanel(test);
    if (!m_tests.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

// Takes a replaced result out of the test it was in; a test left empty is noted for removal.
void LabTestsModel::takeOut(int position, QList<int> &emptiedRows)
{
    const int row = m_rowByPosition.at(position);
    if (row < 0)
        return;
    m_rowByPosition[position] = -1;
    --m_shownResults;
    Test &test = m_tests[row];
    const auto erase = [position](QList<int> &positions, QList<qint64> &times) {
        const qsizetype at = positions.indexOf(position);
        if (at < 0)
            return false;
        positions.removeAt(at);
        times.removeAt(at);
        return true;
    };
    if (!erase(test.pending, test.pendingTimes))
        erase(test.results, test.times);
    if (test.count() == 0)
        emptiedRows.append(row);
    else
        findLatest(test);
}

void LabTestsModel::removeRowsAt(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    QStringList keyByOldRow;
    for (const Test &test : std::as_const(m_tests))
        keyByOldRow.append(test.key);
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (const int row : std::as_const(rows)) {
        beginRemoveRows({}, row, row);
        m_tests.removeAt(row);
        endRemoveRows();
    }
    m_rowByKey.clear();
    for (int row = 0; row < int(m_tests.size()); ++row)
        m_rowByKey.insert(m_tests.at(row).key, row);
    for (int &row : m_rowByPosition) {
        if (row >= 0)
            row = m_rowByKey.value(keyByOldRow.at(row), -1);
    }
}

void LabTestsModel::onObservationsChanged(const record::RecordChange &change)
{
    m_rowByPosition.resize(m_store->observationCount(), -1);
    // What was replaced leaves its test first, and is then placed like what is new.
    QList<int> emptiedRows;
    QList<int> touchedRows;
    for (const int position : change.replaced) {
        if (const int row = m_rowByPosition.at(position); row >= 0)
            touchedRows.append(row);
        takeOut(position, emptiedRows);
    }
    // Rows emptied and removed below are not changed rows.
    for (const int row : std::as_const(emptiedRows))
        touchedRows.removeAll(row);
    QList<int> arrivedPositions = change.replaced;
    arrivedPositions.append(change.added);

    // Grouped by test first, in the order the tests first appear.
    QHash<QString, QList<int>> arrived;
    QStringList keys;
    bool panelsChanged = false;
    QSet<int> panelRows;
    for (const int position : std::as_const(arrivedPositions)) {
        const Observation &o = observationAt(position);
        if (o.isHidden())
            continue;
        if (o.isPanel()) { // a grouper names its members' panel, like a DiagnosticReport
            panelsChanged = !addPanelMembers(m_store->observationAt(position).key.source,
                                             o.memberIds, o.displayName(), panelRows) ||
                            panelsChanged;
            continue;
        }
        const QString key = keyOf(o);
        auto group = arrived.find(key);
        if (group == arrived.end()) {
            group = arrived.insert(key, {});
            keys.append(key);
        }
        group->append(position);
    }
    // Emptied tests that get results again stay; the others go.
    for (qsizetype i = emptiedRows.size() - 1; i >= 0; --i) {
        if (arrived.contains(m_tests.at(emptiedRows.at(i)).key)) {
            touchedRows.append(emptiedRows.at(i));
            emptiedRows.removeAt(i);
        }
    }
    QList<int> changedRows;
    QList<Test> newTests;
    for (const QString &key : std::as_const(keys)) {
        const QList<int> positions = arrived.value(key);
        Test *test = nullptr;
        if (const auto row = m_rowByKey.constFind(key); row != m_rowByKey.cend()) {
            test = &m_tests[*row];
            changedRows.append(*row);
        } else {
            newTests.append(Test{});
            test = &newTests.last();
            test->key = key;
        }
        appendResults(*test, positions);
        m_shownResults += int(positions.size());
    }
    for (const int row : std::as_const(touchedRows)) {
        if (!changedRows.contains(row))
            changedRows.append(row);
    }
    for (const int row : std::as_const(panelRows)) {
        if (!changedRows.contains(row) && !emptiedRows.contains(row))
            changedRows.append(row);
    }
    // Rows go before rows are told about: positions of the tests are written after removal.
    removeRowsAt(emptiedRows);
    if (!emptiedRows.isEmpty()) {
        std::sort(emptiedRows.begin(), emptiedRows.end());
        for (int &row : changedRows)
            row -= int(std::lower_bound(emptiedRows.cbegin(), emptiedRows.cend(), row) -
                       emptiedRows.cbegin());
    }
    if (panelsChanged)
        updateAllPanels();
    for (const QString &key : std::as_const(keys)) {
        if (const int row = m_rowByKey.value(key, -1); row >= 0) {
            for (const int position : arrived.value(key))
                m_rowByPosition[position] = row;
        }
    }
    for (const int row : std::as_const(changedRows)) {
        Test &test = m_tests[row];
        // A result taken out may have named the panel; otherwise the new ones are enough.
        if (touchedRows.contains(row)) {
            updatePanel(test);
        } else if (!panelsChanged) {
            const QList<int> added = arrived.value(test.key);
            for (const int position : added)
                considerForPanel(test, position, timeKey(observationAt(position)));
        }
        test.latestInterpretation = fhir::interpret(latest(test), patient());
        test.lastOutOfRange.reset();
        test.sources.reset();
    }
    emitRowsChanged(changedRows);
    if (newTests.isEmpty())
        return;
    const int first = int(m_tests.size());
    beginInsertRows({}, first, first + int(newTests.size()) - 1);
    for (Test &test : newTests) {
        const int row = int(m_tests.size());
        for (const int position : std::as_const(test.pending))
            m_rowByPosition[position] = row;
        updatePanel(test);
        test.latestInterpretation = fhir::interpret(latest(test), patient());
        test.lastOutOfRange.reset();
        m_rowByKey.insert(test.key, row);
        m_tests.append(std::move(test));
    }
    endInsertRows();
}

void LabTestsModel::onReportsChanged(const record::RecordChange &change)
{
    bool rescan = false;
    QSet<int> changedRows;
    const auto take = [&](int position) {
        const auto &entry = m_store->reportAt(position);
        const QString panel = entry.value.panelName();
        if (!panel.isEmpty())
            rescan =
                !addPanelMembers(entry.key.source, entry.value.resultIds, panel, changedRows) ||
                rescan;
    };
    for (const int position : change.added)
        take(position);
    for (const int position : change.replaced)
        take(position);
    if (rescan) {
        updateAllPanels();
        return;
    }
    emitRowsChanged(changedRows.values());
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
    const Test &test = m_tests.at(row);
    sortResults(test);
    QList<Observation> results;
    results.reserve(test.results.size());
    for (const int position : std::as_const(test.results))
        results.append(observationAt(position));
    return results;
}

LabTestsModel::ResultPositions LabTestsModel::resultPositions(const QString &testKey) const
{
    const int row = rowForTestKey(testKey);
    if (row < 0)
        return {};
    const Test &test = m_tests.at(row);
    sortResults(test);
    return {test.results, test.times}; // shared, not copied
}

LabTestsModel::ResultPositions LabTestsModel::resultPositionsInPanel(const QString &testKey,
                                                                     const QString &panel) const
{
    const int row = rowForTestKey(testKey);
    if (row < 0 || panel.isEmpty() || m_panelByObservationId.isEmpty())
        return {};
    const Test &test = m_tests.at(row);
    if (test.panel.isEmpty()) // none of its results is in any panel
        return {};
    sortResults(test);
    ResultPositions inPanel;
    for (qsizetype i = 0; i < test.results.size(); ++i) {
        const auto found = m_panelByObservationId.constFind(observationAt(test.results.at(i)).id);
        if (found != m_panelByObservationId.cend() && *found == panel) {
            inPanel.positions.append(test.results.at(i));
            inPanel.times.append(test.times.at(i));
        }
    }
    return inPanel;
}

QStringList LabTestsModel::panelNames() const
{
    QSet<QString> names;
    for (const QString &panel : m_panelByObservationId)
        names.insert(panel);
    QStringList sorted(names.cbegin(), names.cend());
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return a.localeAwareCompare(b) < 0; });
    return sorted;
}

LatestLabResult LabTestsModel::latestResult(int row) const
{
    const Test &test = m_tests.at(row);
    const labnames::TestName name = labnames::testName(latest(test).code);
    LatestLabResult result{test.key,
                           latest(test),
                           test.latestInterpretation,
                           panelFor(test),
                           rangeTextFor(test),
                           QString(),
                           test.count(),
                           name.shown,
                           name.technicalName(),
                           spokenRangeFor(test)};
    if (!result.hasRange())
        result.noRangeReason = rangeCellFor(test);
    return result;
}

QString LabTestsModel::flagToolTip(const fhir::Interpretation &interpretation)
{
    if (!interpretation.explanation.isEmpty())
        return interpretation.explanation;
    if (!interpretation.senderText.isEmpty())
        return tr("Flagged by the lab: %1").arg(interpretation.senderText);
    return {};
}

QString LabTestsModel::accessibleText(const LatestLabResult &result)
{
    const QLocale locale;
    const fhir::Interpretation &interpretation = result.interpretation;
    QStringList parts{result.name.isEmpty() ? result.observation.displayName() : result.name,
                      result.observation.valueDisplayString(locale)};
    if (!interpretation.flagText().isEmpty())
        parts << (interpretation.computed
                      ? tr("%1 (computed by Kete)").arg(interpretation.flagText())
                      : interpretation.flagText());
    parts << (result.hasRange() ? tr("normal range %1").arg(result.spokenRange)
                                : result.noRangeReason);
    parts << result.observation.when().toDisplayString(locale);
    return parts.join(QStringLiteral(", "));
}

QString LabTestsModel::rangeDescription(const LatestLabResult &result,
                                        const std::optional<RangePlacement> &placement)
{
    if (!result.hasRange())
        return result.noRangeReason;
    const QString value = result.observation.valueDisplayString(QLocale());
    if (!placement)
        return tr("%1, normal range %2").arg(value, result.spokenRange);
    fhir::NumericRange range;
    range.low = placement->low;
    range.high = placement->high;
    switch (fhir::compareToRange(placement->value, placement->comparator, range)) {
    case fhir::Flag::Low:
        return tr("%1, below the normal range (%2)").arg(value, result.spokenRange);
    case fhir::Flag::High:
        return tr("%1, above the normal range (%2)").arg(value, result.spokenRange);
    case fhir::Flag::Normal:
        return tr("%1, within the normal range (%2)").arg(value, result.spokenRange);
    default:
        return tr("%1, normal range %2").arg(value, result.spokenRange);
    }
}

int LabTestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tests.size());
}

int LabTestsModel::columnCount(const QModelIndex &parent) const
{
    // The source column exists only when the rows can name their sources.
    return parent.isValid() ? 0 : showsSources() ? ColumnCount : SourceColumn;
}

QString LabTestsModel::panelFor(const Test &test) const
{
    return test.panel;
}

QList<const fhir::ReferenceRange *> LabTestsModel::rangesFor(const Test &test) const
{
    const Observation &o = latest(test);
    QList<const fhir::ReferenceRange *> ranges;
    if (o.value.isEmpty() && !o.components.isEmpty() && o.referenceRanges.isEmpty()) {
        // Blood pressure: each part's own range.
        for (const fhir::ObservationComponent &c : o.components) {
            if (const fhir::ReferenceRange *range =
                    fhir::selectReferenceRange(c.referenceRanges, patient(), o.when().date()))
                ranges << range;
        }
    } else if (const fhir::ReferenceRange *range =
                   fhir::selectReferenceRange(o.referenceRanges, patient(), o.when().date())) {
        ranges << range;
    }
    return ranges;
}

QString LabTestsModel::rangeTextFor(const Test &test, fhir::UnitStyle style) const
{
    const QLocale locale;
    QStringList parts; // blood pressure: "≤ 130 mm[Hg] / ≤ 85 mm[Hg]"
    for (const fhir::ReferenceRange *range : rangesFor(test))
        parts << range->toDisplayString(locale, style);
    return parts.join(QStringLiteral(" / "));
}

QString LabTestsModel::rangeCellFor(const Test &test, fhir::UnitStyle style) const
{
    if (const QString range = rangeTextFor(test, style); !range.isEmpty())
        return range;
    const Observation &o = latest(test);
    bool sentAny = !o.referenceRanges.isEmpty();
    for (const fhir::ObservationComponent &c : o.components)
        sentAny = sentAny || !c.referenceRanges.isEmpty();
    // Ranges for another sex or age do not apply; saying "none" would hide that the lab sent some.
    if (sentAny)
        return tr("no range for this patient");
    // A flag beside it comes from Kete's own limits: say which, so the flag has its reason.
    const auto adultLimitsApply = [&](const fhir::ObservationComponent &c) {
        return fhir::adultBloodPressureLimits(c, patient(), o.when().date()).has_value();
    };
    if (std::any_of(o.components.cbegin(), o.components.cend(), adultLimitsApply))
        return tr("no range from the lab; adult limits 90/60–140/90 mmHg used");
    return tr("no range from the lab");
}

QString LabTestsModel::spokenRangeFor(const Test &test) const
{
    const QLocale locale;
    QStringList parts;
    for (const fhir::ReferenceRange *range : rangesFor(test))
        parts << spokenRange(*range, locale);
    return parts.join(QStringLiteral(" / "));
}

std::optional<RangePlacement> LabTestsModel::placementFor(const Test &test) const
{
    return rangePlacement(latest(test), test.latestInterpretation, patient());
}

QList<double> LabTestsModel::recentValues(const Test &test, QList<bool> *converted) const
{
    sortResults(test);
    const DisplayUnit unit = displayUnit(test.key);
    QList<double> values;
    QList<bool> convertedValues;
    for (qsizetype i = test.results.size() - 1; i >= 0 && values.size() < kRecentValueCount; --i) {
        if (const auto value = unit.shown(observationAt(test.results.at(i)))) {
            values.append(value->value);
            convertedValues.append(value->converted);
        }
    }
    std::reverse(values.begin(), values.end());
    std::reverse(convertedValues.begin(), convertedValues.end());
    if (converted)
        *converted = std::move(convertedValues);
    return values;
}

QString LabTestsModel::recentValuesText(const Test &test) const
{
    const QList<double> values = recentValues(test);
    if (values.isEmpty())
        return {};
    const QLocale locale;
    QStringList numbers;
    for (const double value : values)
        numbers << fhir::formatDecimal(value, locale);
    QString text = numbers.join(QStringLiteral(", "));
    fhir::Quantity shownUnit;
    shownUnit.code = displayUnit(test.key).unit;
    if (const QString unit =
            shownUnit.code.isEmpty() ? latest(test).value.unitDisplay() : shownUnit.unitDisplay();
        !unit.isEmpty())
        text += QLatin1Char(' ') + unit;
    return values.size() == 1
               ? tr("One numeric result: %1").arg(text)
               : tr("Last %1 results, oldest first: %2").arg(values.size()).arg(text);
}

qint64 LabTestsModel::lastOutOfRangeTime(const Test &test) const
{
    if (!test.lastOutOfRange) {
        sortResults(test);
        test.lastOutOfRange = std::numeric_limits<qint64>::min();
        for (qsizetype i = test.results.size() - 1; i >= 0; --i) {
            if (fhir::interpret(observationAt(test.results.at(i)), patient()).isOutOfRange()) {
                test.lastOutOfRange = test.times.at(i);
                break;
            }
        }
    }
    return *test.lastOutOfRange;
}

void LabTestsModel::emitRowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void LabTestsModel::emitRowsChanged(const QList<int> &rows)
{
    if (rows.isEmpty())
        return;
    const auto [first, last] = std::minmax_element(rows.cbegin(), rows.cend());
    Q_EMIT dataChanged(index(*first, 0), index(*last, columnCount() - 1));
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
            return labnames::testName(last.code).shown;
        case ValueColumn:
            return last.valueDisplayString(locale);
        case RangeColumn:
            return rangeCellFor(test);
        case FlagColumn:
            return interpretation.flagText();
        case DateColumn:
            return last.when().toDisplayString(locale);
        case CountColumn:
            return locale.toString(qlonglong(test.count()));
        case PanelColumn:
            return panelFor(test);
        case SourceColumn:
            return sourcesAt(test.latest).join(QStringLiteral(", "));
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
        // A critical result stands out from an ordinary high or low in its words too.
        if (index.column() == FlagColumn && interpretation.isCritical()) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == FlagColumn) {
            if (const QString tip = flagToolTip(interpretation); !tip.isEmpty())
                return tip;
        }
        // The technical name behind the plain one: the LOINC long name and code.
        if (index.column() == NameColumn) {
            const labnames::TestName name = labnames::testName(last.code);
            const QString technical = name.technicalName();
            return technical.isEmpty() || technical == name.shown ? name.shown : technical;
        }
        // Long panel names ("Lipid panel with direct LDL - Serum or Plasma") are cut in the
        // table; the whole name is one hover away.
        if (index.column() == PanelColumn || index.column() == RangeColumn)
            return data(index, Qt::DisplayRole);
        if (index.column() == CountColumn)
            return recentValuesText(test);
        if (index.column() == ValueColumn) {
            if (const QStringList names = sourcesAt(test.latest); !names.isEmpty())
                return tr("From %1").arg(QLocale().createSeparatedList(names));
        }
        return {};
    case ExportTextRole:
        // Exports keep the units as the server sent them (UCUM codes), for other programs.
        if (index.column() == ValueColumn)
            return last.valueDisplayString(locale, fhir::UnitStyle::AsSent);
        if (index.column() == RangeColumn)
            return rangeCellFor(test, fhir::UnitStyle::AsSent);
        return {};
    case Qt::AccessibleTextRole:
        return accessibleText(latestResult(index.row()));
    case Qt::AccessibleDescriptionRole:
        if (index.column() == FlagColumn)
            return flagToolTip(interpretation);
        if (index.column() == CountColumn)
            return recentValuesText(test);
        return rangeDescription(latestResult(index.row()), placementFor(test));
    case TestKeyRole:
        return test.key;
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            return labnames::testName(last.code).shown.toCaseFolded();
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
            return int(test.count());
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
    case RangeRole:
        if (const auto placement = placementFor(test))
            return QVariant::fromValue(*placement);
        return {};
    case RecentValuesRole:
        return QVariant::fromValue(recentValues(test));
    case RecentConvertedRole: {
        QList<bool> converted;
        recentValues(test, &converted);
        return QVariant::fromValue(converted);
    }
    case SourcesRole:
        return sourcesOf(test);
    case LastOutOfRangeRole:
        if (const qint64 time = lastOutOfRangeTime(test);
            time != std::numeric_limits<qint64>::min())
            return QDateTime::fromMSecsSinceEpoch(time);
        return QDateTime();
    case StatusBadgeRole:
        return last.statusBadge();
    case SearchTextRole: {
        QStringList words{labnames::testName(last.code).searchText(), panelFor(test)};
        for (const fhir::Coding &c : last.code.codings)
            words << c.code << c.display;
        if (!last.code.text.isEmpty())
            words << last.code.text;
        return words.join(QLatin1Char(' '));
    }
    default:
        return {};
    }
}

QVariant LabTestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // How to read the pictures in the cells, one hover away.
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        if (section == RangeColumn)
            return tr("The bar shows where the latest result falls: the shaded part is the normal "
                      "range, the dot is the result. An arrow means the result is beyond the "
                      "bar's ends; a diamond or a large arrow marks a critical result. No bar "
                      "when the lab gave no range in numbers.");
        if (section == CountColumn)
            return tr("The line shows up to %1 recent results, oldest on the left, over the "
                      "normal range where there is one; the number is how many results there "
                      "are.")
                .arg(kRecentValueCount);
        return {};
    }
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
    case SourceColumn:
        return tr("From");
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

void LabTestsProxyModel::setAbnormalSince(const QDateTime &since)
{
    if (m_abnormalSince == since)
        return;
    m_abnormalSince = since;
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
    if (m_abnormalSince.isValid()) {
        const QDateTime last = index.data(LabTestsModel::LastOutOfRangeRole).toDateTime();
        if (!last.isValid() || last < m_abnormalSince)
            return false;
    }
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
