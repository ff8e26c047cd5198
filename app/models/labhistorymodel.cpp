#include "models/labhistorymodel.h"

#include <QColor>
#include <QHash>
#include <QLocale>
#include <algorithm>

namespace kete::models {

using fhir::Observation;

LabHistoryModel::LabHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void LabHistoryModel::setResults(const QList<Observation> &results, const fhir::Patient &patient)
{
    beginResetModel();
    m_results.clear();
    m_interpretations.clear();
    for (const Observation &o : results) {
        if (!o.isHidden())
            m_results.append(o);
    }
    std::stable_sort(m_results.begin(), m_results.end(),
                     [](const Observation &a, const Observation &b) {
                         return a.when().toDateTime() > b.when().toDateTime();
                     });
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
    endResetModel();
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
            return o.valueDisplayString(locale);
        case FlagColumn:
            return interpretation.flagText();
        case StatusColumn:
            return o.statusBadge();
        case PerformerColumn:
            return o.performers.join(QStringLiteral(", "));
        case NoteColumn:
            return o.notes.join(QLatin1Char('\n'));
        }
        return QString();
    };
    switch (role) {
    case Qt::DisplayRole:
        return text(index.column());
    case Qt::DecorationRole:
        if (index.column() == FlagColumn && interpretation.isOutOfRange())
            return interpretation.flag == fhir::Flag::Low ||
                           interpretation.flag == fhir::Flag::CriticalLow
                       ? QColor(0x15, 0x65, 0xc0)
                       : QColor(0xc6, 0x28, 0x28);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == FlagColumn && interpretation.computed)
            return tr("Computed by Kete from the reference range; the lab did not flag it.");
        if (index.column() == NoteColumn)
            return text(NoteColumn);
        return {};
    case Qt::AccessibleTextRole: {
        QStringList parts{text(DateColumn), text(ValueColumn)};
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
            if (const auto v = o.value.numeric())
                return *v;
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
    default:
        return {};
    }
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
    }
    return {};
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
    return p;
}

} // namespace

LabChartData chartData(const QList<Observation> &results, const fhir::Patient &patient)
{
    LabChartData chart;
    QList<Observation> visible;
    for (const Observation &o : results) {
        if (!o.isHidden() && o.when().isValid())
            visible.append(o);
    }
    std::stable_sort(visible.begin(), visible.end(),
                     [](const Observation &a, const Observation &b) {
                         return a.when().toDateTime() < b.when().toDateTime();
                     });
    if (visible.isEmpty())
        return chart;
    chart.title = visible.constLast().displayName();

    if (fhir::isBloodPressure(visible.constFirst())) {
        const std::pair<QLatin1String, QString> parts[] = {
            {fhir::kLoincSystolic, LabHistoryModel::tr("Systolic")},
            {fhir::kLoincDiastolic, LabHistoryModel::tr("Diastolic")},
        };
        for (const auto &[code, name] : parts) {
            ChartSeries series{name, QString(), {}};
            for (const Observation &o : std::as_const(visible)) {
                const fhir::ObservationComponent *c = o.component(code);
                if (!c)
                    continue;
                fhir::Interpretation interpretation;
                interpretation.flag = fhir::flagFromInterpretationCodes(c->interpretation);
                if (interpretation.flag == fhir::Flag::None && c->value.numeric()) {
                    if (const auto *range = fhir::selectReferenceRange(c->referenceRanges, patient,
                                                                       o.when().date()))
                        interpretation.flag = fhir::compareToRange(*c->value.numeric(),
                                                                   c->value.comparator(), *range);
                }
                if (series.unit.isEmpty())
                    series.unit = c->value.unitDisplay();
                // Only same-unit points share the series.
                if (c->value.unitDisplay() != series.unit)
                    continue;
                if (auto p = pointFor(o, c->value, interpretation))
                    series.points.append(*p);
            }
            if (!series.points.isEmpty()) {
                chart.unit = series.unit;
                chart.series.append(series);
            }
        }
        return chart;
    }

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
    series.name = latest->displayName();
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
