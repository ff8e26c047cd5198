#include "charts/trendchart.h"

#include "charts/chartlegend.h"
#include "models/charttext.h"

#include <QAreaSeries>
#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QScatterSeries>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace kete::ui {

using models::BucketSize;
using models::ChartBucket;
using models::ChartPoint;
using models::ChartSeries;
using models::LabChartData;
using models::TimeRange;

namespace {

constexpr int kFocusFrameWidth = 2;

constexpr double kMarkerSize = 9.0;
constexpr double kBucketMarkerSize = 7.0;
constexpr int kPointTolerance = 10; // pixels from a result that still count as on it

qreal toX(const QDateTime &time)
{
    return qreal(time.toMSecsSinceEpoch());
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

// Strong enough against either background: red that reads on white and on near-black.
QColor outOfRangeColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x7b, 0x6b) : QColor(0xc0, 0x39, 0x2b);
}

// The normal range, from the palette's highlight: more opaque over a dark background, where a
// faint tint disappears.
QColor bandColor(const QPalette &palette)
{
    QColor color = palette.color(QPalette::Highlight);
    if (isDark(palette)) {
        color = color.lighter(150);
        color.setAlpha(80);
    } else {
        color.setAlpha(50);
    }
    return color;
}

QColor bandEdgeColor(const QPalette &palette)
{
    QColor color = palette.color(QPalette::Highlight);
    if (isDark(palette))
        color = color.lighter(170);
    color.setAlpha(200);
    return color;
}

QString bucketPhrase(BucketSize size)
{
    switch (size) {
    case BucketSize::Day:
        return TrendChart::tr("each day");
    case BucketSize::Week:
        return TrendChart::tr("each week");
    case BucketSize::Month:
        return TrendChart::tr("each month");
    case BucketSize::None:
        break;
    }
    return {};
}

// "70–140 mg/dL", "up to 0.04 ng/mL", "from 60 mL/min".
QString rangeText(std::optional<double> low, std::optional<double> high, const QString &unit)
{
    const QLocale locale;
    QString range;
    if (low && high)
        range = TrendChart::tr("%1–%2").arg(locale.toString(*low), locale.toString(*high));
    else if (high)
        range = TrendChart::tr("up to %1").arg(locale.toString(*high));
    else if (low)
        range = TrendChart::tr("from %1").arg(locale.toString(*low));
    return unit.isEmpty() ? range : range + QLatin1Char(' ') + unit;
}

} // namespace

TrendChart::TrendChart(QWidget *parent)
    : QWidget(parent)
    , m_rangeButtons(new QButtonGroup(this))
    , m_readout(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(tr("Choose a test to see its results over time."), this))
    , m_view(new QChartView(new QChart, this))
    , m_legend(new ChartLegend(this))
    , m_clippedNote(new QGraphicsSimpleTextItem(m_view->chart()))
{
    setObjectName(QStringLiteral("trendChart"));
    setAccessibleName(tr("Trend chart"));
    setFocusPolicy(Qt::StrongFocus);
    m_view->setObjectName(QStringLiteral("trendChartView"));
    m_view->setFocusPolicy(Qt::NoFocus);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->viewport()->setMouseTracking(true);
    m_view->viewport()->installEventFilter(this);
    m_view->installEventFilter(this);
    QChart *chart = m_view->chart();
    chart->legend()->hide(); // ChartLegend wraps instead of cutting entries short
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 8, 8, 4));
    m_clippedNote->setZValue(20);
    m_clippedNote->hide();
    connect(chart, &QChart::plotAreaChanged, this, &TrendChart::placeClippedNote);

    m_empty->setObjectName(QStringLiteral("trendChartEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    m_readout->setObjectName(QStringLiteral("trendChartReadout"));
    m_readout->setWordWrap(true);
    m_readout->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Room for a period's two lines from the start: the chart does not jump under the mouse.
    m_readout->setFixedHeight(m_readout->fontMetrics().lineSpacing() * 2 + 2);
    m_legend->setAccessibleName(tr("Legend"));

    auto *chartPage = new QWidget(m_stack);
    auto *chartLayout = new QVBoxLayout(chartPage);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->setSpacing(2);
    chartLayout->addWidget(m_readout);
    chartLayout->addWidget(m_view, 1);
    chartLayout->addWidget(m_legend);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(chartPage);

    auto *layout = new QVBoxLayout(this);
    // Room for the focus frame (paintEvent): the plot draws its own background over the rest.
    layout->setContentsMargins(kFocusFrameWidth, kFocusFrameWidth, kFocusFrameWidth,
                               kFocusFrameWidth);
    layout->setSpacing(4);
    layout->addWidget(createHeader());
    layout->addWidget(m_stack, 1);
    setMinimumHeight(240);
    clear();
}

QWidget *TrendChart::createHeader()
{
    auto *header = new QWidget(this);
    header->setObjectName(QStringLiteral("trendChartHeader"));
    auto *layout = new QHBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    const std::pair<TimeRange, QString> ranges[] = {
        {TimeRange::ThreeMonths, tr("3 months")},
        {TimeRange::OneYear, tr("1 year")},
        {TimeRange::FiveYears, tr("5 years")},
        {TimeRange::All, tr("All")},
    };
    for (const auto &[range, text] : ranges) {
        auto *button = new QPushButton(text, header);
        button->setCheckable(true);
        button->setAutoDefault(false);
        button->setObjectName(QStringLiteral("trendRange%1").arg(int(range)));
        button->setAccessibleName(range == TimeRange::All
                                      ? tr("Show all results")
                                      : tr("Show the last %1 up to the latest result").arg(text));
        // The chosen range reads in bold too: a pressed look alone is faint in some styles.
        connect(button, &QAbstractButton::toggled, button, [button](bool checked) {
            QFont font = button->font();
            font.setBold(checked);
            button->setFont(font);
        });
        button->setChecked(range == m_range);
        m_rangeButtons->addButton(button, int(range));
        layout->addWidget(button);
    }
    // One choice, like radio buttons: Tab reaches the chosen range, the arrow keys change it.
    m_rangeButtons->setExclusive(true);
    connect(m_rangeButtons, &QButtonGroup::idClicked, this,
            [this](int id) { setTimeRange(TimeRange(id)); });
    layout->addStretch(1);
    return header;
}

QChart *TrendChart::chart() const
{
    return m_view->chart();
}

QAbstractButton *TrendChart::timeRangeButton(TimeRange range) const
{
    return m_rangeButtons->button(int(range));
}

void TrendChart::setTimeRange(TimeRange range)
{
    if (QAbstractButton *button = timeRangeButton(range))
        button->setChecked(true);
    if (range == m_range)
        return;
    m_range = range;
    rebuild();
}

void TrendChart::enableTimeRanges(bool enabled)
{
    // As in a group of radio buttons, only the chosen range is in the Tab chain (Qt moves it
    // with the check); enabling buttons one by one can leave it on another.
    for (QAbstractButton *button : m_rangeButtons->buttons()) {
        button->setEnabled(enabled);
        const int policy = button->focusPolicy();
        button->setFocusPolicy(
            Qt::FocusPolicy(button->isChecked() ? policy | Qt::TabFocus : policy & ~Qt::TabFocus));
    }
}

void TrendChart::setAggregationEnabled(bool enabled)
{
    if (enabled == m_aggregate)
        return;
    m_aggregate = enabled;
    rebuild();
}

QString TrendChart::emptyText() const
{
    return m_stack->currentWidget() == m_empty ? m_empty->text() : QString();
}

QString TrendChart::clippedIndicatorText() const
{
    return m_clippedNote->isVisible() ? m_clippedNote->text() : QString();
}

QString TrendChart::readout() const
{
    return m_readoutText;
}

void TrendChart::clear()
{
    m_data = {};
    rebuild();
}

void TrendChart::setData(const LabChartData &data)
{
    m_data = data;
    rebuild();
}

void TrendChart::showEmpty(const QString &text)
{
    m_empty->setText(text);
    m_stack->setCurrentWidget(m_empty);
    enableTimeRanges(false);
    setAccessibleDescription(text);
}

int TrendChart::plotWidthEstimate() const
{
    // The view's width less the value axis and margins: known before the chart is laid out.
    return std::max(100, m_view->width() - 90);
}

int TrendChart::timeTickCount() const
{
    // A short date needs about 110 pixels to stay apart from the next one.
    return std::clamp(plotWidthEstimate() / 110 + 1, 3, 8);
}

// What the series of one rebuild add up to, for the legend and the marks drawn last.
struct TrendChart::Marks
{
    QList<LegendEntry> legend;
    // Attached after every result's series: the theme colours each new series by its position.
    QList<QLineSeries *> limitLines;
    bool outOfRange = false;
    bool clipped = false;
};

void TrendChart::rebuild()
{
    reset();
    if (!m_data.hasPoints()) {
        showEmpty(m_data.resultCount > 0 ? tr("This test has no numeric results to chart.")
                                         : tr("Choose a test to see its results over time."));
        return;
    }
    enableTimeRanges(true);
    const LabChartData data = models::withinTimeRange(m_data, m_range);
    applyPalette();
    setUpAxes(data);

    Marks marks;
    if (data.normalLow || data.normalHigh)
        addNormalBand(data, marks);
    const bool several = data.series.size() > 1;
    for (const ChartSeries &input : data.series) {
        if (input.points.isEmpty())
            continue;
        auto *line = new QLineSeries;
        line->setName(input.name);
        const QString name = several ? input.name : QString();
        if (m_bucketSize == BucketSize::None)
            addResults(input, name, line, marks);
        else
            addPeriods(input, name, line, marks);
        if (input.normalLow || input.normalHigh)
            addLimits(input, line->color(), marks);
    }
    finishMarks(marks);
    std::stable_sort(m_targets.begin(), m_targets.end(),
                     [](const HoverTarget &a, const HoverTarget &b) { return a.x < b.x; });
    showClippedNote(data);
    describe(data);
    m_stack->setCurrentIndex(1);
}

void TrendChart::reset()
{
    QChart *chart = m_view->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis), delete axis;
    chart->setTitle(QString());
    m_timeAxis = nullptr;
    m_valueAxis = nullptr;
    m_cursorMarker = nullptr;
    m_targets.clear();
    m_cursor = -1;
    m_bucketSize = BucketSize::None;
    m_scale = {};
    m_clippedNote->hide();
    m_legend->setEntries({});
    showReadout(QString());
}

void TrendChart::applyPalette()
{
    QChart *chart = m_view->chart();
    const QPalette pal = palette();
    chart->setTheme(isDark(pal) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(pal.color(QPalette::Base));
    chart->setBackgroundPen(Qt::NoPen);
    chart->legend()->hide(); // the theme shows it again
}

void TrendChart::setUpAxes(const LabChartData &data)
{
    // Time: the chosen range up to the latest result, or every result.
    const QDateTime last = models::latestTime(data);
    QDateTime first = models::timeRangeStart(m_range, last);
    if (!first.isValid())
        first = models::earliestTime(data);
    QDateTime end = last;
    if (first == last) { // one result: a month either side of it
        first = first.addDays(-30);
        end = last.addDays(30);
    }
    const qint64 pad = std::max<qint64>(first.msecsTo(end) / 40, 86'400'000);
    const QDateTime axisFirst = first.addMSecs(-pad);
    const QDateTime axisLast = end.addMSecs(pad);

    qsizetype mostPoints = 0;
    QList<double> values;
    // Blood pressure has no shared range: each series' limits are kept in view.
    std::optional<double> low = data.normalLow;
    std::optional<double> high = data.normalHigh;
    for (const ChartSeries &series : data.series) {
        mostPoints = std::max(mostPoints, series.points.size());
        for (const ChartPoint &point : series.points)
            values.append(point.value);
        for (const std::optional<double> &limit : {series.normalLow, series.normalHigh}) {
            if (limit) {
                low = std::min(low.value_or(*limit), *limit);
                high = std::max(high.value_or(*limit), *limit);
            }
        }
    }
    m_bucketSize =
        m_aggregate ? models::chooseBucketSize(mostPoints, axisFirst, axisLast, plotWidthEstimate())
                    : BucketSize::None;
    m_scale = models::chooseValueScale(values, low, high);

    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(isDark(pal) ? 50 : 35);
    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setFormat(QLocale().dateFormat(QLocale::ShortFormat));
    m_timeAxis->setTitleText(tr("Date"));
    m_timeAxis->setRange(axisFirst, axisLast);
    m_timeAxis->setTickCount(timeTickCount());
    m_valueAxis = new QValueAxis;
    m_valueAxis->setTitleText(data.unit);
    m_valueAxis->setRange(m_scale.min, m_scale.max);
    m_valueAxis->setTickCount(m_scale.tickCount);
    m_valueAxis->setLabelFormat(QStringLiteral("%g"));
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(m_timeAxis), static_cast<QAbstractAxis *>(m_valueAxis)}) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    m_view->chart()->addAxis(m_timeAxis, Qt::AlignBottom);
    m_view->chart()->addAxis(m_valueAxis, Qt::AlignLeft);
}

void TrendChart::attach(QAbstractSeries *series)
{
    m_view->chart()->addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(m_valueAxis);
}

double TrendChart::clamped(double value) const
{
    return std::min(value, m_scale.max);
}

QLineSeries *TrendChart::horizontalLine(double value, const QPen &pen) const
{
    auto *line = new QLineSeries;
    line->append(toX(m_timeAxis->min()), value);
    line->append(toX(m_timeAxis->max()), value);
    line->setPen(pen);
    return line;
}

QScatterSeries *TrendChart::markers(const QString &objectName,
                                    QScatterSeries::MarkerShape shape) const
{
    const QColor flagged = outOfRangeColor(palette());
    auto *series = new QScatterSeries;
    series->setObjectName(objectName);
    series->setMarkerShape(shape);
    series->setColor(flagged);
    series->setBorderColor(
        shape == QScatterSeries::MarkerShapeTriangle ? palette().color(QPalette::Text) : flagged);
    return series;
}

void TrendChart::attachMarkers(QScatterSeries *series, bool *any)
{
    if (series->count() == 0) {
        delete series;
        return;
    }
    attach(series);
    if (any)
        *any = true;
}

void TrendChart::addNormalBand(const LabChartData &data, Marks &marks)
{
    const QPalette pal = palette();
    const double bandLow = data.normalLow.value_or(m_scale.min);
    const double bandHigh = clamped(data.normalHigh.value_or(m_scale.max));
    auto *band = new QAreaSeries(horizontalLine(bandHigh, QPen()), horizontalLine(bandLow, QPen()));
    band->setName(tr("Normal range"));
    band->setObjectName(QStringLiteral("normalRange"));
    const QPen edge(bandEdgeColor(pal), 1, Qt::DashLine);
    band->setBrush(bandColor(pal));
    band->setPen(edge);
    attach(band);
    marks.legend.append(
        {LegendEntry::Kind::Band,
         tr("Normal range %1").arg(rangeText(data.normalLow, data.normalHigh, data.unit)), edge,
         bandColor(pal)});
}

void TrendChart::addResults(const ChartSeries &input, const QString &seriesName, QLineSeries *line,
                            Marks &marks)
{
    auto *measured = new QScatterSeries;
    measured->setName(input.name);
    measured->setMarkerSize(kMarkerSize);
    auto *outOfRange = markers(QStringLiteral("outOfRange"), QScatterSeries::MarkerShapeRectangle);
    outOfRange->setMarkerSize(kMarkerSize + 2);
    auto *censored = new QScatterSeries;
    censored->setObjectName(QStringLiteral("censored"));
    censored->setName(seriesName.isEmpty() ? tr("Beyond measurable limit")
                                           : tr("%1 beyond measurable limit").arg(seriesName));
    censored->setMarkerSize(kMarkerSize + 1);
    censored->setBrush(Qt::NoBrush);
    auto *above = markers(QStringLiteral("aboveChart"), QScatterSeries::MarkerShapeTriangle);
    above->setMarkerSize(kMarkerSize + 3);
    // A value converted from another unit (another provider's): a ring around its marker.
    auto *converted = new QScatterSeries;
    converted->setObjectName(QStringLiteral("converted"));
    converted->setMarkerSize(kMarkerSize + 7);
    converted->setBrush(Qt::NoBrush);

    for (const ChartPoint &point : input.points) {
        const qreal x = toX(point.time);
        const double y = clamped(point.value);
        line->append(x, y);
        QScatterSeries *target = point.value > m_scale.max ? above
                                 : point.censored          ? censored
                                 : point.outOfRange        ? outOfRange
                                                           : measured;
        target->append(x, y);
        if (point.converted)
            converted->append(x, y);
        m_targets.append({x, y, y, false, models::pointHoverText(point, seriesName)});
    }
    attach(line);
    const QPen pen(line->color(), 2);
    measured->setColor(line->color());
    measured->setBorderColor(line->color());
    censored->setPen(pen);
    marks.legend.append({LegendEntry::Kind::Line, input.name, pen, {}});
    if (censored->count() > 0)
        marks.legend.append({LegendEntry::Kind::Marker, censored->name(), pen, Qt::NoBrush});
    attachMarkers(measured, nullptr);
    attachMarkers(outOfRange, &marks.outOfRange);
    attachMarkers(censored, nullptr);
    attachMarkers(above, &marks.clipped);
    const QPen ring(palette().color(QPalette::Text), 1.5, Qt::DotLine);
    converted->setPen(ring);
    if (converted->count() > 0)
        marks.legend.append(
            {LegendEntry::Kind::Marker, tr("Converted from another unit"), ring, Qt::NoBrush});
    attachMarkers(converted, nullptr);
}

void TrendChart::addPeriods(const ChartSeries &input, const QString &seriesName,
                            QLineSeries *average, Marks &marks)
{
    auto *upper = new QLineSeries;
    auto *lower = new QLineSeries;
    auto *outOfRange = markers(QStringLiteral("outOfRange"), QScatterSeries::MarkerShapeRectangle);
    outOfRange->setMarkerSize(kBucketMarkerSize);
    auto *above = markers(QStringLiteral("aboveChart"), QScatterSeries::MarkerShapeTriangle);
    above->setMarkerSize(kMarkerSize + 3);
    for (const ChartBucket &bucket : models::bucketPoints(input.points, m_bucketSize)) {
        const qreal x = toX(bucket.time);
        upper->append(x, clamped(bucket.max));
        lower->append(x, clamped(bucket.min));
        average->append(x, clamped(bucket.mean));
        if (bucket.high > 0 || bucket.abnormal > 0)
            outOfRange->append(x, clamped(bucket.max));
        if (bucket.low > 0)
            outOfRange->append(x, clamped(bucket.min));
        if (bucket.max > m_scale.max)
            above->append(x, m_scale.max);
        m_targets.append({x, clamped(bucket.min), clamped(bucket.max), true,
                          models::bucketHoverText(bucket, m_bucketSize, input.unit, seriesName)});
    }
    const QString prefix = seriesName.isEmpty() ? QString() : seriesName + QLatin1Char(' ');
    auto *spread = new QAreaSeries(upper, lower);
    spread->setObjectName(QStringLiteral("spread"));
    spread->setName(tr("%1lowest to highest %2").arg(prefix, bucketPhrase(m_bucketSize)));
    average->setObjectName(QStringLiteral("average"));
    average->setName(tr("%1average %2").arg(prefix, bucketPhrase(m_bucketSize)));
    attach(spread);
    attach(average);
    QColor fill = average->color();
    fill.setAlpha(isDark(palette()) ? 110 : 80);
    spread->setBrush(fill);
    spread->setPen(Qt::NoPen);
    const QPen pen(average->color(), 2);
    average->setPen(pen);
    marks.legend.append({LegendEntry::Kind::Band, spread->name(), Qt::NoPen, fill});
    marks.legend.append({LegendEntry::Kind::Line, average->name(), pen, {}});
    attachMarkers(outOfRange, &marks.outOfRange);
    attachMarkers(above, &marks.clipped);
}

void TrendChart::addLimits(const ChartSeries &input, const QColor &color, Marks &marks)
{
    const QPen pen(color, 1.5, Qt::DashLine);
    for (const std::optional<double> &limit : {input.normalLow, input.normalHigh}) {
        if (!limit)
            continue;
        auto *line = horizontalLine(clamped(*limit), pen);
        line->setName(tr("%1 limit").arg(input.name));
        line->setObjectName(QStringLiteral("normalLimit"));
        marks.limitLines.append(line);
    }
    marks.legend.append(
        {LegendEntry::Kind::Line,
         tr("%1 normal %2")
             .arg(input.name, rangeText(input.normalLow, input.normalHigh, input.unit)),
         pen,
         {}});
}

void TrendChart::finishMarks(Marks &marks)
{
    for (QLineSeries *line : std::as_const(marks.limitLines))
        attach(line);
    const QColor flagged = outOfRangeColor(palette());
    const QColor text = palette().color(QPalette::Text);
    if (marks.outOfRange)
        marks.legend.append(
            {LegendEntry::Kind::Marker,
             m_bucketSize == BucketSize::None
                 ? tr("Outside normal range")
                 : tr("A result outside the normal range %1").arg(bucketPhrase(m_bucketSize)),
             QPen(flagged), flagged, QScatterSeries::MarkerShapeRectangle});
    if (marks.clipped)
        marks.legend.append({LegendEntry::Kind::Marker, tr("Above the chart"), QPen(text), flagged,
                             QScatterSeries::MarkerShapeTriangle});
    m_legend->setEntries(marks.legend);

    // The keyboard cursor: a ring around the result it is on.
    m_cursorMarker = new QScatterSeries;
    m_cursorMarker->setObjectName(QStringLiteral("cursor"));
    m_cursorMarker->setMarkerSize(kMarkerSize + 8);
    m_cursorMarker->setBrush(Qt::NoBrush);
    m_cursorMarker->setPen(QPen(text, 2));
    attach(m_cursorMarker);
}

void TrendChart::showClippedNote(const LabChartData &data)
{
    if (!m_scale.isClipped())
        return;
    QString highestLabel;
    for (const ChartSeries &series : data.series)
        for (const ChartPoint &point : series.points)
            if (point.value == m_scale.highestClipped)
                highestLabel = point.label;
    m_clippedNote->setText(models::clippedText(m_scale.clippedAbove, highestLabel));
    m_clippedNote->setBrush(palette().color(QPalette::Text));
    QFont font = this->font();
    font.setBold(true);
    m_clippedNote->setFont(font);
    m_clippedNote->show();
    placeClippedNote();
}

void TrendChart::describe(const LabChartData &data)
{
    qsizetype count = 0;
    for (const ChartSeries &series : data.series)
        count += series.points.size();
    const QLocale locale;
    QStringList description{
        m_data.title.isEmpty() ? tr("Results over time") : m_data.title,
        tr("%1 results from %2 to %3")
            .arg(locale.toString(count),
                 locale.toString(models::earliestTime(data).date(), QLocale::ShortFormat),
                 locale.toString(models::latestTime(data).date(), QLocale::ShortFormat))};
    if (m_bucketSize != BucketSize::None)
        description << tr("drawn as the lowest to highest and the average %1")
                           .arg(bucketPhrase(m_bucketSize));
    if (m_scale.isClipped())
        description << clippedIndicatorText();
    description << tr("Use the left and right arrow keys to read each result");
    setAccessibleDescription(description.join(QStringLiteral("; ")));
    m_view->setAccessibleName(accessibleName());
    m_view->setAccessibleDescription(accessibleDescription());
}

void TrendChart::placeClippedNote()
{
    const QRectF plot = m_view->chart()->plotArea();
    const QRectF box = m_clippedNote->boundingRect();
    m_clippedNote->setPos(plot.right() - box.width() - 4, plot.top() + 2);
}

QPoint TrendChart::viewportPosition(const QDateTime &time, double value) const
{
    if (!m_timeAxis || !m_valueAxis)
        return {};
    const QRectF plot = m_view->chart()->plotArea();
    const double x0 = toX(m_timeAxis->min());
    const double x1 = toX(m_timeAxis->max());
    const double px = plot.left() + (toX(time) - x0) / (x1 - x0) * plot.width();
    const double py = plot.bottom() - (value - m_valueAxis->min()) /
                                          (m_valueAxis->max() - m_valueAxis->min()) * plot.height();
    const QPointF scene = m_view->chart()->mapToScene(QPointF(px, py));
    return m_view->mapFromScene(scene);
}

int TrendChart::hoverTargetAt(const QPoint &viewportPos) const
{
    if (!m_timeAxis || !m_valueAxis || m_targets.isEmpty())
        return -1;
    const QRectF plot = m_view->chart()->plotArea();
    const QPointF at = m_view->chart()->mapFromScene(m_view->mapToScene(viewportPos));
    if (!plot.adjusted(-kPointTolerance, -kPointTolerance, kPointTolerance, kPointTolerance)
             .contains(at))
        return -1;
    const double x0 = toX(m_timeAxis->min());
    const double xScale = plot.width() / (toX(m_timeAxis->max()) - x0);
    const double yScale = plot.height() / (m_valueAxis->max() - m_valueAxis->min());
    const auto px = [&](double x) { return plot.left() + (x - x0) * xScale; };
    const auto py = [&](double y) { return plot.bottom() - (y - m_valueAxis->min()) * yScale; };
    // A period covers its share of the width; a single result only the pixels around it.
    const double periodHalfWidth =
        m_targets.size() > 1 ? plot.width() / double(m_targets.size()) : plot.width() / 2;
    int best = -1;
    double bestDistance = std::numeric_limits<double>::max();
    for (qsizetype i = 0; i < m_targets.size(); ++i) {
        const HoverTarget &target = m_targets.at(i);
        const double dx = std::abs(px(target.x) - at.x());
        const double top = py(target.high);
        const double bottom = py(target.low);
        const double dy = at.y() < top ? top - at.y() : at.y() > bottom ? at.y() - bottom : 0;
        const double tolerance =
            target.period ? std::max<double>(kPointTolerance, periodHalfWidth) : kPointTolerance;
        if (dx > tolerance || dy > kPointTolerance * 2)
            continue;
        const double distance = std::hypot(dx, dy);
        if (!target.period && distance > kPointTolerance)
            continue;
        if (distance < bestDistance) {
            bestDistance = distance;
            best = int(i);
        }
    }
    return best;
}

QString TrendChart::hoverTextAt(const QPoint &viewportPos) const
{
    const int index = hoverTargetAt(viewportPos);
    return index < 0 ? QString() : m_targets.at(index).text;
}

void TrendChart::showReadout(const QString &text)
{
    m_readoutText = text;
    m_readout->setText(text.isEmpty() ? tr("Point at a result, or use the arrow keys, to read "
                                           "its value, flag and date.")
                                      : text);
    m_readout->setForegroundRole(text.isEmpty() ? QPalette::PlaceholderText : QPalette::WindowText);
}

void TrendChart::moveCursorTo(int index)
{
    if (m_targets.isEmpty() || !m_cursorMarker)
        return;
    m_cursor = std::clamp(index, 0, int(m_targets.size()) - 1);
    const HoverTarget &target = m_targets.at(m_cursor);
    m_cursorMarker->clear();
    m_cursorMarker->append(target.x, target.period ? (target.low + target.high) / 2 : target.high);
    showReadout(target.text);
}

bool TrendChart::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::Resize)
        followViewWidth();
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::MouseMove) {
            const QPoint pos = static_cast<QMouseEvent *>(event)->position().toPoint();
            const QString text = hoverTextAt(pos);
            if (text.isEmpty()) {
                QToolTip::hideText();
            } else {
                QToolTip::showText(m_view->viewport()->mapToGlobal(pos), text, m_view->viewport());
                showReadout(text);
            }
        } else if (event->type() == QEvent::Leave) {
            QToolTip::hideText();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TrendChart::keyPressEvent(QKeyEvent *event)
{
    if (m_targets.isEmpty())
        return QWidget::keyPressEvent(event);
    switch (event->key()) {
    case Qt::Key_Left:
        moveCursorTo(m_cursor < 0 ? int(m_targets.size()) - 1 : m_cursor - 1);
        break;
    case Qt::Key_Right:
        moveCursorTo(m_cursor < 0 ? int(m_targets.size()) - 1 : m_cursor + 1);
        break;
    case Qt::Key_Home:
        moveCursorTo(0);
        break;
    case Qt::Key_End:
        moveCursorTo(int(m_targets.size()) - 1);
        break;
    default:
        return QWidget::keyPressEvent(event);
    }
    event->accept();
}

void TrendChart::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    if (m_cursor < 0 && !m_targets.isEmpty())
        moveCursorTo(int(m_targets.size()) - 1); // the latest result first
    update();                                    // the focus frame
}

void TrendChart::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    update();
}

void TrendChart::paintEvent(QPaintEvent *)
{
    // The keyboard cursor's ring on one result is small: a frame in the highlight colour says
    // that the arrow keys now move through the chart, in light and dark mode alike.
    if (!hasFocus())
        return;
    QPainter painter(this);
    painter.setPen(QPen(palette().color(QPalette::Highlight), kFocusFrameWidth));
    painter.setBrush(Qt::NoBrush);
    const qreal inset = kFocusFrameWidth / 2.0;
    painter.drawRect(QRectF(rect()).adjusted(inset, inset, -inset, -inset));
}

void TrendChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

void TrendChart::followViewWidth()
{
    if (!m_timeAxis)
        return;
    m_timeAxis->setTickCount(timeTickCount());
    if (!m_aggregate)
        return;
    // The room for marks changed: the detail may change with it.
    qsizetype mostPoints = 0;
    for (const ChartSeries &series : models::withinTimeRange(m_data, m_range).series)
        mostPoints = std::max(mostPoints, series.points.size());
    if (models::chooseBucketSize(mostPoints, m_timeAxis->min(), m_timeAxis->max(),
                                 plotWidthEstimate()) != m_bucketSize)
        rebuild();
}

} // namespace kete::ui
