#include "models/labhistorymodel.h"

#include "labnames/labnames.h"
#include "models/csvexport.h"
#include "models/labglance.h"

#include <QColor>
#include <QFont>
#include <QHash>
#include <QLocale>
#include <algorithm>
#include <limits>

namespace kete::models {

using fhir::Observation;

LabHistoryModel::LabHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

namespace {

// `results` without hidden ones (and, with `datedOnly`, without undated ones), sorted by time
// (newest first when `newestFirst`), equal times in their given order. The times are read
// once: comparing QDateTimes converts local times again on every comparison.
QList<Observation> sortedVisible(const QList<Observation> &results, bool newestFirst,
                                 bool datedOnly)
{
    QList<qint64> keys;
    QList<int> order;
    keys.reserve(results.size());
    order.reserve(results.size());
    for (int i = 0; i < int(results.size()); ++i) {
        const Observation &o = results.at(i);
        const QDateTime when = o.when().toDateTime();
        keys.append(when.isValid() ? when.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min());
        if (!o.isHidden() && (!datedOnly || o.when().isValid()))
            order.append(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return newestFirst ? keys[a] > keys[b] : keys[a] < keys[b];
    });
    QList<Observation> sorted;
    sorted.reserve(order.size());
    for (const int i : std::as_const(order))
        sorted.append(results.at(i));
    return sorted;
}

} // namespace

void LabHistoryModel::setResults(const QList<Observation> &results, const fhir::Patient &patient,
                                 const QHash<QString, LabResultComments> &comments)
{
    beginResetModel();
    m_results = sortedVisible(results, true, false);
    m_comments = comments;
    m_interpretations.clear();
    m_interpretations.reserve(m_results.size());
    for (const Observation &o : std::as_const(m_results))
        m_interpretations.append(fhir::interpret(o, patient));
    endResetModel();
}

void LabHistoryModel::clear()
{
    beginResetModel();
    m_results.clear();
    m_interpretations.clear();
    m_comments.clear();
    endResetModel();
}

void LabHistoryModel::setPerformerNames(PerformerNames *names)
{
    if (m_performerNames)
        disconnect(m_performerNames, nullptr, this, nullptr);
    m_performerNames = names;
    if (names) {
        connect(names, &PerformerNames::namesChanged, this, [this] {
            if (rowCount() > 0)
                Q_EMIT dataChanged(index(0, PerformerColumn),
                                   index(rowCount() - 1, PerformerColumn));
        });
    }
}

LabResultComments LabHistoryModel::comments(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    const Observation &o = m_results.at(row);
    LabResultComments c = m_comments.value(o.id);
    if (c.notes.isEmpty())
        c.notes = o.notes;
    return c;
}

QString LabHistoryModel::performerText(const Observation &o) const
{
    QStringList names;
    for (const QString &performer : o.performers) {
        const QString name = m_performerNames ? m_performerNames->nameFor(performer)
                                              : performerFallbackName(performer);
        if (!name.isEmpty() && !names.contains(name))
            names << name;
    }
    return names.join(QStringLiteral(", "));
}

int LabHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

int LabHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LabHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Observation &o = m_results.at(index.row());
    const fhir::Interpretation &interpretation = m_interpretations.at(index.row());
    const QLocale locale;
    const auto text = [&](int column) -> QString {
        switch (column) {
        case DateColumn:
            return o.when().toDisplayString(locale);
        case ValueColumn:
            return m_displayUnit.valueText(o, locale);
        case FlagColumn:
            return interpretation.flagText();
        case StatusColumn:
            return o.statusBadge();
        case PerformerColumn:
            return performerText(o);
        case NoteColumn:
            return comments(index.row()).text();
        case SourceColumn:
            return m_sources.value(resultKey(o)).join(QStringLiteral(", "));
        }
        return QString();
    };
    switch (role) {
    case Qt::DisplayRole:
        return text(index.column());
    case ExportTextRole: // units as sent, for CSV
        if (index.column() == ValueColumn)
            return m_displayUnit.valueText(o, locale, fhir::UnitStyle::AsSent);
        return {};
    case Qt::DecorationRole:
        if (index.column() == FlagColumn && interpretation.isOutOfRange())
            return flagColor(interpretation);
        return {};
    case Qt::FontRole:
        // A critical result stands out from an ordinary high or low in its words too.
        if (index.column() == FlagColumn && interpretation.isCritical()) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == FlagColumn && !interpretation.explanation.isEmpty())
            return interpretation.explanation;
        if (index.column() == NoteColumn)
            return text(NoteColumn);
        if (index.column() == ValueColumn)
            return m_displayUnit.convertedFromText(o, locale);
        return {};
    case Qt::AccessibleTextRole: {
        QStringList parts{text(DateColumn), text(ValueColumn)};
        if (const QString from = m_displayUnit.convertedFromText(o, locale); !from.isEmpty())
            parts << from;
        for (const int column : {int(FlagColumn), int(StatusColumn)}) {
            if (const QString t = text(column); !t.isEmpty())
                parts << t;
        }
        return parts.join(QStringLiteral(", "));
    }
    case SortRole:
        if (index.column() == DateColumn)
            return o.when().toDateTime();
        if (index.column() == ValueColumn) {
            if (const auto v = m_displayUnit.shown(o))
                return v->value;
        }
        if (index.column() == FlagColumn)
            return int(interpretation.flag);
        return text(index.column());
    case FlagRole:
        return int(interpretation.flag);
    case OutOfRangeRole:
        return interpretation.isOutOfRange();
    case ComputedFlagRole:
        return interpretation.computed;
    case CensoredRole:
        return o.value.comparator() != fhir::Comparator::None;
    case ObservationIdRole:
        return o.id;
    case StatusBadgeRole:
        return o.statusBadge();
    case ConvertedRole: {
        const auto shown = m_displayUnit.shown(o);
        return shown && shown->converted;
    }
    default:
        return {};
    }
}

bool LabHistoryModel::columnHasContent(int column) const
{
    const int role = column == StatusColumn ? int(StatusBadgeRole) : int(Qt::DisplayRole);
    for (int row = 0; row < rowCount(); ++row) {
        if (!index(row, column).data(role).toString().isEmpty())
            return true;
    }
    return false;
}

QVariant LabHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DateColumn:
        return tr("Date");
    case ValueColumn:
        return tr("Result");
    case FlagColumn:
        return tr("Flag");
    case StatusColumn:
        return tr("Status");
    case PerformerColumn:
        return tr("Performed by");
    case NoteColumn:
        return tr("Note");
    case SourceColumn:
        return tr("From");
    }
    return {};
}

QString LabHistoryModel::resultKey(const fhir::Observation &o)
{
    return o.id + QLatin1Char('\n') + o.when().toDateTime().toString(Qt::ISODateWithMs);
}

namespace {

std::optional<ChartPoint> pointFor(const Observation &o, const fhir::ObservationValue &value,
                                   const fhir::Interpretation &interpretation)
{
    const std::optional<double> number = value.numeric();
    if (!number || !o.when().isValid())
        return std::nullopt;
    ChartPoint p;
    p.time = o.when().toDateTime();
    p.value = *number;
    p.comparator = value.comparator();
    p.censored = p.comparator != fhir::Comparator::None;
    p.outOfRange = interpretation.isOutOfRange();
    p.label = value.toDisplayString(QLocale());
    p.observationId = o.id;
    p.flag = interpretation.flag;
    p.flagText = interpretation.flagText();
    p.when = o.when();
    return p;
}

// Every result that converts into the display unit, charted in it; converted points marked.
LabChartData chartInUnit(LabChartData chart, const QList<Observation> &visible,
                         const fhir::Patient &patient, const DisplayUnit &displayUnit)
{
    const QLocale locale;
    ChartSeries series;
    const Observation *latest = nullptr;
    for (const Observation &o : visible) {
        const auto shown = displayUnit.shown(o);
        if (!shown)
            continue;
        auto p = pointFor(o, o.value, fhir::interpret(o, patient));
        if (!p)
            continue;
        p->value = shown->value;
        p->converted = shown->converted;
        p->label = displayUnit.valueText(o, locale);
        p->convertedFrom = displayUnit.convertedFromText(o, locale);
        series.points.append(*p);
        latest = &o;
    }
    if (!latest)
        return chart;
    series.name = labnames::testName(latest->code).shown;
    fhir::Quantity unit;
    unit.code = displayUnit.unit;
    series.unit = unit.unitDisplay();
    chart.unit = series.unit;
    chart.series.append(series);
    // Ranges stay per result: the newest result's own, only when it is in the chart's unit.
    if (latest->value.unitKey() != displayUnit.unit)
        return chart;
    if (const auto *range =
            fhir::selectReferenceRange(latest->referenceRanges, patient, latest->when().date())) {
        if (range->low && range->low->value)
            chart.normalLow = range->low->value;
        if (range->high && range->high->value)
            chart.normalHigh = range->high->value;
    }
    return chart;
}

// A blood pressure part's limits, as its flag uses them: the range sent with the latest reading
// when it applies to this patient, otherwise the usual adult limits.
void setSeriesLimits(ChartSeries &series, const Observation &reading,
                     const fhir::ObservationComponent &part, const fhir::Patient &patient)
{
    const QDate date = reading.when().date();
    if (const auto *range = fhir::selectReferenceRange(part.referenceRanges, patient, date)) {
        if (range->low && range->low->value)
            series.normalLow = range->low->value;
        if (range->high && range->high->value)
            series.normalHigh = range->high->value;
        return;
    }
    if (!part.referenceRanges.isEmpty())
        return; // sent, but for someone else: the flags use no limits either
    if (const auto limits = fhir::adultBloodPressureLimits(part, patient, date)) {
        series.normalLow = limits->low;
        series.normalHigh = limits->high;
    }
}

} // namespace

LabChartData chartData(const QList<Observation> &results, const fhir::Patient &patient,
                       const DisplayUnit &displayUnit)
{
    LabChartData chart;
    const QList<Observation> visible = sortedVisible(results, false, true);
    if (visible.isEmpty())
        return chart;
    chart.title = labnames::testName(visible.constLast().code).shown;
    chart.resultCount = int(visible.size());

    if (fhir::isBloodPressure(visible.constFirst())) {
        const std::pair<QLatin1String, QString> parts[] = {
            {fhir::kLoincSystolic, LabHistoryModel::tr("Systolic")},
            {fhir::kLoincDiastolic, LabHistoryModel::tr("Diastolic")},
        };
        for (const auto &[code, name] : parts) {
            ChartSeries series{name, QString(), {}};
            const fhir::ObservationComponent *latestPart = nullptr;
            const Observation *latestReading = nullptr;
            for (const Observation &o : std::as_const(visible)) {
                const fhir::ObservationComponent *c = o.component(code);
                if (!c)
                    continue;
                // The same rule as the table's flag, part by part.
                const fhir::Interpretation interpretation =
                    fhir::interpretComponent(o, *c, patient);
                if (series.unit.isEmpty())
                    series.unit = c->value.unitDisplay();
                // Only same-unit points share the series.
                if (c->value.unitDisplay() != series.unit)
                    continue;
                if (auto p = pointFor(o, c->value, interpretation)) {
                    series.points.append(*p);
                    latestPart = c;
                    latestReading = &o;
                }
            }
            if (latestPart)
                setSeriesLimits(series, *latestReading, *latestPart, patient);
            if (!series.points.isEmpty()) {
                chart.unit = series.unit;
                chart.series.append(series);
            }
        }
        return chart;
    }

    if (displayUnit.isSet())
        return chartInUnit(std::move(chart), visible, patient, displayUnit);

    // The most frequent code + unit is what gets charted.
    QHash<QString, int> counts;
    for (const Observation &o : std::as_const(visible)) {
        if (o.value.numeric())
            ++counts[o.codeKey() + QLatin1Char('#') + o.value.unitKey()];
    }
    if (counts.isEmpty())
        return chart;
    QString chosen;
    int best = 0;
    for (const Observation &o : std::as_const(visible)) { // ties: the latest result's unit wins
        const QString key = o.codeKey() + QLatin1Char('#') + o.value.unitKey();
        if (counts.value(key) >= best && o.value.numeric()) {
            best = counts.value(key);
            chosen = key;
        }
    }
    ChartSeries series;
    const Observation *latest = nullptr;
    for (const Observation &o : std::as_const(visible)) {
        if (!o.value.numeric() || o.codeKey() + QLatin1Char('#') + o.value.unitKey() != chosen)
            continue;
        if (auto p = pointFor(o, o.value, fhir::interpret(o, patient)))
            series.points.append(*p);
        latest = &o;
    }
    series.name = labnames::testName(latest->code).shown;
    series.unit = latest->value.unitDisplay();
    chart.unit = series.unit;
    chart.series.append(series);

    if (const auto *range =
            fhir::selectReferenceRange(latest->referenceRanges, patient, latest->when().date())) {
        const QString unit = latest->value.unitKey();
        const auto sameUnit = [&](const std::optional<fhir::Quantity> &q) {
            return q && q->value &&
                   (q->unitKey().isEmpty() || unit.isEmpty() || q->unitKey() == unit);
        };
        if (sameUnit(range->low))
            chart.normalLow = range->low->value;
        if (sameUnit(range->high))
            chart.normalHigh = range->high->value;
    }
    return chart;
}

} // namespace kete::models
